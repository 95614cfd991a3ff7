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
 * connection must complete a request's headers within the idle timeout of opening or of its previous answer.
 * One guard serves every listener of a server.
 */
public final class ConnectionGuard {
    /** File descriptors kept for the database pool, the jars, logs and the webhook client. */
    private static final long RESERVED_DESCRIPTORS = 256;

    private final AtomicInteger open = new AtomicInteger();
    private final Map<HttpConnection, Long> waiting = new ConcurrentHashMap<>();
    private final int maxConnections;
    private final long headerTimeoutMs;

    public ConnectionGuard(Protections protections) {
        this.maxConnections = (int) Math.min(protections.maxConnections(), descriptorBound());
        this.headerTimeoutMs = protections.idleTimeout().toMillis();
    }

    public int maxConnections() {
        return maxConnections;
    }

    /** The handler of a server's new connections. */
    public Handler<HttpConnection> connections(Vertx vertx) {
        return connection -> {
            if (open.incrementAndGet() > maxConnections) {
                open.decrementAndGet();
                connection.close();
                return;
            }
            connection.closeHandler(v -> {
                open.decrementAndGet();
                Long timer = waiting.remove(connection);
                if (timer != null) {
                    vertx.cancelTimer(timer);
                }
            });
            awaitRequest(vertx, connection);
        };
    }

    /** A request's headers arrived: its connection's clock stops until the request has been answered. */
    void requestStarted(Vertx vertx, HttpConnection connection) {
        Long timer = waiting.remove(connection);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
    }

    /** A request was answered: the connection's next request must arrive in time. */
    void requestEnded(Vertx vertx, HttpConnection connection) {
        awaitRequest(vertx, connection);
    }

    public int openConnections() {
        return open.get();
    }

    private void awaitRequest(Vertx vertx, HttpConnection connection) {
        long timer = vertx.setTimer(headerTimeoutMs, id -> {
            if (waiting.remove(connection) != null) {
                connection.close();
            }
        });
        Long previous = waiting.put(connection, timer);
        if (previous != null) {
            vertx.cancelTimer(previous);
        }
    }

    /** Half the process's file descriptors, less a reserve; unbounded where the platform does not say. */
    private static long descriptorBound() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean os) {
            return Math.max(16, os.getMaxFileDescriptorCount() / 2 - RESERVED_DESCRIPTORS);
        }
        return Long.MAX_VALUE;
    }
}
