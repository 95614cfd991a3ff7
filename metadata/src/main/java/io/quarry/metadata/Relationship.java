package io.quarry.metadata;

import java.util.Objects;
import java.util.Optional;

/** A named relationship of a tracked table: many-to-one ({@code OBJECT}) or one-to-many ({@code ARRAY}). */
public record Relationship(String name, Kind kind, RelationshipUsing using, Optional<String> comment) {
    public enum Kind { OBJECT, ARRAY }

    public Relationship {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(using, "using");
        Objects.requireNonNull(comment, "comment");
    }
}
