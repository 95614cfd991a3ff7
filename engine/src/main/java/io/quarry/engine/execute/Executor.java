package io.quarry.engine.execute;

import io.quarry.engine.sql.SqlStatement;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowIterator;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Runs statements whose single row's first column is the response JSON, as bytes ({@code data}). */
public final class Executor {
    private static final String NO_SESSION = "{}";

    private final Connections connections;
    /** The budget of work that no client request bounds (enum values, explain, v1 commands). */
    private final Budget internal;

    public Executor(Connections connections, Duration timeout) {
        this.connections = connections;
        this.internal = Budget.of(timeout);
    }

    public Future<String> json(SqlStatement statement) {
        return json(statement, NO_SESSION, internal);
    }

    /** As {@link #bytes}, the JSON as a string, for the answers the engine reads itself. */
    public Future<String> json(SqlStatement statement, String sessionJson, Budget budget) {
        return bytes(statement, sessionJson, budget).map(Executor::text);
    }

    /**
     * Runs a statement for a session, whose JSON becomes {@code $1} when the statement reads it, and answers the
     * UTF-8 bytes of its JSON as Postgres sent them.
     */
    public Future<Buffer> bytes(SqlStatement statement, String sessionJson, Budget budget) {
        List<Object> params = statement.paramsWith(sessionJson);
        return connections.with(budget, conn -> conn.preparedQuery(statement.text()).execute(Tuple.from(params)))
                .recover(e -> Future.failedFuture(PgErrors.toApiError(e, statement, params)))
                .map(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    return it.hasNext() ? it.next().getBuffer(0) : null;
                });
    }

    /** An answer's JSON as a string. */
    static String text(Buffer json) {
        return json == null ? null : json.toString(StandardCharsets.UTF_8);
    }

    /**
     * Postgres's plan for a statement run for one session (the JSON of its variables, the statement's {@code $1}),
     * one line of {@code EXPLAIN} output per element.
     */
    public Future<List<String>> explain(SqlStatement statement, String sessionJson) {
        List<Object> params = statement.paramsWith(sessionJson);
        return connections.with(internal, conn -> conn.preparedQuery("EXPLAIN " + statement.text())
                        .execute(Tuple.from(params)))
                .recover(e -> Future.failedFuture(PgErrors.toApiError(e, statement, params)))
                .map(rows -> {
                    List<String> lines = new ArrayList<>();
                    rows.forEach(row -> lines.add(row.getString(0)));
                    return lines;
                });
    }
}
