package io.quarry.engine;

import io.quarry.engine.config.EngineConfig;
import io.quarry.engine.config.Protections;
import io.quarry.engine.config.SubscriptionConfig;
import io.quarry.engine.execute.Connections;
import io.quarry.engine.execute.Polls;
import io.quarry.engine.execute.Liveness;
import io.quarry.engine.http.ConnectionGuard;
import io.quarry.engine.http.HttpApi;
import io.quarry.engine.log.JsonLog;
import io.quarry.engine.metrics.Metrics;
import io.quarry.engine.service.Engine;
import io.quarry.engine.subscribe.LiveQueries;
import io.quarry.engine.subscribe.WebSockets;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A running Quarry server: the database pool, the engine and the HTTP listeners, started and stopped together. */
public final class Quarry {
    private static final long BACKSTOP_SECONDS = 10;
    private final Vertx vertx;
    private final Engine engine;
    private final JsonLog log;
    private final Metrics metrics;
    private final int port;
    private final WebSockets sockets;

    private Quarry(Vertx vertx, Engine engine, int port, JsonLog log, Metrics metrics, WebSockets sockets) {
        this.vertx = vertx;
        this.sockets = sockets;
        this.log = log;
        this.metrics = metrics;
        this.engine = engine;
        this.port = port;
    }

    public static Future<Quarry> start(EngineConfig config) {
        return start(config, JsonLog.stdout());
    }

    public static Future<Quarry> start(EngineConfig config, JsonLog log) {
        return start(config, log, Metrics.create(Optional.empty()));
    }

    /** A server logging to {@code log} and measuring into {@code metrics}, which it closes when it stops. */
    public static Future<Quarry> start(EngineConfig config, JsonLog log, Metrics metrics) {
        return start(config, log, metrics, SubscriptionConfig.defaults());
    }

