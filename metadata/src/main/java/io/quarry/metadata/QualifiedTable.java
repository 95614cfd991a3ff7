package io.quarry.metadata;

import java.util.Objects;

/** A table or view named by schema and name, as metadata refers to it. */
public record QualifiedTable(String schema, String name) implements Comparable<QualifiedTable> {
    public static final String DEFAULT_SCHEMA = "public";

    public QualifiedTable {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
    }

    public static QualifiedTable of(String name) {
        return new QualifiedTable(DEFAULT_SCHEMA, name);
    }

    /** The name Hasura shows in messages: bare in {@code public}, {@code schema.name} elsewhere. */
    @Override
    public String toString() {
        return DEFAULT_SCHEMA.equals(schema) ? name : schema + "." + name;
    }

    @Override
    public int compareTo(QualifiedTable o) {
        int c = schema.compareTo(o.schema);
        return c != 0 ? c : name.compareTo(o.name);
    }
}
