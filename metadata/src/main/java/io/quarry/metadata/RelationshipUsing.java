package io.quarry.metadata;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** How a relationship joins its table to the remote one. */
public sealed interface RelationshipUsing {

    /**
     * Through a foreign key. Without a table, the key is on this table's {@code columns} (an object relationship);
     * with one, the key is on the remote {@code table}'s columns and points back here.
     */
    record ForeignKey(Optional<QualifiedTable> table, List<String> columns) implements RelationshipUsing {
        public ForeignKey {
            Objects.requireNonNull(table, "table");
            columns = List.copyOf(columns);
            if (columns.isEmpty()) {
                throw new IllegalArgumentException("a foreign key relationship needs at least one column");
            }
        }
    }

    /**
     * A column mapping given by hand: this table's column to the remote table's column. {@code insertionOrder}
     * ({@code before_parent}, the default, or {@code after_parent}) says whether a nested insert writes an object
     * relationship's row before the row that refers to it or after it.
     */
    record Manual(QualifiedTable remoteTable, Map<String, String> columnMapping, Optional<String> insertionOrder)
            implements RelationshipUsing {
        public static final String AFTER_PARENT = "after_parent";

        public Manual {
            Objects.requireNonNull(remoteTable, "remoteTable");
            Objects.requireNonNull(insertionOrder, "insertionOrder");
            columnMapping = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columnMapping));
            if (columnMapping.isEmpty()) {
                throw new IllegalArgumentException("a manual relationship needs at least one column mapping");
            }
        }
    }
}
