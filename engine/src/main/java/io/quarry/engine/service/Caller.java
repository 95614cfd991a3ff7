package io.quarry.engine.service;

import io.quarry.engine.auth.Session;
import io.vertx.core.Future;
import java.util.Objects;
import java.util.Optional;

/**
 * Who sent a request: its session, the client's address (rate limits may count per address), a future that
 * completes when the client goes away, so that work done only for it can stop, and when the request arrived
 * ({@link System#nanoTime()}), from which its time limit runs, however many operations it holds.
 */
public record Caller(Session session, Optional<String> address, Future<Void> gone, long arrived) {
    public Caller {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(gone, "gone");
    }

    public Caller(Session session, Optional<String> address, Future<Void> gone) {
        this(session, address, gone, System.nanoTime());
    }

    /** A caller that never goes away, from nowhere in particular: tests and internal requests. */
    public static Caller of(Session session) {
        return new Caller(session, Optional.empty(), Future.future(p -> { }));
    }
}
