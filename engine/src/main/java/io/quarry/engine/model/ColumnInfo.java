package io.quarry.engine.model;

import io.quarry.engine.introspect.PgType;
import io.quarry.metadata.QualifiedTable;
import java.util.Objects;
import java.util.Optional;

/**
 * A column exposed in GraphQL as {@code field}; {@code enumTable} names the enum table its values come from, when
 * a foreign key ties it to one; {@code description} is its comment in the metadata's {@code column_config}, else in
 * Postgres.
 */
public record ColumnInfo(String name, String field, PgType type, boolean nullable, Optional<QualifiedTable> enumTable,
        Optional<String> description) {
    public ColumnInfo {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(enumTable, "enumTable");
    }
}
