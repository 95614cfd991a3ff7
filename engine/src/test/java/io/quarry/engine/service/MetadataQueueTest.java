package io.quarry.engine.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Whatever an operation does, the operations queued after it still run. */
class MetadataQueueTest {
    private final Vertx vertx = Vertx.vertx();
    private final MetadataQueue queue = new MetadataQueue(vertx, Duration.ofMillis(200));

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void anOperationThatNeverFinishesIsGivenUpOnAndTheNextOneRuns() throws Exception {
        Future<String> stuck = queue.submit(live -> Promise.<String>promise().future());
        Future<String> next = queue.submit(live -> Future.succeededFuture("next"));
        assertThat(await(next)).isEqualTo("next");
        assertThat(stuck.failed()).isTrue();
        assertThat(stuck.cause().getMessage()).contains("did not finish");
    }

    @Test
    void anOperationGivenUpOnIsToldItNoLongerHoldsTheQueue() throws Exception {
        Promise<Boolean> later = Promise.promise();
        queue.submit(live -> {
            vertx.setTimer(400, id -> later.complete(live.getAsBoolean()));
            return Promise.<String>promise().future();
        });
        assertThat(await(later.future())).isFalse();
    }

    @Test
    void anOperationThatThrowsFailsAloneAndTheNextOneRuns() throws Exception {
        Future<String> thrown = queue.submit(live -> {
            throw new IllegalStateException("broken");
        });
        Future<String> nothing = queue.submit(live -> null);
        Future<String> next = queue.submit(live -> Future.succeededFuture("next"));
        assertThat(await(next)).isEqualTo("next");
        assertThat(thrown.cause()).hasMessage("broken");
        assertThat(nothing.failed()).isTrue();
    }

    @Test
    void operationsRunInTheOrderTheyArrive() throws Exception {
        StringBuilder order = new StringBuilder();
        Promise<Void> first = Promise.promise();
        queue.submit(live -> first.future().onSuccess(v -> order.append('1')));
        Future<Void> second = queue.submit(live -> {
            order.append('2');
            return Future.succeededFuture();
        });
        vertx.setTimer(50, id -> first.complete());
        await(second);
        assertThat(order.toString()).isEqualTo("12");
    }
}
