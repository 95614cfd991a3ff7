package io.quarry.engine.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds that protect an engine whatever its metadata says: no single client can hold a thread, a connection or
 * memory for long. Metadata's API limits ({@code set_api_limits}) may tighten them per role, never loosen them.
 *
 * @param maxBodyBytes      the largest request body read; larger ones answer 413
 * @param maxFields         the most fields an operation may select once its fragments are expanded
 * @param maxBatch          the most operations in one batched request
 * @param statementTimeout  how long one request's statements may run before they are cancelled
 * @param idleTimeout       how long a connection may stay silent before it is closed (also bounds a slow header)
 * @param maxConnections    the most client connections held open at once; more are closed as they arrive
 * @param enableAllowlist   whether non-admin requests must match a query collection in the allow-list
 */
public record Protections(long maxBodyBytes, int maxFields, int maxBatch, Duration statementTimeout,
        Duration idleTimeout, int maxConnections, boolean enableAllowlist) {

    public Protections {
        Objects.requireNonNull(statementTimeout, "statementTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        positive(maxBodyBytes, "the body limit");
        positive(maxFields, "the field limit");
        positive(maxBatch, "the batch limit");
        positive(maxConnections, "the connection limit");
        positive(statementTimeout.toMillis(), "the statement timeout");
        positive(idleTimeout.toMillis(), "the idle timeout");
    }

    public static Protections defaults() {
        return new Protections(16L * 1024 * 1024, 10_000, 100, Duration.ofSeconds(60), Duration.ofSeconds(60),
                4_096, false);
    }

    public Protections withEnableAllowlist(boolean enable) {
        return new Protections(maxBodyBytes, maxFields, maxBatch, statementTimeout, idleTimeout, maxConnections,
                enable);
    }

    public Protections withStatementTimeout(Duration timeout) {
        return new Protections(maxBodyBytes, maxFields, maxBatch, timeout, idleTimeout, maxConnections,
                enableAllowlist);
    }

    public Protections withIdleTimeout(Duration timeout) {
        return new Protections(maxBodyBytes, maxFields, maxBatch, statementTimeout, timeout, maxConnections,
                enableAllowlist);
    }

    public Protections withMaxConnections(int connections) {
        return new Protections(maxBodyBytes, maxFields, maxBatch, statementTimeout, idleTimeout, connections,
                enableAllowlist);
    }

    public Protections withMaxFields(int fields) {
        return new Protections(maxBodyBytes, fields, maxBatch, statementTimeout, idleTimeout, maxConnections,
                enableAllowlist);
    }

    private static void positive(long value, String what) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be positive, not " + value);
        }
    }
}
