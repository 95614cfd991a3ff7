package io.quarry.engine.service;

import io.quarry.engine.error.ApiError;
import io.quarry.engine.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Metadata operations, one at a time in the order they arrive. Whatever an operation does, it releases the queue:
 * an exception thrown while it starts, a failed future, or a future that never completes (a guard timer gives up on
 * it, answers its caller with an error, and lets the next operation go).
 */
final class MetadataQueue {
    private final Vertx vertx;
    private final Duration guard;
    /** Completes when the last operation queued has released the queue. */
    private Future<Void> tail = Future.succeededFuture();

    MetadataQueue(Vertx vertx, Duration guard) {
        this.vertx = vertx;
        this.guard = guard;
    }

    /**
     * Runs {@code task} once every operation queued before it has finished or been given up on. The task is handed
     * whether it still holds the queue: once given up on, it must not install what it built, as later operations
     * may have gone ahead.
     */
    <T> Future<T> submit(Function<BooleanSupplier, Future<T>> task) {
        Promise<T> done = Promise.promise();
        Promise<Void> released = Promise.promise();
        Future<Void> previous;
        synchronized (this) {
            previous = tail;
            tail = released.future();
        }
        previous.onComplete(ignored -> {
            long timer = vertx.setTimer(guard.toMillis(), id -> {
                done.tryFail(new ApiError(ErrorCode.UNEXPECTED, "$", "the metadata operation did not finish within "
                        + guard.toSeconds() + " s; later operations no longer wait for it"));
                released.tryComplete();
            });
            Future<T> result;
            try {
                result = task.apply(() -> !released.future().isComplete());
                if (result == null) {
                    result = Future.failedFuture(new IllegalStateException("a metadata operation answered nothing"));
                }
            } catch (RuntimeException | StackOverflowError e) {
                result = Future.failedFuture(e);
            }
            result.onComplete(outcome -> {
                vertx.cancelTimer(timer);
                if (outcome.succeeded()) {
                    done.tryComplete(outcome.result());
                } else {
                    done.tryFail(outcome.cause());
                }
                released.tryComplete();
            });
        });
        return done.future();
    }
}
