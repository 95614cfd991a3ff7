package io.quarry.engine.plan;

import io.quarry.engine.model.TableInfo;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What rows are ordered by: a column, a column of a related row, or an aggregate of related rows. Related rows are
 * those the role may read ({@code where}, the permission's filter of their table), and a value an inherited role
 * sees in some rows only orders as it is seen ({@link Redacted}), as Hasura orders.
 */
public sealed interface OrderKey {

    record Column(String column) implements OrderKey {
        public Column {
            Objects.requireNonNull(column, "column");
        }
    }

    /** A key of the row an object relationship leads to, when the role may read that row (null otherwise). */
    record Related(TableInfo table, List<Join> join, BoolExp where, OrderKey key) implements OrderKey {
        public Related {
            Objects.requireNonNull(table, "table");
            join = List.copyOf(join);
            Objects.requireNonNull(where, "where");
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
     * {@code source}) and the role may read ({@code where}), or a function of one of their columns.
     */
    record Aggregate(TableInfo table, List<Join> join, Optional<FunctionCall> source, BoolExp where, String function,
            Optional<Operand> column) implements OrderKey {
        public Aggregate {
            Objects.requireNonNull(table, "table");
            join = List.copyOf(join);
            Objects.requireNonNull(where, "where");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(function, "function");
            Objects.requireNonNull(column, "column");
        }
    }

    /** A key of the row (a column or a computed field) an inherited role sees only where {@code shown} holds. */
    record Redacted(OrderKey key, BoolExp shown) implements OrderKey {
        public Redacted {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(shown, "shown");
        }
    }
}
