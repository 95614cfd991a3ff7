package io.quarry.engine.subscribe;

import io.quarry.engine.auth.Session;
import io.quarry.engine.config.SubscriptionConfig;
import io.quarry.engine.error.ApiError;
import io.quarry.engine.execute.Polls;
import io.quarry.engine.plan.StreamCursor;
import io.quarry.engine.log.JsonLog;
import io.quarry.engine.request.GraphQLRequest;
import io.quarry.engine.service.EngineState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The engine's live queries and streaming subscriptions, grouped into cohorts by plan and polled together (see the
 * package documentation). Timers only start polls; the planning, the statements' preparation and the answers'
 * hashing run on worker threads of their own and the statements on connections of their own, never on an event
 * loop and never in a request's way.
 */
public final class LiveQueries {
    /**
     * How long after a subscriber joins its first answer is polled: subscribers that join within this time share
     * one poll of their cohort, so a crowd joining at once costs one statement per batch, not one each.
     */
    private static final long FIRST_POLL_MS = 20;

    private final Vertx vertx;
    private final Supplier<EngineState> state;
    private final Polls polls;
    private final SubscriptionConfig config;
    private final boolean stringifyNumbers;
    private final WorkerExecutor worker;
    private final JsonLog log;
    private final Map<String, Cohort> cohorts = new ConcurrentHashMap<>();
    private final AtomicInteger active = new AtomicInteger();

    public LiveQueries(Vertx vertx, Supplier<EngineState> state, Polls polls, SubscriptionConfig config,
            boolean stringifyNumbers, JsonLog log) {
        this.vertx = vertx;
        this.state = state;
        this.polls = polls;
        this.config = config;
        this.stringifyNumbers = stringifyNumbers;
        this.log = log;
        this.worker = vertx.createSharedWorkerExecutor("quarry-subscriptions", 2);
    }

    /** The subscriptions being polled now. */
    public int active() {
        return active.get();
    }

    /** The cohorts being polled now: one statement per batch of each per interval. */
    public int cohorts() {
        return cohorts.size();
    }

    /** Starts polling a subscription for {@code listener}; throws the request's error, if any. */
    Subscriber start(GraphQLRequest request, Session session, Listener listener) {
        Subscriber subscriber = new Subscriber(this, request, session, listener);
        Plan plan = Plan.of(state.get(), request, session, Optional.empty(), stringifyNumbers);
        active.incrementAndGet();
        pollSoon(join(subscriber, plan));
        return subscriber;
    }

    private Cohort join(Subscriber subscriber, Plan plan) {
        subscriber.plan = plan;
        return cohorts.compute(plan.cohort(), (key, cohort) -> {
            Cohort joined = cohort != null ? cohort : new Cohort(key);
            joined.members.add(subscriber);
            if (cohort == null) {
                joined.timer = vertx.setPeriodic(config.refetchInterval().toMillis(), id -> poll(joined, false));
            }
            return joined;
        });
    }

    /**
     * Polls a cohort shortly for its members that have had no answer yet, so that a new subscriber hears at once
     * rather than after up to a whole refetch interval. At most one such poll is due per cohort at a time; while the
     * cohort's poll runs it waits, and finds nothing to do if that poll answered the newcomers already.
     */
    private void pollSoon(Cohort cohort) {
        if (!cohort.firstPollDue.compareAndSet(false, true)) {
            return;
        }
        vertx.setTimer(Math.min(FIRST_POLL_MS, config.refetchInterval().toMillis()), id -> {
            cohort.firstPollDue.set(false);
            if (cohorts.get(cohort.key) == cohort && !poll(cohort, true)) {
                pollSoon(cohort);
            }
        });
    }

    void leave(Subscriber subscriber) {
        active.decrementAndGet();
        remove(subscriber, subscriber.plan.cohort());
    }

    private void remove(Subscriber subscriber, String key) {
        cohorts.computeIfPresent(key, (k, cohort) -> {
            cohort.members.remove(subscriber);
            if (cohort.members.isEmpty()) {
                vertx.cancelTimer(cohort.timer);
                return null;
            }
            return cohort;
        });
    }

    /** A streaming subscriber was sent rows: it goes on from {@code cursor}. */
    void advance(Subscriber subscriber, StreamCursor cursor) {
        replan(subscriber, subscriber.plan.state(), Optional.of(cursor));
    }

    /**
     * Plans a subscriber again (the metadata changed, or its cursor moved), moving it to its new cohort; when it can
     * no longer be planned (its field is gone), it is told why and completed.
     */
    private void replan(Subscriber subscriber, EngineState current, Optional<StreamCursor> cursor) {
        Plan old = subscriber.plan;
        Plan next;
        try {
            next = Plan.of(current, subscriber.request, subscriber.session, cursor.or(old::cursor), stringifyNumbers);
        } catch (ApiError e) {
            subscriber.listener.error(e);
            subscriber.listener.complete();
            subscriber.stop();
            return;
        }
        if (subscriber.stopped) {
            return;
        }
        if (next.cohort().equals(old.cohort())) {
            subscriber.plan = next;
        } else {
            remove(subscriber, old.cohort());
            join(subscriber, next);
        }
    }

    /**
     * One poll of a cohort (only of its members that have had no answer yet when {@code newcomers}), unless its last
     * one is still running; says whether it started.
     */
    private boolean poll(Cohort cohort, boolean newcomers) {
        if (!cohort.polling.compareAndSet(false, true)) {
            if (!newcomers && cohort.newcomersPolling) {
                // A newcomers' poll must not cost the others their turn (a whole interval): theirs runs right after.
                cohort.tickOwed.set(true);
            }
            return false;
        }
        cohort.newcomersPolling = newcomers;
        worker.<List<Cohort.Batch>>executeBlocking(() -> {
            EngineState current = state.get();
            for (Subscriber s : List.copyOf(cohort.members)) {
                if (!s.stopped && s.plan.state() != current) {
                    replan(s, current, Optional.empty());
                }
            }
            return cohort.batches(current, config.batchSize(), newcomers);
        }, false).compose(batches -> {
            List<Future<Void>> done = new ArrayList<>();
            for (Cohort.Batch batch : batches) {
                done.add(polls.run(Cohort.statement(batch))
                        .compose(answers -> worker.executeBlocking(() -> {
                            Cohort.deliver(batch, answers, this);
                            return (Void) null;
                        }, false))
                        .recover(e -> worker.executeBlocking(() -> {
                            Cohort.failed(batch, e instanceof ApiError api ? api
                                    : ApiError.unexpected("the subscription could not be polled", e));
                            return (Void) null;
                        }, false)));
            }
            return Future.join(done);
        }).onComplete(done -> {
            cohort.polling.set(false);
            if (done.failed()) {
                log.error("websocket-log", Map.of("error", "a subscription poll failed: " + done.cause()));
            }
            if (newcomers && cohort.tickOwed.getAndSet(false)) {
                poll(cohort, false);
            }
        });
        return true;
    }

    /** Stops every subscription, telling each it is complete (the server is shutting down). */
    public void stop() {
        for (Cohort cohort : List.copyOf(cohorts.values())) {
            vertx.cancelTimer(cohort.timer);
            cohort.members.forEach(s -> {
                s.stopped = true;
                s.listener.complete();
            });
        }
        cohorts.clear();
        active.set(0);
    }
}
