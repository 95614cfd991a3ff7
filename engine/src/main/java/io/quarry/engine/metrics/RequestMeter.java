package io.quarry.engine.metrics;

import io.vertx.core.AsyncResult;

/**
 * Measures one GraphQL request from its arrival: its operation type is {@code unknown} until the request is known
 * to be a query or a mutation (a request refused before, by authorization, parsing or validation, stays unknown).
 */
public final class RequestMeter {
    private final Metrics metrics;
    private final String role;
    private final long started = System.nanoTime();
    private volatile String operationType = "unknown";

    RequestMeter(Metrics metrics, String role) {
        this.metrics = metrics;
        this.role = role;
    }

    public void query() {
        operationType = "query";
    }

    public void mutation() {
        operationType = "mutation";
    }

    /** Counts the request as answered or failed; a failure also counts under its error code. */
    public void done(AsyncResult<?> result) {
        metrics.graphqlRequest(operationType, role, result.succeeded() ? null : Metrics.code(result.cause()),
                System.nanoTime() - started);
    }
}
