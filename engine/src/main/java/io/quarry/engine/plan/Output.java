package io.quarry.engine.plan;

import java.util.Objects;

/** A key of a JSON object in the response and the field that computes its value. */
public record Output(String key, Field field) {
    public Output {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(field, "field");
    }
}
