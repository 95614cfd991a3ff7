package io.quarry.engine.sql;

import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** SQL text with {@code $n} placeholders and the values for them, in order. */
public record SqlStatement(String text, List<Object> params) {
    public SqlStatement {
        Objects.requireNonNull(text, "text");
        params = Collections.unmodifiableList(new java.util.ArrayList<>(params));
    }
}
