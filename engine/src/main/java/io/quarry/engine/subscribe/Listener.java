package io.quarry.engine.subscribe;

import io.quarry.engine.error.ApiError;

/** Where a subscription's answers go: a socket's operation. Called from the poller's worker threads. */
interface Listener {
    /** A new answer, the whole response body {@code {"data": ...}}. */
    void data(String body);

    /** An error while polling; the subscription goes on (a database outage, say) unless {@code complete} follows. */
    void error(ApiError error);

    /** The subscription ended on the server's side (its field no longer exists, or the server stops). */
    void complete();
}
