package io.quarry.engine.metrics;

/** What a database pool reports: how long each connection was waited for, and when it is given back. */
public interface PoolMeter {
    /** A pool that reports nowhere. */
    PoolMeter NONE = new PoolMeter() {
        @Override
        public void acquired(long waitNanos) {
        }

        @Override
        public void released() {
        }
    };

    /** A connection was lent after {@code waitNanos} of waiting for it. */
    void acquired(long waitNanos);

    /** A lent connection went back to the pool. */
    void released();
}
