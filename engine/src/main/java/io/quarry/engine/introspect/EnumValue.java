package io.quarry.engine.introspect;

import java.util.Objects;
import java.util.Optional;

/** A row of an enum table: its value and the comment that describes it. */
public record EnumValue(String value, Optional<String> comment) {
    public EnumValue {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(comment, "comment");
    }
}
