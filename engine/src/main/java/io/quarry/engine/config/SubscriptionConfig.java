package io.quarry.engine.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How subscriptions are served: live queries are polled every {@code refetchInterval}, one statement for up to
 * {@code batchSize} subscribers of a plan; WebSocket clients get a keep-alive message every {@code keepAlive} and
 * must send {@code connection_init} within {@code initTimeout} ({@code graphql-transport-ws}).
 */
public record SubscriptionConfig(Duration refetchInterval, int batchSize, Duration keepAlive, Duration initTimeout) {
    public SubscriptionConfig {
        Objects.requireNonNull(refetchInterval, "refetchInterval");
        Objects.requireNonNull(keepAlive, "keepAlive");
        Objects.requireNonNull(initTimeout, "initTimeout");
        if (refetchInterval.toMillis() < 1) {
            throw new IllegalArgumentException("the refetch interval must be at least 1 ms, not " + refetchInterval);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("the batch size must be at least 1, not " + batchSize);
        }
        if (keepAlive.toMillis() < 1 || initTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("the keep-alive and init timeout must be positive");
        }
    }

    /** Hasura's defaults: 1 s, 100 subscribers, a keep-alive every 5 s, 3 s to initialise. */
    public static SubscriptionConfig defaults() {
        return new SubscriptionConfig(Duration.ofSeconds(1), 100, Duration.ofSeconds(5), Duration.ofSeconds(3));
    }

    public SubscriptionConfig withRefetchInterval(Duration interval) {
        return new SubscriptionConfig(interval, batchSize, keepAlive, initTimeout);
    }

    public SubscriptionConfig withBatchSize(int size) {
        return new SubscriptionConfig(refetchInterval, size, keepAlive, initTimeout);
    }

    public SubscriptionConfig withKeepAlive(Duration every) {
        return new SubscriptionConfig(refetchInterval, batchSize, every, initTimeout);
    }

    public SubscriptionConfig withInitTimeout(Duration timeout) {
        return new SubscriptionConfig(refetchInterval, batchSize, keepAlive, timeout);
    }
}
