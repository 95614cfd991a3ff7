package io.quarry.engine.introspect;

import java.util.Objects;

/** A schema-qualified Postgres name (of a relation or a type). */
public record PgName(String schema, String name) implements Comparable<PgName> {
    public PgName {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public int compareTo(PgName o) {
        int c = schema.compareTo(o.schema);
        return c != 0 ? c : name.compareTo(o.name);
    }

    @Override
    public String toString() {
        return schema + "." + name;
    }
}
