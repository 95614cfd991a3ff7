package io.quarry.engine.plan;

import io.quarry.engine.model.TableInfo;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Rows of one table: which, in what order, how many, and what to output for each. With {@code distinctOn}, only
 * the first row (in order) of each group of rows equal in those keys (columns, as the role sees them). The rows come from the table itself, or
 * from the {@code source} function that returns rows of it. In an aggregate selection, {@code nodeLimit} caps the
 * rows listed as {@code nodes} (a permission's limit) without changing what the aggregates count.
 */
public record TableSelect(TableInfo table, BoolExp where, List<OrderKey> distinctOn, List<OrderBy> orderBy,
        OptionalLong limit, OptionalLong offset, List<Output> outputs, Optional<FunctionCall> source,
        OptionalLong nodeLimit) {
    public TableSelect {
        Objects.requireNonNull(nodeLimit, "nodeLimit");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(where, "where");
        distinctOn = List.copyOf(distinctOn);
        orderBy = List.copyOf(orderBy);
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(offset, "offset");
        outputs = List.copyOf(outputs);
    }
}
