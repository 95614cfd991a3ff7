package io.quarry.engine.sql;

import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * SQL text with {@code $n} placeholders and the values for them, in order. A statement that reads session
 * variables takes the session as {@code $1} (JSON), supplied per request; one that reads the answer of the
 * statement before it (a nested insert's read) takes that next; {@code params} follow.
 */
public record SqlStatement(String text, List<Object> params, java.util.Set<String> sessionVariables,
        boolean usesSession, boolean usesPrevious) {
    public SqlStatement {
        Objects.requireNonNull(text, "text");
        params = Collections.unmodifiableList(new java.util.ArrayList<>(params));
        sessionVariables = java.util.Set.copyOf(sessionVariables);
    }

    public SqlStatement(String text, List<Object> params) {
        this(text, params, java.util.Set.of(), false, false);
    }

    /** The parameters for one execution: the session's JSON first when the statement reads it. */
    public List<Object> paramsWith(String sessionJson) {
        return paramsWith(sessionJson, null);
    }

    /** The parameters for one execution: the session's JSON and the previous statement's answer where read. */
    public List<Object> paramsWith(String sessionJson, String previous) {
        if (!usesSession() && !usesPrevious()) {
            return params;
        }
        List<Object> all = new java.util.ArrayList<>(params.size() + 2);
        if (usesSession()) {
            all.add(sessionJson);
        }
        if (usesPrevious()) {
            all.add(Objects.requireNonNull(previous, "previous"));
        }
        all.addAll(params);
        return all;
    }
}
