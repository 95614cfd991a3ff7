package io.quarry.engine.http;

import io.quarry.engine.config.Protections;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps idle and slow clients from holding the server's sockets and memory. At most {@code maxConnections}
 * connections are open at once (more are closed as they arrive, and never so many that the process runs out of
 * file descriptors). A connection must send a request's headers and body within the idle timeout of opening or of
 * its previous answer; while its request is being answered (a statement may take long) no clock runs, the statement
 * timeout bounds it. Request bodies held in memory across all connections are bounded too. One guard serves every
 * listener of a server; one periodic sweep, not a timer per request, closes the connections past their deadline.
 */
public final class ConnectionGuard {
    /** File descriptors kept for the database pool, the jars, logs and the webhook client. */
    private static final long RESERVED_DESCRIPTORS = 256;
    private static final long NO_DEADLINE = Long.MAX_VALUE;

    /** A connection's requests in flight and the time by which it must have sent what it owes. */
    private static final class State {
        volatile int inFlight;
        volatile long deadline;
    }

    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong bufferedBytes = new AtomicLong();
    private final Map<HttpConnection, State> connections = new ConcurrentHashMap<>();
    private final int maxConnections;
    private final long maxBufferedBytes;
    private final long idleNanos;

    public ConnectionGuard(Vertx vertx, Protections protections) {
        this.maxConnections = (int) Math.min(protections.maxConnections(), descriptorBound());
        this.maxBufferedBytes = Math.max(256L * 1024 * 1024, 2 * protections.maxBodyBytes());
        this.idleNanos = protections.idleTimeout().toNanos();
        long sweep = Math.max(50, Math.min(1_000, protections.idleTimeout().toMillis() / 4));
        vertx.setPeriodic(sweep, id -> sweep());
    }

    /** The client connections open now. */
    public int open() {
        return open.get();
    }

    public int maxConnections() {
        return maxConnections;
    }

    /** The handler of a server's new connections. */
    public Handler<HttpConnection> connections() {
        return connection -> {
            if (open.incrementAndGet() > maxConnections) {
                open.decrementAndGet();
                connection.close();
                return;
            }
            State state = new State();
            state.deadline = System.nanoTime() + idleNanos;
            connections.put(connection, state);
            connection.closeHandler(v -> {
                open.decrementAndGet();
                connections.remove(connection);
            });
        };
    }

    /** A request's headers arrived: its body must follow within the idle timeout. */
    void requestStarted(HttpConnection connection) {
        State state = connections.get(connection);
        if (state != null) {
            state.inFlight++;
            state.deadline = System.nanoTime() + idleNanos;
        }
    }

    /** A request's body has been read: no clock runs while it is answered. */
    void bodyRead(HttpConnection connection) {
        State state = connections.get(connection);
        if (state != null) {
            state.deadline = NO_DEADLINE;
        }
    }

    /** A request was answered: once none is left, the connection's next request must arrive in time. */
    void requestEnded(HttpConnection connection) {
        State state = connections.get(connection);
        if (state != null && --state.inFlight <= 0) {
            state.inFlight = 0;
            state.deadline = System.nanoTime() + idleNanos;
        }
    }

    /** Takes {@code bytes} of the memory all request bodies share; false when there is not enough left. */
    boolean reserveBody(long bytes) {
        if (bufferedBytes.addAndGet(bytes) > maxBufferedBytes) {
            bufferedBytes.addAndGet(-bytes);
            return false;
        }
        return true;
    }

    void releaseBody(long bytes) {
        bufferedBytes.addAndGet(-bytes);
    }

    private void sweep() {
        long now = System.nanoTime();
        connections.forEach((connection, state) -> {
            if (now - state.deadline > 0 && state.deadline != NO_DEADLINE) {
                connections.remove(connection);
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
