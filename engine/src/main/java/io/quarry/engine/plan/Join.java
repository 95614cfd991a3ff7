package io.quarry.engine.plan;

import java.util.Objects;

/** A join condition: {@code outerColumn} of the enclosing row equals {@code innerColumn} of the joined row. */
public record Join(String outerColumn, String innerColumn) {
    public Join {
        Objects.requireNonNull(outerColumn, "outerColumn");
        Objects.requireNonNull(innerColumn, "innerColumn");
    }
}
