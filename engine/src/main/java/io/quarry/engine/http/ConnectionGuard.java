package io.quarry.engine.http;

import io.quarry.engine.config.Protections;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps idle and slow clients from holding the server's sockets: at most {@code maxConnections} connections are open
 * at once (more are closed as they arrive, and never so many that the process runs out of file descriptors), and a
 * connection with no request in flight must complete a request's headers within the idle timeout of opening or of
 * its previous answer. One guard serves every listener of a server.
 */
public final class ConnectionGuard {
    /** File descriptors kept for the database pool, the jars, logs and the webhook client. */
    private static final long RESERVED_DESCRIPTORS = 256;

    /** A connection's requests in flight and, when it has none, the timer that closes it. */
    private static final class State {
        int inFlight;
        long timer = -1;
    }

    private final AtomicInteger open = new AtomicInteger();
    private final Map<HttpConnection, State> connections = new ConcurrentHashMap<>();
    private final int maxConnections;
    private final long idleMs;

    public ConnectionGuard(Protections protections) {
        this.maxConnections = (int) Math.min(protections.maxConnections(), descriptorBound());
        this.idleMs = protections.idleTimeout().toMillis();
    }

    public int maxConnections() {
        return maxConnections;
    }

    public int openConnections() {
        return open.get();
    }

    /** The handler of a server's new connections. */
    public Handler<HttpConnection> connections(Vertx vertx) {
        return connection -> {
            if (open.incrementAndGet() > maxConnections) {
                open.decrementAndGet();
                connection.close();
                return;
            }
            State state = new State();
            connections.put(connection, state);
            connection.closeHandler(v -> {
                open.decrementAndGet();
                State closed = connections.remove(connection);
                if (closed != null && closed.timer >= 0) {
                    vertx.cancelTimer(closed.timer);
                }
            });
            arm(vertx, connection, state);
        };
    }

    /** A request's headers arrived: its connection's clock stops until every request on it has been answered. */
    void requestStarted(Vertx vertx, HttpConnection connection) {
        State state = connections.get(connection);
        if (state != null) {
            state.inFlight++;
            if (state.timer >= 0) {
                vertx.cancelTimer(state.timer);
                state.timer = -1;
            }
        }
    }

    /** A request was answered: once none is left, the connection's next request must arrive in time. */
    void requestEnded(Vertx vertx, HttpConnection connection) {
        State state = connections.get(connection);
        if (state != null && --state.inFlight == 0) {
            arm(vertx, connection, state);
        }
    }

    private void arm(Vertx vertx, HttpConnection connection, State state) {
        state.timer = vertx.setTimer(idleMs, id -> {
            if (state.timer == id && state.inFlight == 0) {
                connection.close();
            }
        });
    }

    /** Half the process's file descriptors, less a reserve; unbounded where the platform does not say. */
    private static long descriptorBound() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean os) {
            return Math.max(16, os.getMaxFileDescriptorCount() / 2 - RESERVED_DESCRIPTORS);
        }
        return Long.MAX_VALUE;
    }
}
