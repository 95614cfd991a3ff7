package io.quarry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.engine.config.EngineConfig;
import io.quarry.engine.config.SubscriptionConfig;
import io.quarry.engine.testing.CountingProxy;
import io.quarry.engine.testing.SocketClient;
import io.quarry.engine.testing.TestDatabase;
import io.quarry.engine.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * When subscribers hear: a new subscriber's first answer comes at once, not a refetch interval later, and a database
 * outage is told to subscribers as it lasts, their subscriptions going on when the database is back.
 */
class SubscriptionDeliveryIT {
    /** Long enough that a first answer within it cannot be the interval's poll. */
    private static final Duration LONG_INTERVAL = Duration.ofSeconds(10);
    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final Duration SOON = Duration.ofSeconds(3);
    private static final String QUERY = "subscription ($id: Int!) { thing_by_pk(id: $id) { name } }";
    private static final String OUTAGE_ERROR = "{\"type\":\"next\",\"id\":\"s\",\"payload\":{\"errors\":"
            + "[{\"message\":\"connection error\",\"extensions\":{\"path\":\"$\",\"code\":\"postgres-error\"}}]}}";
    private static TestDatabase db;
    private static CountingProxy proxy;
    /** Polls every ten seconds, through a proxy that counts its statements. */
    private static TestServer slow;
    /** Polls every 100 ms. */
    private static TestServer fast;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(SubscriptionDeliveryIT.class);
        db.execute("CREATE TABLE thing (id int PRIMARY KEY, name text);"
                + "INSERT INTO thing SELECT n, 'thing ' || n FROM generate_series(1, 50) n;");
        proxy = CountingProxy.before(db.url());
        String viaProxy = proxy.through(db.url());
        slow = TestServer.start(EngineConfig.defaults().withDatabaseUrl(viaProxy).withMetadataPoll(Duration.ZERO),
                SubscriptionConfig.defaults().withRefetchInterval(LONG_INTERVAL));
        slow.metadataOk("{\"type\":\"pg_track_table\",\"args\":{\"table\":\"thing\"}}");
        fast = TestServer.start(EngineConfig.defaults().withDatabaseUrl(db.url()), SubscriptionConfig.defaults()
                .withRefetchInterval(INTERVAL));
    }

    @AfterAll
    static void tearDown() {
        slow.close();
        fast.close();
        proxy.close();
        db.close();
    }

    private static SocketClient connect(TestServer server) {
        SocketClient client = SocketClient.connect(server, "graphql-transport-ws");
        client.send("{\"type\":\"connection_init\",\"payload\":{}}");
        assertThat(client.next().path("type").asText()).isEqualTo("connection_ack");
        return client;
    }

    private static void subscribe(SocketClient client, int id) {
        client.send("{\"type\":\"subscribe\",\"id\":\"s\",\"payload\":{\"query\":\"" + QUERY + "\",\"variables\":"
                + "{\"id\":" + id + "}}}");
    }

    @Test
    void aNewSubscriberIsAnsweredAtOnceAndACrowdJoiningTogetherCostsOnePoll() {
        List<SocketClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                clients.add(connect(slow));
            }
            proxy.reset();
            long started = System.nanoTime();
            for (int i = 0; i < clients.size(); i++) {
                subscribe(clients.get(i), i + 1);
            }
            for (int i = 0; i < clients.size(); i++) {
                JsonNode first = clients.get(i).next(Duration.ofSeconds(2));
                assertThat(first).as("the first answer of subscriber " + i).isNotNull();
                assertThat(first.at("/payload/data/thing_by_pk/name").asText()).isEqualTo("thing " + (i + 1));
            }
            long took = (System.nanoTime() - started) / 1_000_000;
            assertThat(took).as("ms to every first answer, with a 10 s interval").isLessThan(1_500);
            // Twenty subscribers of one plan: a few polls of the cohort, never one statement each.
            assertThat(proxy.statements()).isBetween(1, 6);

            // One more, joining a cohort whose next poll is seconds away.
            SocketClient late = connect(slow);
            clients.add(late);
            long joined = System.nanoTime();
            subscribe(late, 42);
            assertThat(late.next(Duration.ofSeconds(2)).at("/payload/data/thing_by_pk/name").asText())
                    .isEqualTo("thing 42");
            assertThat((System.nanoTime() - joined) / 1_000_000).isLessThan(1_000);
            // The others' answers have not changed: the newcomer's poll sends them nothing.
            assertThat(clients.get(0).next(Duration.ofMillis(300))).isNull();
        } finally {
            clients.forEach(SocketClient::close);
        }
    }

    @Test
    void anOutageIsToldAtEachPollAndSubscriptionsGoOnWhenTheDatabaseIsBack() {
        try (SocketClient client = connect(fast)) {
            subscribe(client, 7);
            assertThat(client.next().toString()).isEqualTo("{\"type\":\"next\",\"id\":\"s\",\"payload\":{\"data\":"
                    + "{\"thing_by_pk\":{\"name\":\"thing 7\"}}}}");
            // Postgres refuses new connections to the database and drops those it has, as while it restarts.
            db.executeOnServer("ALTER DATABASE " + db.name() + " ALLOW_CONNECTIONS false");
            try {
                db.executeOnServer("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                        + db.name() + "'");
                // Hasura's live query error: a next (data) message whose payload has the errors, at every poll
                // while the outage lasts; the subscription is not completed. A poll on a connection dropped under it
                // fails with the statement's error, one that cannot connect with Hasura's connection error.
                for (int i = 0; i < 3; i++) {
                    JsonNode error = client.next(SOON);
                    assertThat(error).as("error message " + i).isNotNull();
                    assertThat(error.toString()).isIn(OUTAGE_ERROR, "{\"type\":\"next\",\"id\":\"s\",\"payload\":"
                            + "{\"errors\":[{\"message\":\"database query error\",\"extensions\":{\"path\":\"$\","
                            + "\"code\":\"unexpected\"}}]}}");
                }
                assertThat(client.next(SOON).toString()).isEqualTo(OUTAGE_ERROR);
            } finally {
                db.executeOnServer("ALTER DATABASE " + db.name() + " ALLOW_CONNECTIONS true");
            }
            // Back: the answer is sent again though it is the one sent before the outage, then changes as usual.
            JsonNode back = nextData(client);
            assertThat(back.at("/payload/data/thing_by_pk/name").asText()).isEqualTo("thing 7");
            db.execute("UPDATE thing SET name = 'renamed' WHERE id = 7");
            assertThat(client.next(SOON).at("/payload/data/thing_by_pk/name").asText()).isEqualTo("renamed");
            assertThat(fast.quarry().subscriptions().active()).isEqualTo(1);
        } finally {
            db.execute("UPDATE thing SET name = 'thing 7' WHERE id = 7");
        }
    }

    /** The first message that is not an error (errors may still come while the pool reconnects). */
    private static JsonNode nextData(SocketClient client) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode message = client.next(SOON);
            assertThat(message).as("a message after the outage").isNotNull();
            assertThat(message.path("type").asText()).isEqualTo("next");
            if (!message.at("/payload/data").isMissingNode()) {
                return message;
            }
        }
        throw new AssertionError("no answer within 10 s of the database's return");
    }
}
