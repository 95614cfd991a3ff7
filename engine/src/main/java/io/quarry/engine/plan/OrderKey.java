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

    /** {@code count} of the rows an array relationship leads to, or a function of one of their columns. */
    record Aggregate(TableInfo table, List<Join> join, String function, Optional<String> column) implements OrderKey {
        public Aggregate {
            Objects.requireNonNull(table, "table");
            join = List.copyOf(join);
            Objects.requireNonNull(function, "function");
            Objects.requireNonNull(column, "column");
        }
    }
}
