package io.quarry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.engine.config.EngineConfig;
import io.quarry.engine.config.SubscriptionConfig;
import io.quarry.engine.testing.SocketClient;
import io.quarry.engine.testing.TestDatabase;
import io.quarry.engine.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Queries, mutations and subscriptions over real WebSockets, in both of Hasura's sub-protocols. */
class SubscriptionsIT {
    private static final Duration INTERVAL = Duration.ofMillis(100);
    /** Two refetch intervals, and slack for a shared machine. */
    private static final Duration SOON = Duration.ofSeconds(3);
    private static final String TRANSPORT = "graphql-transport-ws";
    private static final String APOLLO = "graphql-ws";
    private static TestDatabase db;
    private static TestServer server;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(SubscriptionsIT.class);
        db.execute("CREATE TABLE item (id serial PRIMARY KEY, owner int NOT NULL, name text);"
                + "CREATE TABLE event (id serial PRIMARY KEY, body text);");
        server = TestServer.start(EngineConfig.defaults().withDatabaseUrl(db.url()), SubscriptionConfig.defaults()
                .withRefetchInterval(INTERVAL).withInitTimeout(Duration.ofMillis(500)));
        server.metadataOk("""
                {"type":"bulk","args":[{"type":"pg_track_table","args":{"table":"item"}},
                 {"type":"pg_track_table","args":{"table":"event"}},
                 {"type":"pg_create_select_permission","args":{"table":"item","role":"user","permission":{
                   "columns":["id","name"],"filter":{"owner":{"_eq":"X-Hasura-User-Id"}},
                   "allow_aggregations":true}}}]}""");
    }

    @AfterAll
    static void tearDown() {
        server.close();
        db.close();
    }

    private static SocketClient user(String protocol, int id) {
        SocketClient client = SocketClient.connect(server, protocol);
        client.send("{\"type\":\"connection_init\",\"payload\":{\"headers\":{\"X-Hasura-Role\":\"user\","
                + "\"X-Hasura-User-Id\":\"" + id + "\"}}}");
        assertThat(client.next().path("type").asText()).isEqualTo("connection_ack");
        return client;
    }

    private static String subscribe(String protocol, String id, String query, String variables) {
        return "{\"type\":\"" + (protocol.equals(TRANSPORT) ? "subscribe" : "start") + "\",\"id\":\"" + id
                + "\",\"payload\":{\"query\":\"" + query + "\",\"variables\":" + variables + "}}";
    }

    @Test
    void aSubscriberSeesInsertsUpdatesAndDeletesAndNothingElse() {
        try (SocketClient client = user(TRANSPORT, 7)) {
            assertThat(client.subProtocol()).isEqualTo(TRANSPORT);
            client.send(subscribe(TRANSPORT, "1", "subscription { item(order_by: {id: asc}) { name } "
                    + "n: item_aggregate { aggregate { count } } }", "{}"));
            assertThat(client.next().toString()).isEqualTo("{\"type\":\"next\",\"id\":\"1\",\"payload\":{\"data\":"
                    + "{\"item\":[],\"n\":{\"aggregate\":{\"count\":0}}}}}");
            db.execute("INSERT INTO item (owner, name) VALUES (7, 'a'), (8, 'not yours')");
            assertThat(client.next(SOON).at("/payload/data/item").toString()).isEqualTo("[{\"name\":\"a\"}]");
            db.execute("UPDATE item SET name = 'b' WHERE owner = 7");
            assertThat(client.next(SOON).at("/payload/data/item").toString()).isEqualTo("[{\"name\":\"b\"}]");
            // Another role's rows change: this subscriber's answer does not, so nothing is sent.
            db.execute("UPDATE item SET name = 'still not yours' WHERE owner = 8");
            assertThat(client.next(INTERVAL.multipliedBy(5))).isNull();
            db.execute("DELETE FROM item WHERE owner = 7");
            assertThat(client.next(SOON).at("/payload/data/item").toString()).isEqualTo("[]");
            client.send("{\"type\":\"complete\",\"id\":\"1\"}");
            db.execute("INSERT INTO item (owner, name) VALUES (7, 'after')");
            assertThat(client.next(INTERVAL.multipliedBy(5))).isNull();
            db.execute("DELETE FROM item");
        }
    }

    @Test
    void subscribersWithDifferentVariablesShareOneCohortAndGetTheirOwnAnswers() {
        db.execute("INSERT INTO item (id, owner, name) VALUES (101, 1, 'one'), (102, 2, 'two')");
        String query = "subscription ($id: Int!) { item_by_pk(id: $id) { name } }";
        try (SocketClient first = user(APOLLO, 1); SocketClient second = user(APOLLO, 2);
                SocketClient admin = SocketClient.connect(server, APOLLO)) {
            admin.send("{\"type\":\"connection_init\"}");
            assertThat(admin.next().path("type").asText()).isEqualTo("connection_ack");
            first.send(subscribe(APOLLO, "a", query, "{\"id\": 101}"));
            second.send(subscribe(APOLLO, "b", query, "{\"id\": 102}"));
            JsonNode one = first.next();
            assertThat(one.toString()).isEqualTo(
                    "{\"type\":\"data\",\"id\":\"a\",\"payload\":{\"data\":{\"item_by_pk\":{\"name\":\"one\"}}}}");
            assertThat(second.next().at("/payload/data/item_by_pk/name").asText()).isEqualTo("two");
            assertThat(server.quarry().engine() != null).isTrue();
            // The session values differ (user 1 and 2) and so do the variables: still one plan, one cohort.
            assertThat(cohorts()).isEqualTo(1);
            // A user may not read another's row, whatever its variables say.
            first.send(subscribe(APOLLO, "c", query, "{\"id\": 102}"));
            assertThat(first.next().toString()).isEqualTo(
                    "{\"type\":\"data\",\"id\":\"c\",\"payload\":{\"data\":{\"item_by_pk\":null}}}");
            admin.send(subscribe(APOLLO, "d", query, "{\"id\": 102}"));
            assertThat(admin.next().at("/payload/data/item_by_pk/name").asText()).isEqualTo("two");
            db.execute("UPDATE item SET name = 'deux' WHERE id = 102");
            assertThat(second.next(SOON).at("/payload/data/item_by_pk/name").asText()).isEqualTo("deux");
            assertThat(admin.next(SOON).at("/payload/data/item_by_pk/name").asText()).isEqualTo("deux");
            assertThat(first.next(INTERVAL.multipliedBy(5))).isNull();
        } finally {
            db.execute("DELETE FROM item");
        }
    }

    private static int cohorts() {
        return server.quarry().subscriptions().cohorts();
    }

    @Test
    void queriesAndMutationsRunOnceOverTheSocket() {
        try (SocketClient client = user(APOLLO, 3)) {
            assertThat(client.keepAlive(SOON).toString()).isEqualTo("{\"type\":\"ka\"}");
            client.send("{\"type\":\"start\",\"id\":\"m\",\"payload\":{\"query\":"
                    + "\"mutation { insert_event(objects: [{body: \\\"hi\\\"}]) { affected_rows } }\"}}");
            // The role user may not insert: an error, then complete.
            JsonNode refused = client.next();
            assertThat(refused.path("type").asText()).isEqualTo("error");
            assertThat(client.next().toString()).isEqualTo("{\"type\":\"complete\",\"id\":\"m\"}");
        }
        try (SocketClient admin = SocketClient.connect(server, APOLLO)) {
            admin.send("{\"type\":\"connection_init\",\"payload\":{}}");
            assertThat(admin.next().path("type").asText()).isEqualTo("connection_ack");
            admin.send("{\"type\":\"start\",\"id\":\"m\",\"payload\":{\"query\":"
                    + "\"mutation { insert_event(objects: [{body: \\\"hi\\\"}]) { affected_rows } }\"}}");
            assertThat(admin.next().toString()).isEqualTo("{\"type\":\"data\",\"id\":\"m\",\"payload\":"
                    + "{\"data\":{\"insert_event\":{\"affected_rows\":1}}}}");
            assertThat(admin.next().toString()).isEqualTo("{\"type\":\"complete\",\"id\":\"m\"}");
            admin.send("{\"type\":\"start\",\"id\":\"q\",\"payload\":{\"query\":\"{ event { body } }\"}}");
            assertThat(admin.next().at("/payload/data/event/0/body").asText()).isEqualTo("hi");
            assertThat(admin.next().path("type").asText()).isEqualTo("complete");
            admin.send("{\"type\":\"start\",\"id\":\"bad\",\"payload\":{\"query\":\"{ nothing }\"}}");
            JsonNode error = admin.next();
            assertThat(error.path("type").asText()).isEqualTo("error");
            assertThat(error.at("/payload/errors/0/extensions/code").asText()).isEqualTo("validation-failed");
            assertThat(admin.next().path("type").asText()).isEqualTo("complete");
            admin.send("{\"type\":\"connection_terminate\"}");
            assertThat(admin.closed(SOON).code()).isEqualTo(1000);
        }
    }

    @Test
    void graphqlTransportWsKeepsHasurasRules() {
        try (SocketClient silent = SocketClient.connect(server, TRANSPORT)) {
            assertThat(silent.closed(SOON)).isEqualTo(new SocketClient.Closed(4408,
                    "4408: Connection initialisation timeout"));
        }
        try (SocketClient client = user(TRANSPORT, 1)) {
            client.send("{\"type\":\"ping\",\"payload\":{\"n\":1}}");
            assertThat(client.next().toString()).isEqualTo("{\"type\":\"pong\",\"payload\":{\"n\":1}}");
            client.send(subscribe(TRANSPORT, "x", "subscription { item { id } }", "{}"));
            assertThat(client.next().path("type").asText()).isEqualTo("next");
            client.send(subscribe(TRANSPORT, "x", "subscription { item { id } }", "{}"));
            assertThat(client.closed(SOON)).isEqualTo(new SocketClient.Closed(4409,
                    "4409: Subscriber for x already exists"));
        }
        try (SocketClient client = SocketClient.connect(server, TRANSPORT)) {
            client.send("{\"type\":\"connection_init\"}");
            assertThat(client.next().path("type").asText()).isEqualTo("connection_ack");
            client.send("{\"type\":\"nonsense\"}");
            assertThat(client.closed(SOON).code()).isEqualTo(4400);
        }
    }

    @Test
    void streamingDeliversEveryRowOnceInCursorOrder() throws Exception {
        try (SocketClient client = user(TRANSPORT, 1); SocketClient admin = SocketClient.connect(server, TRANSPORT)) {
            admin.send("{\"type\":\"connection_init\"}");
            assertThat(admin.next().path("type").asText()).isEqualTo("connection_ack");
            db.execute("INSERT INTO event (body) SELECT 'e' || n FROM generate_series(1, 5) n");
            admin.send(subscribe(TRANSPORT, "s", "subscription { event_stream(batch_size: 2, cursor: "
                    + "{initial_value: {id: 0}}) { body } }", "{}"));
            List<String> seen = new ArrayList<>();
            int total = Integer.parseInt(db.rows("SELECT count(*) FROM event").get(0).get(0).toString()) + 20;
            Thread writer = new Thread(() -> {
                for (int i = 6; i <= 25; i++) {
                    db.execute("INSERT INTO event (body) VALUES ('e" + i + "')");
                }
            });
            writer.start();
            while (seen.size() < total) {
                JsonNode message = admin.next(SOON);
                assertThat(message).as("rows seen so far: " + seen).isNotNull();
                JsonNode rows = message.at("/payload/data/event_stream");
                assertThat(rows.size()).isBetween(1, 2);
                rows.forEach(r -> seen.add(r.path("body").asText()));
            }
            writer.join();
            assertThat(seen).doesNotHaveDuplicates().hasSize(total);
            assertThat(admin.next(INTERVAL.multipliedBy(5))).isNull();
        } finally {
            db.execute("DELETE FROM event");
        }
    }

    @Test
    void aFailingPollIsReportedAtEachPollAndTheSubscriptionResumes() {
        db.execute("INSERT INTO event (body) VALUES ('kept')");
        try (SocketClient client = user(APOLLO, 5); SocketClient admin = SocketClient.connect(server, APOLLO)) {
            admin.send("{\"type\":\"connection_init\"}");
            assertThat(admin.next().path("type").asText()).isEqualTo("connection_ack");
            admin.send(subscribe(APOLLO, "e", "subscription { event_aggregate { aggregate { count } } }", "{}"));
            assertThat(admin.next().at("/payload/data/event_aggregate/aggregate/count").asInt()).isEqualTo(1);
            db.execute("ALTER TABLE event RENAME TO event_away");
            // As Hasura does, the error is sent at every poll while it lasts, and the subscription goes on.
            for (int i = 0; i < 2; i++) {
                JsonNode failed = admin.next(SOON);
                assertThat(failed.path("type").asText()).isEqualTo("data");
                assertThat(failed.at("/payload/errors/0/message").asText()).isEqualTo("database query error");
            }
            db.execute("ALTER TABLE event_away RENAME TO event");
            JsonNode back = admin.next(SOON);
            while (back.at("/payload/data").isMissingNode()) {
                back = admin.next();
            }
            assertThat(back.at("/payload/data/event_aggregate/aggregate/count").asInt()).isEqualTo(1);
        } finally {
            db.execute("ALTER TABLE IF EXISTS event_away RENAME TO event; DELETE FROM event");
        }
    }

    @Test
    void explainShowsTheMultiplexedStatementAndHttpRefusesSubscriptions() {
        TestServer.Response explained = server.post("/v1/graphql/explain",
                "{\"query\":{\"query\":\"subscription { item(where: {id: {_eq: 3}}) { name } }\"}}", Map.of());
        assertThat(explained.status()).isEqualTo(200);
        assertThat(explained.body().path("sql").asText()).contains("unnest($1::text[], $2::text[]) WITH ORDINALITY")
                .contains("LEFT JOIN LATERAL");
        assertThat(explained.body().path("plan").size()).isPositive();
        TestServer.Response stream = server.post("/v1/graphql/explain", "{\"query\":{\"query\":\"subscription { "
                + "event_stream(batch_size: 3, cursor: {initial_value: {id: 10}}) { body } }\"}}", Map.of());
        assertThat(stream.body().path("sql").asText()).contains("WITH ORDINALITY").contains("ORDER BY");
        assertThat(stream.body().at("/variables/params").asText()).contains("\"10\"").contains("\"3\"");
        JsonNode http = server.graphql("subscription { item { id } }");
        assertThat(http.at("/errors/0/message").asText())
                .isEqualTo("subscriptions are not supported over HTTP, use websockets instead");
    }
}
