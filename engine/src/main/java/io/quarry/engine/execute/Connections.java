package io.quarry.engine.execute;

import io.quarry.engine.error.ApiError;
import io.quarry.engine.error.ErrorCode;
import io.quarry.engine.metrics.PoolMeter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.impl.NoStackTraceTimeoutException;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

    /** How long a connection whose statement was cancelled rests before another request may use it. */
    private static final long CANCEL_SETTLE_MS = 250;
    /** How often loans are checked against their deadlines: a timeout fires up to this late. */
    private static final long SWEEP_MS = 50;

    private final Vertx vertx;
    private final Pool pool;
    private final PoolMeter meter;
    /** The loans under way; one periodic check finds those past their deadline (cheaper than a timer each). */
    private final Set<Loan<?>> active = ConcurrentHashMap.newKeySet();

    public Connections(Vertx vertx, Pool pool) {
        this(vertx, pool, PoolMeter.NONE);
    }

    /** Connections whose loans (the wait for each, and how many are out) are reported to {@code meter}. */
    public Connections(Vertx vertx, Pool pool, PoolMeter meter) {
        this.vertx = vertx;
        this.pool = pool;
        this.meter = meter;
        vertx.setPeriodic(SWEEP_MS, id -> sweep());
    }

    private void sweep() {
        if (active.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        for (Loan<?> loan : active) {
            if (now - loan.deadline > 0) {
                active.remove(loan);
                loan.context.runOnContext(v -> loan.stop(loan.timeout()));
            }
        }
    }

    /** Runs {@code work} on a connection of its own within {@code budget}. */
    public <T> Future<T> with(Budget budget, Function<SqlConnection, Future<T>> work) {
        return new Loan<T>(budget, vertx.getOrCreateContext()).run(work);
    }

    /**
     * One loan of a connection: the states a request goes through, all on the context that asked (the sweep hands its
     * timeout over to that context).
     */
    private final class Loan<T> {
        private final Budget budget;
        private final Context context;
        private final long deadline;
        private final Promise<T> result = Promise.promise();
        private SqlConnection connection;
        private Future<T> running;
        /** Why the work was stopped early, or null. */
        private ApiError stopped;
        private Future<Void> cancelling = Future.succeededFuture();

        Loan(Budget budget, Context context) {
            this.budget = budget;
            this.context = context;
            this.deadline = System.nanoTime() + budget.timeout().toNanos();
        }

        ApiError timeout() {
            return new ApiError(ErrorCode.UNEXPECTED, "$", "the request took longer than its time limit ("
                    + describe(budget.limit().toMillis()) + ") and was cancelled");
        }

        Future<T> run(Function<SqlConnection, Future<T>> work) {
            active.add(this);
            budget.gone().ifPresent(gone -> gone.onComplete(v -> stop(new ApiError(ErrorCode.UNEXPECTED, "$",
                    "the client went away"))));
            long asked = System.nanoTime();
            pool.getConnection().onComplete(acquired -> {
                if (acquired.failed()) {
                    active.remove(this);
                    result.tryFail(unavailable(acquired.cause()));
                    return;
                }
                connection = acquired.result();
                meter.acquired(System.nanoTime() - asked);
                // A lost connection fails the statement running on it, whose error is logged with its request; without
                // a handler the client would also print the loss raw to standard output, outside the JSON log.
                connection.exceptionHandler(e -> { });
                if (stopped != null) {
                    active.remove(this);
                    connection.close().onComplete(closed -> meter.released());
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
                active.remove(this);
                result.tryFail(why);
            } else if (connection instanceof PgConnection pg) {
                cancelling = pg.cancelRequest().recover(e -> Future.succeededFuture()).compose(v -> settled());
            }
        }

        /**
         * Answers once the work is done, and gives the connection back. After a cancel, the connection is kept a
         * moment longer: the cancel request is only sent when its future completes, and Postgres ignores a cancel
         * that reaches an idle connection, so it can never stop the next request's statement on that connection.
         */
        private void finish() {
            active.remove(this);
            if (running.succeeded()) {
                result.tryComplete(running.result());
            } else if (stopped != null && isCancel(running.cause())) {
                result.tryFail(stopped);
            } else {
                result.tryFail(running.cause());
            }
            cancelling.onComplete(c -> connection.close().onComplete(closed -> meter.released()));
        }

        private Future<Void> settled() {
            Promise<Void> settled = Promise.promise();
            vertx.setTimer(CANCEL_SETTLE_MS, id -> settled.complete());
            return settled.future();
        }
    }

    /**
     * Why no connection was lent: the error as it is when every connection stayed busy or the wait ran out of time;
     * Hasura's {@code connection error} when connecting failed (the database is down, or refuses connections).
     */
    private static ApiError unavailable(Throwable cause) {
        if (cause instanceof ConnectionPoolTooBusyException || cause instanceof NoStackTraceTimeoutException) {
            return ApiError.unexpected("no database connection is available (the database is busy or unreachable); "
                    + "try again shortly", cause);
        }
        return new ApiError(ErrorCode.POSTGRES_ERROR, "$", "connection error")
                .withInternal(Map.of("connection_error", String.valueOf(cause.getMessage())), cause);
    }

    private static boolean isCancel(Throwable e) {
        return e instanceof PgException pg && QUERY_CANCELED.equals(pg.getSqlState());
    }

    /** A time limit as a client reads it: whole seconds, or milliseconds. */
    public static String describe(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
