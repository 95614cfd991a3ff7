package io.quarry.engine.execute;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;

/**
 * Whether the database answers, for {@code /healthz}: a fresh connection and {@code SELECT 1}, so that busy pools do
 * not make a healthy database look down. One check runs at a time and its answer serves everyone for a second, so
 * health probes cannot open connections faster than that.
 */
public final class Liveness {
    private static final long FRESH_MS = 1_000;
    private static final long TIMEOUT_MS = 5_000;

    private final Vertx vertx;
    private final PgConnectOptions options;
    private Future<Boolean> last;
    private long lastStarted;

    public Liveness(Vertx vertx, PgConnectOptions options) {
        this.vertx = vertx;
        this.options = new PgConnectOptions(options).setConnectTimeout((int) TIMEOUT_MS);
    }

    public synchronized Future<Boolean> check() {
        long now = System.currentTimeMillis();
        if (last == null || last.isComplete() && now - lastStarted > FRESH_MS) {
            lastStarted = now;
            last = PgConnection.connect(vertx, options)
                    .compose(conn -> conn.query("SELECT 1").execute().eventually(() -> conn.close()))
                    .timeout(TIMEOUT_MS, java.util.concurrent.TimeUnit.MILLISECONDS)
                    .map(rows -> true)
                    .otherwise(false);
        }
        return last;
    }
}
