package io.quarry.engine.model;

import io.quarry.engine.introspect.PgType;
import java.util.Objects;

/** A column exposed in GraphQL as {@code field}. */
public record ColumnInfo(String name, String field, PgType type, boolean nullable) {
    public ColumnInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(type, "type");
    }
}