    /** A server whose subscriptions are served as {@code subscriptions} says. */
    public static Future<Quarry> start(EngineConfig config, JsonLog log, Metrics metrics,
            SubscriptionConfig subscriptions) {
        // Time-zone rules are read from a file the first time they are needed; read them now, so that code running
        // when file descriptors are short (a flood of connections) never fails to load them.
        java.time.ZoneId.systemDefault().getRules();
        Vertx vertx = Vertx.vertx();
        PgConnectOptions connect = PgConnectOptions.fromUri(config.databaseUrl())
                .setCachePreparedStatements(true);
        // Metadata, introspection and the store use a small pool of their own. Each request gets a connection of its
        // own from the query pool for its whole work (never pipelined behind another request's statement), so a slow
        // query holds up nothing but itself; when every connection is busy, requests wait in a bounded queue.
        Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(connect).using(vertx).build();
        Protections limits = config.protections();
        // Postgres's own statement_timeout on the query connections is a backstop only: the engine cancels a
        // statement at its budget; this one ends a statement whose cancel was lost.
        PgConnectOptions queryConnect = new PgConnectOptions(connect).addProperty("statement_timeout",
                String.valueOf(limits.statementTimeout().plusSeconds(BACKSTOP_SECONDS).toMillis()));
        Pool queries = PgBuilder.pool().with(new PoolOptions().setMaxSize(config.poolSize())
                        .setMaxWaitQueueSize(limits.maxConnections())
                        .setConnectionTimeout((int) Math.min(Integer.MAX_VALUE, limits.statementTimeout().toMillis()))
                        .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS))
                .connectingTo(queryConnect).using(vertx).build();
        // One listener per core, all on one port; port 0 (any free port) can only be shared by one.
        int instances = config.port() == 0 ? 1 : Runtime.getRuntime().availableProcessors();
        AtomicInteger boundPort = new AtomicInteger();
        ConnectionGuard guard = new ConnectionGuard(vertx, config.protections());
        metrics.httpConnections(guard::open);
        Liveness liveness = new Liveness(vertx, connect);
        // Subscriptions are polled on connections of their own, so that polls never wait for requests' connections
        // nor requests for theirs.
        Pool polling = PgBuilder.pool().with(new PoolOptions().setMaxSize(Math.max(1, config.poolSize() / 2))
                        .setMaxWaitQueueSize(limits.maxConnections()))
                .connectingTo(queryConnect).using(vertx).build();
        Polls polls = new Polls(new Connections(vertx, polling), limits.statementTimeout());
        return Engine.start(vertx, pool, queries, config, log, metrics)
                .compose(engine -> {
                    LiveQueries live = new LiveQueries(vertx, engine::state, polls, subscriptions,
                            config.stringifyNumbers(), log);
                    WebSockets sockets = new WebSockets(vertx, engine, live, subscriptions, log);
                    metrics.subscriptions(sockets::open, live::active);
                    return vertx.deployVerticle(
                                    () -> new Listener(engine, config, log, boundPort, guard, liveness, sockets),
                                    new DeploymentOptions().setInstances(instances))
                            .map(id -> new Quarry(vertx, engine, boundPort.get(), log, metrics, sockets));
                })
                .onSuccess(q -> log.info("startup", Map.of("kind", "server", "port", q.port(),
                        "database_url", config.maskedDatabaseUrl(),
                        "admin_secret_set", config.adminSecret().isPresent())))
                .onFailure(e -> {
                    vertx.close();
                    metrics.close();
                });
    }

    public int port() {
        return port;
    }

    public Engine engine() {
        return engine;
    }

    /** The live queries and streams this server polls. */
    public LiveQueries subscriptions() {
        return sockets.liveQueries();
    }

    /**
     * Stops everything; the pool was created with this Vert.x instance, which closes it too. The engine's listening
     * connection is closed first, while the event loops still run; Vert.x is then closed from outside them (a future
     * of one of its contexts could not complete once they are gone).
     */
    public Future<Void> close() {
        sockets.shutdown();
        CompletableFuture<Void> stopped = engine.stop().toCompletionStage().toCompletableFuture();
        return Future.fromCompletionStage(stopped.exceptionally(e -> null)
                .thenComposeAsync(v -> vertx.close().toCompletionStage())).onComplete(done -> {
                    metrics.close();
                    log.close();
                });
    }

    private static final class Listener extends AbstractVerticle {
        private final Engine engine;
        private final EngineConfig config;
        private final JsonLog log;
        private final AtomicInteger boundPort;
        private final ConnectionGuard guard;
        private final Liveness liveness;
        private final WebSockets sockets;

        Listener(Engine engine, EngineConfig config, JsonLog log, AtomicInteger boundPort, ConnectionGuard guard,
                Liveness liveness, WebSockets sockets) {
            this.sockets = sockets;
            this.engine = engine;
            this.config = config;
            this.log = log;
            this.boundPort = boundPort;
            this.guard = guard;
            this.liveness = liveness;
        }

        @Override
        public void start(Promise<Void> started) {
            // A connection silent for the idle timeout between requests is closed by the guard; this backstop only
            // closes one that stays silent longer than a request may take (a request waiting on its statement sends
            // and receives nothing). Cleartext HTTP/2 upgrades are off: they delay the connection's handler until a
            // request is complete, which would let a half-sent request escape the guard.
            Protections limits = config.protections();
            HttpServerOptions options = new HttpServerOptions()
                    .setIdleTimeout((int) Math.min(Integer.MAX_VALUE,
                            limits.idleTimeout().plus(limits.statementTimeout()).toMillis()))
                    .setIdleTimeoutUnit(TimeUnit.MILLISECONDS).setHttp2ClearTextEnabled(false)
                    .setWebSocketSubProtocols(WebSockets.SUB_PROTOCOLS);
            vertx.createHttpServer(options)
                    .connectionHandler(guard.connections())
                    .requestHandler(HttpApi.router(vertx, engine, config, liveness, guard, log, sockets))
                    .listen(config.port(), config.host())
                    .onSuccess((HttpServer server) -> {
                        boundPort.set(server.actualPort());
                        started.complete();
                    })
                    .onFailure(started::fail);
        }
    }
}
