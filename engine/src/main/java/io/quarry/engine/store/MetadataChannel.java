package io.quarry.engine.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The engine's ear on the Postgres channel {@value #NAME}: a connection of its own ({@link PgSubscriber}) that
 * {@code LISTEN}s for the notices {@link MetadataStore} sends with each stored version, and comes back after it is
 * lost. Postgres does not keep notices for a listener that is away, so each time the channel is listened to again the
 * engine is told to look at the stored version itself.
 */
public final class MetadataChannel {
    /** The channel every engine on a database notifies and listens on. */
    public static final String NAME = "quarry_metadata";
    /** Reconnection waits this long after the first failure, twice as long after each further one, up to the cap. */
    private static final long FIRST_RETRY_MS = 1000;
    private static final long MAX_RETRY_MS = 10_000;

    /**
     * What one notice said: the version stored and the engine that stored it; empty when someone sent a notice of
     * another shape (such as a bare {@code NOTIFY quarry_metadata}), which asks every engine to reload.
     */
    public record Notice(Optional<Integer> resourceVersion, Optional<String> instanceId) {
        static Notice parse(String payload) {
            try {
                // Not only engines notify: a payload that is not such an object is a request to reload.
                JsonObject json = new JsonObject(payload);
                Object version = json.getValue("resource_version");
                Object instance = json.getValue("instance_id");
                return new Notice(version instanceof Integer v ? Optional.of(v) : Optional.empty(),
                        instance instanceof String s ? Optional.of(s) : Optional.empty());
            } catch (RuntimeException e) {
                return new Notice(Optional.empty(), Optional.empty());
            }
        }
    }

    private final PgSubscriber subscriber;
    /** Set once the first {@code LISTEN} succeeded: later subscriptions follow a lost connection. */
    private volatile boolean subscribed;

    /**
     * {@code instanceId} names the listening connection ({@code application_name}), so that an operator can tell
     * which engine a backend in {@code pg_stat_activity} belongs to.
     */
    public MetadataChannel(Vertx vertx, String databaseUrl, String instanceId) {
        PgConnectOptions options = PgConnectOptions.fromUri(databaseUrl)
                .addProperty("application_name", applicationName(instanceId));
        this.subscriber = PgSubscriber.subscriber(vertx, options)
                .reconnectPolicy(failures -> Math.min(MAX_RETRY_MS, FIRST_RETRY_MS << Math.min(failures, 4)));
    }

    /** The {@code application_name} of the listening connection of the engine {@code instanceId}. */
    public static String applicationName(String instanceId) {
        return "quarry-listener " + instanceId;
    }

    /**
     * Listens: {@code notices} gets each notice, {@code relistened} runs each time the channel is listened to again
     * after the connection was lost (notices sent meanwhile are gone), {@code lost} gets what ended a connection. Completes once the first {@code LISTEN} is in
     * place, or fails if the first connection fails: then {@link #connect()} tries again. A connection lost later is
     * reconnected by the subscriber, as often as it takes.
     */
    public Future<Void> listen(Consumer<Notice> notices, Runnable relistened, Consumer<Throwable> lost) {
        subscriber.channel(NAME)
                .handler(payload -> notices.accept(Notice.parse(payload)))
                .subscribeHandler(v -> {
                    // Why the connection ends (a terminated backend, a restarting server) is the engine's to log.
                    PgConnection connection = subscriber.actualConnection();
                    if (connection != null) {
                        connection.exceptionHandler(lost::accept);
                    }
                    if (subscribed) {
                        relistened.run();
                    }
                    subscribed = true;
                });
        return connect();
    }

    /** Connects (again, after the first connection failed) and listens. */
    public Future<Void> connect() {
        return subscriber.connect();
    }

    public Future<Void> close() {
        return subscriber.close();
    }
}
