package io.quarry.engine.service;

import io.quarry.engine.log.JsonLog;
import io.quarry.engine.store.MetadataChannel;
import io.quarry.engine.store.MetadataStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Keeps this engine on the metadata version stored by any engine on the database (see the {@code store} package's
 * note): it reloads when another engine's notice names a version it does not serve, when the channel is listened to
 * again after a lost connection, and when the slow poll finds another version stored. Reloads go through the metadata
 * queue, so they never interleave with changes made here; a burst of notices asks for one reload, which reads
 * whatever is newest when it runs.
 */
final class VersionFollower {
    /** How long to wait before trying again when the first connection of the listener failed, at most. */
    private static final long MAX_RETRY_MS = 10_000;
    /**
     * How long a reload waits before it is queued, so that the notices of a burst (a bulk of changes committed together
     * arrives at once) ask for one reload, not two.
     */
    private static final long GATHER_MS = 20;
    /** What {@link #wanted} holds after a notice that named no version: reload whatever is served. */
    private static final int ANY = Integer.MIN_VALUE;

    private final Vertx vertx;
    private final String instanceId;
    private final MetadataStore store;
    private final MetadataChannel channel;
    private final MetadataQueue queue;
    private final AtomicReference<EngineState> state;
    private final Function<BooleanSupplier, Future<EngineState>> reload;
    private final JsonLog log;
    /** Whether a reload is queued and not started yet: what is heard meanwhile needs no other. */
    private final AtomicBoolean queued = new AtomicBoolean();
    /** The version last heard of ({@link #ANY}: a reload was asked for whatever the version). */
    private final AtomicInteger wanted = new AtomicInteger();
    private volatile boolean stopped;
    private long pollTimer = -1;

    VersionFollower(Vertx vertx, String instanceId, MetadataStore store, MetadataChannel channel, MetadataQueue queue,
            AtomicReference<EngineState> state, Function<BooleanSupplier, Future<EngineState>> reload, JsonLog log) {
        this.vertx = vertx;
        this.instanceId = instanceId;
        this.store = store;
        this.channel = channel;
        this.queue = queue;
        this.state = state;
        this.reload = reload;
        this.log = log;
    }

    /**
     * Starts listening, before the first load, so that no change stored after that load goes unheard. A listener
     * that cannot connect does not keep the engine from starting: it tries again in the background, and the poll
     * covers the meantime.
     */
    Future<Void> listen() {
        return channel.listen(this::heard, this::check, e -> log.error("metadata-sync",
                Map.of("error", "the connection listening for metadata changes was lost: " + e.getMessage()))
        ).recover(e -> {
            log.error("metadata-sync", Map.of("error", "cannot listen for metadata changes: " + e.getMessage()));
            retry(1000);
            return Future.succeededFuture();
        });
    }

    /** Polls the stored version every {@code every}; never when it is zero. */
    void poll(Duration every) {
        if (every.toMillis() > 0 && !stopped) {
            pollTimer = vertx.setPeriodic(every.toMillis(), id -> check());
        }
    }

    Future<Void> stop() {
        stopped = true;
        if (pollTimer >= 0) {
            vertx.cancelTimer(pollTimer);
        }
        return channel.close();
    }

    private void retry(long delay) {
        vertx.setTimer(delay, id -> {
            if (stopped) {
                return;
            }
            channel.connect().onSuccess(v -> check()).onFailure(e -> retry(Math.min(MAX_RETRY_MS, delay * 2)));
        });
    }

    private void heard(MetadataChannel.Notice notice) {
        if (notice.instanceId().filter(instanceId::equals).isPresent()) {
            return;
        }
        if (notice.resourceVersion().isEmpty()) {
            follow(ANY);
        } else if (notice.resourceVersion().get() != served()) {
            follow(notice.resourceVersion().get());
        }
    }

    /**
     * Compares the stored version with the one served and follows it when they differ. A store that is gone (dropped
     * under the engine) is left alone: the metadata being served stays, and the next change sets the store up again.
     */
    private void check() {
        if (stopped) {
            return;
        }
        store.version().onSuccess(version -> {
            if (version != served()) {
                follow(version);
            }
        }).onFailure(e -> {
            if (!MetadataStore.isMissing(e)) {
                log.error("metadata-sync", Map.of("error", String.valueOf(e.getMessage())));
            }
        });
    }

    /** Queues one reload unless one is queued and not started yet; when it runs, it reads the newest version. */
    private void follow(int version) {
        wanted.set(version);
        if (stopped || !queued.compareAndSet(false, true)) {
            return;
        }
        vertx.setTimer(GATHER_MS, id -> queue.submit(live -> {
            queued.set(false);
            if (stopped) {
                return Future.succeededFuture(state.get());
            }
            EngineState current = state.get();
            if (wanted.get() == current.resourceVersion()) {
                return Future.succeededFuture(current);
            }
            log.info("schema-sync", Map.of("from_version", current.resourceVersion(), "heard", wanted.get()));
            return reload.apply(live);
        }).onFailure(e -> log.error("metadata-sync", Map.of("error", "reload failed: " + e.getMessage()))));
    }

    private int served() {
        EngineState current = state.get();
        return current == null ? 0 : current.resourceVersion();
    }
}
