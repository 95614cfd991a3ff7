package io.quarry.engine.execute;

import io.quarry.engine.error.ApiError;
import io.quarry.engine.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.function.Function;

/**
 * Lends a request a connection of its own for its whole work, so that a slow statement never holds up another
 * request's (no pipelining onto busy connections: a request waits only when every connection is busy). The work is
 * bounded by a {@link Budget}: past its timeout, or when the client goes away, the running statement is cancelled
 * through Postgres's cancel protocol. The connection always goes back to the pool, whatever happened.
 */
public final class Connections {
    /** Postgres's SQLSTATE for a statement cancelled on request. */
    private static final String QUERY_CANCELED = "57014";

    private final Vertx vertx;
    private final Pool pool;

    public Connections(Vertx vertx, Pool pool) {
        this.vertx = vertx;
        this.pool = pool;
    }

    /** Runs {@code work} on a connection of its own within {@code budget}. */
    public <T> Future<T> with(Budget budget, Function<SqlConnection, Future<T>> work) {
        return new Loan<T>(budget).run(work);
    }

    /** One loan of a connection: the states a request goes through, on the event loop that asked. */
    private final class Loan<T> {
        private final Budget budget;
        private final Promise<T> result = Promise.promise();
        private SqlConnection connection;
        private Future<T> running;
        /** Why the work was stopped early, or null. */
        private ApiError stopped;
        private Future<Void> cancelling = Future.succeededFuture();
        private long timer;

        Loan(Budget budget) {
            this.budget = budget;
        }

        Future<T> run(Function<SqlConnection, Future<T>> work) {
            timer = vertx.setTimer(budget.timeout().toMillis(), id -> stop(new ApiError(ErrorCode.UNEXPECTED, "$",
                    "the request took longer than its time limit (" + describe(budget.timeout().toMillis())
                            + ") and was cancelled")));
            budget.gone().onComplete(v -> stop(new ApiError(ErrorCode.UNEXPECTED, "$", "the client went away")));
            pool.getConnection().onComplete(acquired -> {
                if (acquired.failed()) {
                    vertx.cancelTimer(timer);
                    result.tryFail(PgErrors.toApiError(acquired.cause()));
                    return;
                }
                connection = acquired.result();
                if (stopped != null) {
                    connection.close();
                    return;
                }
                try {
                    running = work.apply(connection);
                } catch (RuntimeException e) {
                    running = Future.failedFuture(e);
                }
                running.onComplete(done -> finish());
            });
            return result.future();
        }

        /** Stops the work: before it has a connection, by failing; after, by cancelling its statement. */
        private void stop(ApiError why) {
            if (stopped != null || result.future().isComplete() || running != null && running.isComplete()) {
                return;
            }
            stopped = why;
            if (connection == null) {
                result.tryFail(why);
            } else if (connection instanceof PgConnection pg) {
                cancelling = pg.cancelRequest().recover(e -> Future.succeededFuture());
            }
        }

        /**
         * Answers once the work is done. A cancel request is waited for before the connection is returned, so that it
         * can never reach a statement of the next request on that connection (Postgres ignores a cancel that reaches
         * an idle connection).
         */
        private void finish() {
            vertx.cancelTimer(timer);
            cancelling.onComplete(c -> {
                connection.close();
                if (running.succeeded()) {
                    result.tryComplete(running.result());
                } else if (stopped != null && isCancel(running.cause())) {
                    result.tryFail(stopped);
                } else {
                    result.tryFail(running.cause());
                }
            });
        }
    }

    private static boolean isCancel(Throwable e) {
        return e instanceof PgException pg && QUERY_CANCELED.equals(pg.getSqlState());
    }

    private static String describe(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
