package io.quarry.engine.execute;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What one piece of work may spend in the database: its statements are cancelled when {@code timeout} has passed
 * since it asked for a connection, or as soon as {@code gone} completes (the client hung up). {@code limit} is the
 * time limit the timeout comes from, as the client is told it (a batch's operations share one limit, so each gets
 * what is left of it).
 */
public record Budget(Duration timeout, Duration limit, Optional<Future<Void>> gone) {
    public Budget {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(gone, "gone");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a budget's timeout must be positive");
        }
    }

    /** A budget for work no client waits on: only the timeout bounds it. */
    public static Budget of(Duration timeout) {
        return new Budget(timeout, timeout, Optional.empty());
    }

    /** A budget for a client's request, which stops when {@code gone} completes. */
    public static Budget of(Duration timeout, Duration limit, Future<Void> gone) {
        return new Budget(timeout, limit, Optional.of(gone));
    }
}
