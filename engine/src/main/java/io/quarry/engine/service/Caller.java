package io.quarry.engine.service;

import io.quarry.engine.auth.Session;
import io.vertx.core.Future;
import java.util.Objects;
import java.util.Optional;

/**
 * Who sent a request: its session, the client's address (rate limits may count per address) and a future that
 * completes when the client goes away, so that work done only for it can stop.
 */
public record Caller(Session session, Optional<String> address, Future<Void> gone) {
    public Caller {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(gone, "gone");
    }

    /** A caller that never goes away, from nowhere in particular: tests and internal requests. */
    public static Caller of(Session session) {
        return new Caller(session, Optional.empty(), Future.future(p -> { }));
    }
}
