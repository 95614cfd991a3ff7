package io.quarry.engine.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A subscription's query as one statement for many subscribers (Hasura's multiplexed live queries): the
 * subscribers' session values and parameter values arrive as two text arrays, {@code $1} and {@code $2}, unnested
 * with their ordinality and joined LATERAL to the query, which reads them from its row. The statement's text is the
 * same for every subscriber of one plan; each subscriber only brings its own {@link #values()}, so one statement
 * answers a whole batch of them, a row each, numbered as they were given.
 *
 * @param text             the statement: rows of {@code (subscriber, data)}
 * @param values           one subscriber's parameter values, in order (texts, or text arrays for lists)
 * @param sessionVariables the session variables the query reads
 * @param wholeSession     whether the query reads the whole session (a function taking it)
 */
public record MultiplexedQuery(String text, List<Object> values, Set<String> sessionVariables, boolean wholeSession) {
    private static final String ROW = "_subs";

    public MultiplexedQuery {
        Objects.requireNonNull(text, "text");
        values = Collections.unmodifiableList(new ArrayList<>(values));
        sessionVariables = Set.copyOf(sessionVariables);
    }

    /** The query one row of the multiplexed statement runs, with the values it reads. */
    record Lateral(String text, List<Object> values, Set<String> sessionVariables, boolean wholeSession) {
    }

    static MultiplexedQuery of(Sql query) {
        Lateral lateral = query.multiplex(ROW);
        String text = "SELECT " + ROW + ".subscriber, _result.data FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS "
                + ROW + "(session, params, subscriber) LEFT JOIN LATERAL (" + lateral.text()
                + ") AS _result ON true ORDER BY " + ROW + ".subscriber";
        return new MultiplexedQuery(text, lateral.values(), lateral.sessionVariables(), lateral.wholeSession());
    }

    /** Whether the query reads the session at all. */
    public boolean usesSession() {
        return wholeSession || !sessionVariables.isEmpty();
    }

    /** The statement for a batch: {@code sessions} and {@code params} (JSON texts), one of each per subscriber. */
    public SqlStatement batch(List<String> sessions, List<String> params) {
        return new SqlStatement(text, List.of(sessions.toArray(new String[0]), params.toArray(new String[0])));
    }
}
