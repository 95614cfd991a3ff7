package io.quarry.engine.introspect;

import java.util.Objects;
import java.util.Optional;

/**
 * A column of a relation. {@code hasDefault} includes identity columns; {@code identityAlways} is an identity column
 * {@code GENERATED ALWAYS}, which Postgres refuses values for, as it refuses them for a generated column.
 */
public record Column(String name, int position, PgType type, boolean nullable, boolean hasDefault, boolean identity,
        boolean generated, Optional<String> comment, boolean identityAlways) {
    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(comment, "comment");
    }
}
