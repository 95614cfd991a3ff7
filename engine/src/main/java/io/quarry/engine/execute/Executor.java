package io.quarry.engine.execute;

import io.quarry.engine.sql.SqlStatement;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowIterator;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/** Runs statements whose single row has a single text column, the response JSON. */
public final class Executor {
    private final SqlClient client;

    public Executor(SqlClient client) {
        this.client = client;
    }

    /** Postgres's plan for a statement, one line of {@code EXPLAIN} output per element. */
    public Future<java.util.List<String>> explain(SqlStatement statement) {
        return client.preparedQuery("EXPLAIN " + statement.text()).execute(Tuple.from(statement.params()))
                .recover(e -> Future.failedFuture(PgErrors.toApiError(e)))
                .map(rows -> {
                    java.util.List<String> lines = new java.util.ArrayList<>();
                    rows.forEach(row -> lines.add(row.getString(0)));
                    return lines;
                });
    }

    public Future<String> json(SqlStatement statement) {
        return client.preparedQuery(statement.text()).execute(Tuple.from(statement.params()))
                .recover(e -> Future.failedFuture(PgErrors.toApiError(e)))
                .map(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    return it.hasNext() ? it.next().getString(0) : null;
                });
    }
}
