package io.quarry.engine.introspect;

import java.util.Objects;
import java.util.Optional;

/**
 * A column's Postgres type. {@code kind} is {@code pg_type.typtype} (b base, e enum, d domain, c composite, r range),
 * {@code category} is {@code pg_type.typcategory} (A array, S string, N numeric, ...). Arrays carry their element type,
 * domains their base type.
 */
public record PgType(PgName name, char kind, char category, Optional<PgType> element, Optional<PgType> base) {
    public PgType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(element, "element");
        Objects.requireNonNull(base, "base");
    }

    public static PgType builtin(String name, char category) {
        return new PgType(new PgName("pg_catalog", name), 'b', category, Optional.empty(), Optional.empty());
    }

    public boolean isArray() {
        return category == 'A' && element.isPresent();
    }

    public boolean isEnum() {
        return kind == 'e';
    }

    /** The type that decides behaviour: a domain behaves as its base type. */
    public PgType underlying() {
        return base.map(PgType::underlying).orElse(this);
    }
}
