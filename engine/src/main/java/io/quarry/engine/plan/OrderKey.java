package io.quarry.engine.plan;

import io.quarry.engine.model.TableInfo;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What rows are ordered by: a column, a column of a related row, or an aggregate of related rows. */
public sealed interface OrderKey {

    record Column(String column) implements OrderKey {
        public Column {
            Objects.requireNonNull(column, "column");
        }
    }

    /** A key of the row an object relationship leads to. */
    record Related(TableInfo table, List<Join> join, OrderKey key) implements OrderKey {
        public Related {
            Objects.requireNonNull(table, "table");
            join = List.copyOf(join);
            Objects.requireNonNull(key, "key");
        }
    }

    /** A scalar computed field of the row. */
    record Computed(FunctionCall call) implements OrderKey {
        public Computed {
            Objects.requireNonNull(call, "call");
        }
    }

    /**
     * {@code count} of the rows an array relationship leads to (or a table computed field returns, its
     * {@code source}), or a function of one of their columns.
     */
    record Aggregate(TableInfo table, List<Join> join, Optional<FunctionCall> source, String function,
            Optional<String> column) implements OrderKey {
        public Aggregate {
            Objects.requireNonNull(table, "table");
            join = List.copyOf(join);
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(function, "function");
            Objects.requireNonNull(column, "column");
        }
    }
}
