package io.quarry.engine.subscribe;

import io.quarry.engine.error.ApiError;
import io.quarry.engine.execute.Polls;
import io.quarry.engine.plan.StreamCursor;
import io.quarry.engine.service.EngineState;
import io.quarry.engine.sql.MultiplexedQuery;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The subscribers of one plan (same role, same statement), whatever their variables and session values. Each poll
 * runs one statement per batch of distinct (session, parameters) rows and hands each subscriber its row's answer
 * when it changed. See the package documentation.
 */
final class Cohort {
    final String key;
    final Set<Subscriber> members = ConcurrentHashMap.newKeySet();
    /** Whether a poll is under way: a poll slower than the interval is never overlapped by the next. */
    final AtomicBoolean polling = new AtomicBoolean();
    /** Whether a poll for members that have had no answer yet is scheduled. */
    final AtomicBoolean firstPollDue = new AtomicBoolean();
    /** Whether the poll under way is one for newcomers only. */
    volatile boolean newcomersPolling;
    /** Whether the interval's poll came while a newcomers' poll ran, and is to run when it ends. */
    final AtomicBoolean tickOwed = new AtomicBoolean();
    /** The periodic timer of its polls. */
    volatile long timer = -1;

    Cohort(String key) {
        this.key = key;
    }

    /** One batch of a poll: the subscribers of each row, and the statement for them. */
    record Batch(List<List<Subscriber>> rows, MultiplexedQuery query) {
    }

    /**
     * The batches of the next poll, at most {@code size} rows each; with {@code newcomers}, only of the members that
     * have had no answer yet. Subscribers planned under an older metadata version are left out: the caller plans them
     * again first.
     */
    List<Batch> batches(EngineState current, int size, boolean newcomers) {
        Map<String, List<Subscriber>> rows = new LinkedHashMap<>();
        MultiplexedQuery query = null;
        for (Subscriber s : members) {
            Plan plan = s.plan;
            if (s.stopped || plan.state() != current || !plan.cohort().equals(key) || newcomers && s.answered) {
                continue;
            }
            query = plan.query();
            rows.computeIfAbsent(plan.row(), r -> new ArrayList<>()).add(s);
        }
        List<Batch> batches = new ArrayList<>();
        List<List<Subscriber>> all = new ArrayList<>(rows.values());
        for (int from = 0; from < all.size(); from += size) {
            batches.add(new Batch(all.subList(from, Math.min(all.size(), from + size)), query));
        }
        return batches;
    }

    /** The statement of a batch: each row's session and parameters, in order. */
    static io.quarry.engine.sql.SqlStatement statement(Batch batch) {
        List<String> sessions = new ArrayList<>(batch.rows().size());
        List<String> params = new ArrayList<>(batch.rows().size());
        for (List<Subscriber> row : batch.rows()) {
            Plan plan = row.get(0).plan;
            sessions.add(plan.session());
            params.add(plan.params());
        }
        return batch.query().batch(sessions, params);
    }

    /** Sends each live subscriber of the batch its row's answer, if it differs from the last one it was sent. */
    static void deliver(Batch batch, List<Polls.Answer> answers, LiveQueries owner) {
        answered(batch);
        for (Polls.Answer answer : answers) {
            List<Subscriber> row = batch.rows().get(answer.subscriber() - 1);
            String data = answer.data() == null ? "null" : answer.data();
            Optional<StreamCursor> cursor = row.get(0).plan.cursor();
            if (cursor.isPresent()) {
                StreamCursor.Batch next = cursor.get().next(row.get(0).plan.streamKey(), data);
                if (next != null) {
                    for (Subscriber s : row) {
                        s.listener.data(next.body());
                        owner.advance(s, next.cursor());
                    }
                }
                continue;
            }
            byte[] hash = hash(data);
            String body = "{\"data\":" + data + "}";
            for (Subscriber s : row) {
                if (!s.stopped && !Arrays.equals(hash, s.lastHash)) {
                    s.lastHash = hash;
                    s.listener.data(body);
                }
            }
        }
    }

    /**
     * Tells each subscriber of a failed batch why, at every failed poll (a database outage, say), as Hasura does; the
     * subscription goes on, and the first answer after the error is sent whatever the last one before it was.
     */
    static void failed(Batch batch, ApiError error) {
        answered(batch);
        for (List<Subscriber> row : batch.rows()) {
            for (Subscriber s : row) {
                if (!s.stopped) {
                    s.lastHash = null;
                    s.listener.error(error);
                }
            }
        }
    }

    private static void answered(Batch batch) {
        batch.rows().forEach(row -> row.forEach(s -> s.answered = true));
    }

    private static byte[] hash(String data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
