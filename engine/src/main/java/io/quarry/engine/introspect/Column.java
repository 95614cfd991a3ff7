package io.quarry.engine.introspect;

import java.util.Objects;
import java.util.Optional;

/** A column of a relation. {@code hasDefault} includes identity columns. */
public record Column(String name, int position, PgType type, boolean nullable, boolean hasDefault, boolean identity,
        boolean generated, Optional<String> comment) {
    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(comment, "comment");
    }
}
