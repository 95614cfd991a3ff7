package io.quarry.engine.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarry.engine.auth.CacheKeys;
import io.quarry.engine.error.ApiError;
import io.quarry.metadata.ApiLimits;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Counts requests per role and client over a sliding minute, as Hasura's rate limit does. Each client keeps two
 * counters (this minute and the last), and the last minute's weighs by how much of it still falls in the window:
 * constant memory per client, and at most {@link #MAX_CLIENTS} clients remembered, the least recent forgotten first.
 */
public final class RateLimiter {
    static final long MAX_CLIENTS = 100_000;
    private static final long MINUTE = 60_000;

    private final Cache<String, Window> windows;
    private final LongSupplier clock;

    public RateLimiter() {
        this(System::currentTimeMillis);
    }

    RateLimiter(LongSupplier clock) {
        this.clock = clock;
        this.windows = Caffeine.newBuilder().maximumSize(MAX_CLIENTS).expireAfterAccess(Duration.ofMinutes(2)).build();
    }

    /**
     * Counts one request of {@code role} against {@code limit}, or refuses it. Clients are told apart by
     * {@code address} or the listed session variables, as the limit's unique parameters say.
     */
    public void admit(String role, ApiLimits.RateLimit limit, Optional<String> address, Map<String, String> session) {
        StringBuilder key = new StringBuilder(role);
        if (limit.uniqueParams().isPresent()) {
            if (limit.uniqueParams().get() instanceof ApiLimits.UniqueParams.SessionVariables vars) {
                for (String name : vars.names()) {
                    key.append('\u0000').append(session.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), ""));
                }
            } else {
                key.append('\u0000').append(address.orElse(""));
            }
        }
        // The key is hashed, so that long session values cannot make each counted client take much memory.
        Window window = windows.get(CacheKeys.digest(key.toString()), k -> new Window());
        if (!window.tryCount(clock.getAsLong(), limit.maxReqsPerMin())) {
            throw ApiError.validation("$", "rate limit exceeded: at most " + limit.maxReqsPerMin()
                    + " requests a minute are allowed for role \"" + role + "\"");
        }
    }

    private static final class Window {
        private long minute = -1;
        private long current;
        private long previous;

        synchronized boolean tryCount(long now, int max) {
            long thisMinute = now / MINUTE;
            if (thisMinute != minute) {
                previous = thisMinute == minute + 1 ? current : 0;
                current = 0;
                minute = thisMinute;
            }
            double elapsed = (double) (now % MINUTE) / MINUTE;
            if (previous * (1 - elapsed) + current >= max) {
                return false;
            }
            current++;
            return true;
        }
    }
}
