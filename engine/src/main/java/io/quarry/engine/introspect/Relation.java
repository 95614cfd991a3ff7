package io.quarry.engine.introspect;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A table, view, materialized view, foreign table or partitioned table. Its {@code oid} stays the same when it is
 * renamed (as a column's {@code position} does), which is how a rename is told from a drop.
 */
public record Relation(PgName name, Kind kind, List<Column> columns, Optional<Key> primaryKey, List<Key> uniqueKeys,
        List<ForeignKey> foreignKeys, Optional<String> comment, long oid) {

    public enum Kind {
        TABLE, VIEW, MATERIALIZED_VIEW, FOREIGN_TABLE, PARTITIONED_TABLE;

        static Kind of(String relkind) {
            return switch (relkind) {
                case "r" -> TABLE;
                case "v" -> VIEW;
                case "m" -> MATERIALIZED_VIEW;
                case "f" -> FOREIGN_TABLE;
                case "p" -> PARTITIONED_TABLE;
                default -> throw new IllegalArgumentException("relkind " + relkind);
            };
        }
    }

    public Relation {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        columns = List.copyOf(columns);
        Objects.requireNonNull(primaryKey, "primaryKey");
        uniqueKeys = List.copyOf(uniqueKeys);
        foreignKeys = List.copyOf(foreignKeys);
        Objects.requireNonNull(comment, "comment");
    }

    public Optional<Column> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }
}
