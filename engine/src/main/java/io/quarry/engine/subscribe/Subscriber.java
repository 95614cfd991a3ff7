package io.quarry.engine.subscribe;

import io.quarry.engine.auth.Session;
import io.quarry.engine.request.GraphQLRequest;

/**
 * One subscription of one client: what it asked, as whom, where its answers go, its current plan and the hash of
 * the last answer it was sent (it is sent another only when that changes).
 */
final class Subscriber {
    final GraphQLRequest request;
    final Session session;
    final Listener listener;
    private final LiveQueries owner;
    volatile Plan plan;
    volatile byte[] lastHash;
    /** Whether a poll has answered it yet (with data or an error): until then it is polled soon, not at the interval. */
    volatile boolean answered;
    volatile boolean stopped;

    Subscriber(LiveQueries owner, GraphQLRequest request, Session session, Listener listener) {
        this.owner = owner;
        this.request = request;
        this.session = session;
        this.listener = listener;
    }

    /** Stops polling for this subscriber (the client stopped it, or went away). */
    void stop() {
        if (!stopped) {
            stopped = true;
            owner.leave(this);
        }
    }
}
