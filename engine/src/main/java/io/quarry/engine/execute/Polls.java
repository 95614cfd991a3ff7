package io.quarry.engine.execute;

import io.quarry.engine.sql.SqlStatement;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the statements that poll subscriptions, on connections of their own (never the requests'), so that a slow
 * poll holds up no request: each answers rows of {@code (subscriber, data)}. A poll that could not connect (the
 * database is down, or refuses connections) fails with Hasura's {@code connection error}; one whose statement failed,
 * with the statement's error.
 */
public final class Polls {
    /** One row of a poll: the subscriber's number in its batch (from 1) and its answer. */
    public record Answer(int subscriber, String data) {
    }

    private final Connections connections;
    private final Budget budget;

    public Polls(Connections connections, java.time.Duration timeout) {
        this.connections = connections;
        this.budget = Budget.of(timeout);
    }

    public Future<List<Answer>> run(SqlStatement statement) {
        return connections.with(budget, conn -> conn.preparedQuery(statement.text())
                        .execute(Tuple.from(statement.params())))
                .recover(e -> Future.failedFuture(PgErrors.toApiError(e)))
                .map(rows -> {
                    List<Answer> answers = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        answers.add(new Answer(row.getLong(0).intValue(), Executor.text(row.getBuffer(1))));
                    }
                    return answers;
                });
    }
}
