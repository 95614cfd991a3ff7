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
 * @param inferFunctionPermissions whether a role sees the query functions over tables it may read without a function
 *                         permission (Hasura's {@code HASURA_GRAPHQL_INFER_FUNCTION_PERMISSIONS}, true by default);
 *                         when false, like mutation functions always, they need one
 */
public record Protections(long maxBodyBytes, int maxFields, int maxBatch, Duration statementTimeout,
        Duration idleTimeout, int maxConnections, boolean enableAllowlist, boolean inferFunctionPermissions) {

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

    /** Function permissions inferred, as Hasura infers them by default. */
    public Protections(long maxBodyBytes, int maxFields, int maxBatch, Duration statementTimeout, Duration idleTimeout,
            int maxConnections, boolean enableAllowlist) {
        this(maxBodyBytes, maxFields, maxBatch, statementTimeout, idleTimeout, maxConnections, enableAllowlist, true);
    }

    public static Protections defaults() {
        return new Protections(16L * 1024 * 1024, 10_000, 100, Duration.ofSeconds(60), Duration.ofSeconds(60),
                4_096, false, true);
    }

    public Protections withInferFunctionPermissions(boolean infer) {
        return new Protections(maxBodyBytes, maxFields, maxBatch, statementTimeout, idleTimeout, maxConnections,
                enableAllowlist, infer);
    }

    public Protections withEnableAllowlist(boolean enable) {
        return new Protections(maxBodyBytes, maxFields, maxBatch, statementTimeout, idleTimeout, maxConnections,
                enable, inferFunctionPermissions);
    }

    public Protections withStatementTimeout(Duration timeout) {
        return new Protections(maxBodyBytes, maxFields, maxBatch, timeout, idleTimeout, maxConnections,
                enableAllowlist, inferFunctionPermissions);
    }

    public Protections withIdleTimeout(Duration timeout) {
        return new Protections(maxBodyBytes, maxFields, maxBatch, statementTimeout, timeout, maxConnections,
                enableAllowlist, inferFunctionPermissions);
    }

    public Protections withMaxConnections(int connections) {
        return new Protections(maxBodyBytes, maxFields, maxBatch, statementTimeout, idleTimeout, connections,
                enableAllowlist, inferFunctionPermissions);
    }

    public Protections withMaxFields(int fields) {
        return new Protections(maxBodyBytes, fields, maxBatch, statementTimeout, idleTimeout, maxConnections,
                enableAllowlist, inferFunctionPermissions);
    }

    private static void positive(long value, String what) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be positive, not " + value);
        }
    }
}
