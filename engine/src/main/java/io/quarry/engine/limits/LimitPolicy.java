package io.quarry.engine.limits;

import io.quarry.engine.config.Protections;
import io.quarry.engine.error.ApiError;
import io.quarry.metadata.ApiLimits;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** The limits that apply to each role under one metadata version. */
public final class LimitPolicy {
    private static final String ADMIN = "admin";

    private final ApiLimits limits;
    private final Protections protections;

    public LimitPolicy(ApiLimits limits, Protections protections) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.protections = Objects.requireNonNull(protections, "protections");
    }

    public Protections protections() {
        return protections;
    }

    private boolean applies(String role) {
        return !limits.disabled() && !ADMIN.equals(role);
    }

    public OptionalInt depth(String role) {
        return applies(role) && limits.depth().isPresent()
                ? OptionalInt.of(limits.depth().get().forRole(role)) : OptionalInt.empty();
    }

    public OptionalInt nodes(String role) {
        return applies(role) && limits.node().isPresent()
                ? OptionalInt.of(limits.node().get().forRole(role)) : OptionalInt.empty();
    }

    /** The most operations in one batched request: the engine's bound, or the role's tighter one. */
    public int batch(String role) {
        int bound = protections.maxBatch();
        if (applies(role) && limits.batch().isPresent()) {
            bound = Math.min(bound, limits.batch().get().forRole(role));
        }
        return bound;
    }

    /**
     * The role's {@code time_limit}, if metadata sets one; the engine's statement timeout bounds every request
     * besides, whatever this says.
     */
    public Optional<Duration> time(String role) {
        if (!applies(role) || limits.time().isEmpty()) {
            return Optional.empty();
        }
        BigDecimal seconds = limits.time().get().forRole(role);
        return Optional.of(Duration.ofMillis(seconds.movePointRight(3).longValue()));
    }

    public Optional<ApiLimits.RateLimit> rate(String role) {
        return applies(role) && limits.rate().isPresent()
                ? Optional.of(limits.rate().get().forRole(role)) : Optional.empty();
    }

    /** Refuses a batch of {@code size} operations that is larger than the role may send. */
    public Optional<ApiError> checkBatch(String role, int size) {
        int max = batch(role);
        return size <= max ? Optional.empty() : Optional.of(ApiError.validation("$",
                "batch limit exceeded: the request has " + size + " operations, the limit is " + max));
    }

    /** Refuses an operation deeper or with more nodes than the role's limits. */
    public void checkShape(String role, int depth, long nodes) {
        OptionalInt maxDepth = depth(role);
        if (maxDepth.isPresent() && depth > maxDepth.getAsInt()) {
            throw ApiError.validation("$", "depth limit exceeded: the operation's depth is " + depth
                    + ", the limit is " + maxDepth.getAsInt());
        }
        OptionalInt maxNodes = nodes(role);
        if (maxNodes.isPresent() && nodes > maxNodes.getAsInt()) {
            throw ApiError.validation("$", "node limit exceeded: the operation has " + nodes
                    + " nodes, the limit is " + maxNodes.getAsInt());
        }
    }
}
