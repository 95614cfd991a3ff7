package io.quarry.engine.subscribe;

import io.quarry.engine.auth.SessionResolver;
import io.quarry.engine.config.SubscriptionConfig;
import io.quarry.engine.log.JsonLog;
import io.quarry.engine.service.Engine;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The GraphQL WebSockets of a server: accepted from every listener, all shut down together. */
public final class WebSockets {
    /** The sub-protocols a server accepts, in the order it prefers them. */
    public static final List<String> SUB_PROTOCOLS = List.of(SubProtocol.TRANSPORT.header, SubProtocol.APOLLO.header);

    private final Vertx vertx;
    private final Engine engine;
    private final LiveQueries liveQueries;
    private final SubscriptionConfig config;
    private final SocketLog log;
    private final Set<GraphqlSocket> open = ConcurrentHashMap.newKeySet();

    public WebSockets(Vertx vertx, Engine engine, LiveQueries liveQueries, SubscriptionConfig config, JsonLog log) {
        this.vertx = vertx;
        this.engine = engine;
        this.liveQueries = liveQueries;
        this.config = config;
        this.log = new SocketLog(log);
    }

    /** Serves an accepted WebSocket; {@code headers} (lower-case names) are the upgrade request's. */
    public void accept(ServerWebSocket socket, Map<String, String> headers, SessionResolver sessions) {
        GraphqlSocket graphql = new GraphqlSocket(this, UUID.randomUUID().toString(), socket, headers, sessions);
        open.add(graphql);
        log.accepted(graphql.connection());
        graphql.open();
    }

    /** The WebSockets open now. */
    public int open() {
        return open.size();
    }

    public LiveQueries liveQueries() {
        return liveQueries;
    }

    /** Completes every subscription and closes every socket: the server is shutting down. */
    public void shutdown() {
        Set.copyOf(open).forEach(GraphqlSocket::shutdown);
        liveQueries.stop();
    }

    void closed(GraphqlSocket socket) {
        if (open.remove(socket)) {
            log.closed(socket.connection());
        }
    }

    SocketLog log() {
        return log;
    }

    Vertx vertx() {
        return vertx;
    }

    Engine engine() {
        return engine;
    }

    SubscriptionConfig config() {
        return config;
    }
}
