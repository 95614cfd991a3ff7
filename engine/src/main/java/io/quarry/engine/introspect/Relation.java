package io.quarry.engine.introspect;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A table, view, materialized view, foreign table, partitioned table or partition. Its {@code oid} stays the same
 * when it is renamed (as a column's {@code position} does), which is how a rename is told from a drop. What may be
 * written to it is what Postgres says ({@code pg_relation_is_updatable}, triggers included): everything for a
 * table, nothing for a materialized view, and for a view or foreign table what its definition, rules, triggers or
 * wrapper allow.
 */
public record Relation(PgName name, Kind kind, List<Column> columns, Optional<Key> primaryKey, List<Key> uniqueKeys,
        List<ForeignKey> foreignKeys, Optional<String> comment, long oid, Writes writes) {

    /** Which statements Postgres accepts on the relation. */
    public record Writes(boolean insert, boolean update, boolean delete) {
        public static final Writes ALL = new Writes(true, true, true);

        /** Whether it accepts the statement of a write permission's kind: {@code insert}, {@code update}, {@code delete}. */
        public boolean allows(String kind) {
            return switch (kind) {
                case "insert" -> insert;
                case "update" -> update;
                case "delete" -> delete;
                default -> throw new IllegalArgumentException("not a write: " + kind);
            };
        }
    }

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
        Objects.requireNonNull(writes, "writes");
    }

    public Optional<Column> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }
}
