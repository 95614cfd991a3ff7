package io.quarry.engine.sql;

import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * SQL text with {@code $n} placeholders and the values for them, in order. A statement that reads session
 * variables takes the session as {@code $1} (JSON), supplied per request; {@code params} are then {@code $2...}.
 */
public record SqlStatement(String text, List<Object> params, java.util.Set<String> sessionVariables,
        boolean usesSession) {
    public SqlStatement {
        Objects.requireNonNull(text, "text");
        params = Collections.unmodifiableList(new java.util.ArrayList<>(params));
        sessionVariables = java.util.Set.copyOf(sessionVariables);
    }

    public SqlStatement(String text, List<Object> params) {
        this(text, params, java.util.Set.of(), false);
    }

    /** The parameters for one execution: the session's JSON first when the statement reads it. */
    public List<Object> paramsWith(String sessionJson) {
        if (!usesSession()) {
            return params;
        }
        List<Object> all = new java.util.ArrayList<>(params.size() + 1);
        all.add(sessionJson);
        all.addAll(params);
        return all;
    }
}
