package io.quarry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.quarry.engine.config.AuthConfig;
import io.quarry.engine.config.EngineConfig;
import io.quarry.engine.config.SubscriptionConfig;
import io.quarry.engine.testing.CountingProxy;
import io.quarry.engine.testing.SocketClient;
import io.quarry.engine.testing.TestDatabase;
import io.quarry.engine.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What happens to subscriptions around them: how many statements their polls cost, metadata changes, permissions'
 * subscription root fields, an expiring JWT and the server shutting down.
 */
class SubscriptionLifecycleIT {
    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final Duration SOON = Duration.ofSeconds(3);
    private static final String SECRET = "a-shared-secret-of-at-least-thirty-two-bytes";
    private static TestDatabase db;
    private static CountingProxy proxy;
    private static TestServer server;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(SubscriptionLifecycleIT.class);
        db.execute("CREATE TABLE reading (id int PRIMARY KEY, sensor int NOT NULL, value int);"
                + "INSERT INTO reading SELECT n, n % 10, n FROM generate_series(1, 100) n;");
        proxy = CountingProxy.before(db.url());
        String viaProxy = proxy.through(db.url());
        server = TestServer.start(EngineConfig.defaults().withDatabaseUrl(viaProxy).withMetadataPoll(Duration.ZERO),
                SubscriptionConfig.defaults().withRefetchInterval(INTERVAL).withBatchSize(8));
        server.metadataOk("""
                {"type":"bulk","args":[{"type":"pg_track_table","args":{"table":"reading"}},
                 {"type":"pg_create_select_permission","args":{"table":"reading","role":"viewer","permission":{
                   "columns":["id","value"],"filter":{},"subscription_root_fields":["select"]}}},
                 {"type":"pg_create_select_permission","args":{"table":"reading","role":"sensor","permission":{
                   "columns":["id","value"],"filter":{"sensor":{"_eq":"X-Hasura-Sensor"}},
                   "allow_aggregations":true}}}]}""");
    }

    @AfterAll
    static void tearDown() {
        server.close();
        proxy.close();
        db.close();
    }

    private static SocketClient connect(TestServer on, Map<String, String> headers) {
        SocketClient client = SocketClient.connect(on, "graphql-transport-ws");
        StringBuilder json = new StringBuilder();
        headers.forEach((k, v) -> json.append(json.length() == 0 ? "" : ",").append('"').append(k).append("\":\"")
                .append(v).append('"'));
        client.send("{\"type\":\"connection_init\",\"payload\":{\"headers\":{" + json + "}}}");
        assertThat(client.next().path("type").asText()).isEqualTo("connection_ack");
        return client;
    }

    private static void subscribe(SocketClient client, String id, String query, String variables) {
        client.send("{\"type\":\"subscribe\",\"id\":\"" + id + "\",\"payload\":{\"query\":\"" + query
                + "\",\"variables\":" + variables + "}}");
    }

    @Test
    void manySubscribersOfOnePlanCostOneStatementPerBatchPerInterval() throws Exception {
        List<SocketClient> clients = new ArrayList<>();
        try {
            // 40 subscribers, 10 sensors (session values) by 2 thresholds (variables): 20 distinct rows, 3 batches.
            for (int i = 0; i < 40; i++) {
                SocketClient client = connect(server, Map.of("x-hasura-role", "sensor",
                        "x-hasura-sensor", String.valueOf(i % 10)));
                subscribe(client, "1", "subscription ($min: Int!) { reading_aggregate(where: {value: {_gte: $min}})"
                        + " { aggregate { count } } }", "{\"min\": " + (i % 20 < 10 ? 0 : 50) + "}");
                clients.add(client);
            }
            for (int i = 0; i < clients.size(); i++) {
                int sensor = i % 10;
                int min = i % 20 < 10 ? 0 : 50;
                long expected = java.util.stream.IntStream.rangeClosed(1, 100)
                        .filter(n -> n % 10 == sensor && n >= min).count();
                assertThat(clients.get(i).next().at("/payload/data/reading_aggregate/aggregate/count").asInt())
                        .isEqualTo((int) expected);
            }
            assertThat(server.quarry().subscriptions().cohorts()).isEqualTo(1);
            proxy.reset();
            Thread.sleep(1_000);
            int statements = proxy.statements();
            // Ten intervals of three batches: about 30 statements, where one per subscriber would be 400.
            assertThat(statements).isBetween(9, 45);
            db.execute("UPDATE reading SET value = 99 WHERE id = 3");
            assertThat(clients.get(13).next(SOON).at("/payload/data/reading_aggregate/aggregate/count").asInt())
                    .isEqualTo(6);
            // The other answers did not change (sensor 3 counting from 0, sensor 4): nothing is sent to them.
            assertThat(clients.get(3).next(INTERVAL.multipliedBy(5))).isNull();
            assertThat(clients.get(4).next(INTERVAL)).isNull();
        } finally {
            clients.forEach(SocketClient::close);
            db.execute("UPDATE reading SET value = 3 WHERE id = 3");
        }
    }

    @Test
    void aSlowPollDelaysNoRequest() throws Exception {
        db.execute("CREATE FUNCTION slow_reading() RETURNS SETOF reading AS $$ SELECT pg_sleep(1); "
                + "SELECT * FROM reading $$ LANGUAGE sql STABLE");
        server.metadataOk("{\"type\":\"pg_track_function\",\"args\":{\"function\":\"slow_reading\"}}");
        List<SocketClient> clients = new ArrayList<>();
        try {
            // More slow subscribers (one cohort each, by alias) than the polls have connections.
            for (int i = 0; i < 8; i++) {
                SocketClient client = connect(server, Map.of());
                subscribe(client, "s", "subscription { s" + i + ": slow_reading(limit: 1) { id } }", "{}");
                clients.add(client);
            }
            Thread.sleep(300);
            for (int i = 0; i < 5; i++) {
                long started = System.nanoTime();
                JsonNode answer = server.graphql("{ reading_by_pk(id: 1) { value } }");
                long took = (System.nanoTime() - started) / 1_000_000;
                assertThat(answer.at("/data/reading_by_pk/value").asInt()).isEqualTo(1);
                assertThat(took).as("a query while slow polls run").isLessThan(500);
            }
            assertThat(clients.get(0).next(SOON).at("/payload/data/s0/0/id").asInt()).isEqualTo(1);
        } finally {
            clients.forEach(SocketClient::close);
            server.metadataOk("{\"type\":\"pg_untrack_function\",\"args\":{\"function\":\"slow_reading\"}}");
            db.execute("DROP FUNCTION slow_reading()");
        }
    }

    @Test
    void subscriptionRootFieldsLimitTheSubscriptionRoot() {
        JsonNode fields = server.graphql("{ __schema { subscriptionType { fields { name } } } }", Map.of(),
                Map.of("x-hasura-role", "viewer")).at("/data/__schema/subscriptionType/fields");
        List<String> names = new ArrayList<>();
        fields.forEach(f -> names.add(f.path("name").asText()));
        assertThat(names).containsExactly("reading");
        JsonNode all = server.graphql("{ __schema { subscriptionType { fields { name } } } }", Map.of(),
                Map.of("x-hasura-role", "sensor", "x-hasura-sensor", "1")).at("/data/__schema/subscriptionType/fields");
        List<String> sensorNames = new ArrayList<>();
        all.forEach(f -> sensorNames.add(f.path("name").asText()));
        assertThat(sensorNames).containsExactly("reading", "reading_aggregate", "reading_by_pk", "reading_stream");
    }

    @Test
    void aMetadataChangePlansSubscriptionsAgainAndCompletesThoseWhoseFieldIsGone() {
        try (SocketClient client = connect(server, Map.of("x-hasura-role", "viewer"))) {
            subscribe(client, "v", "subscription { reading(where: {id: {_eq: 1}}) { value } }", "{}");
            assertThat(client.next().at("/payload/data/reading/0/value").asInt()).isEqualTo(1);
            server.metadataOk("""
                    {"type":"pg_drop_select_permission","args":{"table":"reading","role":"viewer"}}""");
            JsonNode error = client.next(SOON);
            assertThat(error.path("type").asText()).isEqualTo("next");
            assertThat(error.at("/payload/errors/0/extensions/code").asText()).isEqualTo("validation-failed");
            assertThat(client.next(SOON).toString()).isEqualTo("{\"type\":\"complete\",\"id\":\"v\"}");
        } finally {
            server.metadataOk("""
                    {"type":"pg_create_select_permission","args":{"table":"reading","role":"viewer","permission":{
                      "columns":["id","value"],"filter":{},"subscription_root_fields":["select"]}}}""");
        }
    }

    @Test
    void operationsSentWhileTheirSchemaIsBuiltRunInTheOrderSent() throws Exception {
        String viewer = "{\"type\":\"pg_create_select_permission\",\"args\":{\"table\":\"reading\",\"role\":\"viewer\","
                + "\"permission\":{\"columns\":%s,\"filter\":{},\"subscription_root_fields\":[\"select\"]}}}";
        String drop = "{\"type\":\"pg_drop_select_permission\",\"args\":{\"table\":\"reading\",\"role\":\"viewer\"}}";
        try (SocketClient client = connect(server, Map.of("x-hasura-role", "viewer"))) {
            // The role's part of the model changes: its schema is built anew once the version is served, and the
            // operations that come meanwhile wait for it (off the event loop) without overtaking one another.
            server.metadataOk("{\"type\":\"bulk\",\"args\":[" + drop + ","
                    + viewer.formatted("[\"id\",\"value\",\"sensor\"]") + "]}");
            subscribe(client, "a", "subscription { reading(where: {id: {_eq: 1}}) { value } }", "{}");
            client.send("{\"type\":\"complete\",\"id\":\"a\"}");
            subscribe(client, "b", "subscription { reading(where: {id: {_eq: 2}}) { sensor } }", "{}");
            JsonNode message = client.next(SOON);
            while (message != null && "a".equals(message.path("id").asText())) {
                message = client.next(SOON);
            }
            assertThat(message.at("/payload/data/reading/0/sensor").asInt()).isEqualTo(2);
            long until = System.nanoTime() + SOON.toNanos();
            while (server.quarry().subscriptions().active() != 1 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertThat(server.quarry().subscriptions().active()).as("only b is polled").isEqualTo(1);
        } finally {
            server.metadataOk("{\"type\":\"bulk\",\"args\":[" + drop + "," + viewer.formatted("[\"id\",\"value\"]")
                    + "]}");
        }
    }

    @Test
    void aWebhookAuthenticatesTheSocketAtInit() throws Exception {
        com.sun.net.httpserver.HttpServer hook = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        hook.createContext("/auth", exchange -> {
            boolean ok = "Bearer ok".equals(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = (ok ? "{\"X-Hasura-Role\":\"viewer\"}" : "{}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(ok ? 200 : 401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        hook.start();
        TestServer hooked = TestServer.start(EngineConfig.defaults().withDatabaseUrl(db.url())
                .withAdminSecret(Optional.of("s")).withAuth(new AuthConfig(Optional.of("http://127.0.0.1:"
                        + hook.getAddress().getPort() + "/auth"), false, Duration.ofSeconds(1), Optional.empty(),
                        Optional.empty())), SubscriptionConfig.defaults().withRefetchInterval(INTERVAL));
        try (SocketClient refused = SocketClient.connect(hooked, "graphql-ws")) {
            refused.send("{\"type\":\"connection_init\",\"payload\":{\"headers\":{\"Authorization\":\"Bearer no\"}}}");
            assertThat(refused.next().toString()).isEqualTo("{\"type\":\"connection_error\","
                    + "\"payload\":\"Authentication hook unauthorized this request\"}");
            assertThat(refused.closed(SOON)).isEqualTo(new SocketClient.Closed(4400,
                    "4400: Connection initialization failed: Authentication hook unauthorized this request"));
            try (SocketClient viewer = connect(hooked, Map.of("Authorization", "Bearer ok"))) {
                subscribe(viewer, "1", "subscription { reading(where: {id: {_eq: 2}}) { value } }", "{}");
                assertThat(viewer.next().at("/payload/data/reading/0/value").asInt()).isEqualTo(2);
            }
        } finally {
            hooked.close();
            hook.stop(0);
        }
    }

    @Test
    void anExpiringJwtClosesTheSocketAndShuttingDownCompletesSubscriptions() throws Exception {
        TestServer jwt = TestServer.start(EngineConfig.defaults().withDatabaseUrl(db.url())
                .withAdminSecret(Optional.of("s")).withAuth(new AuthConfig(Optional.empty(), false,
                        Duration.ofSeconds(1), Optional.empty(), Optional.of("{\"type\":\"HS256\",\"key\":\"" + SECRET
                        + "\"}"))), SubscriptionConfig.defaults().withRefetchInterval(INTERVAL));
        SocketClient admin = null;
        try {
            // The metadata is the database's: the table is tracked already.
            SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                    .expirationTime(new Date(System.currentTimeMillis() + 2_000))
                    .claim("https://hasura.io/jwt/claims", Map.of("x-hasura-allowed-roles", List.of("admin"),
                            "x-hasura-default-role", "admin")).build());
            token.sign(new MACSigner(SECRET));
            try (SocketClient client = connect(jwt, Map.of("Authorization", "Bearer " + token.serialize()))) {
                assertThat(client.closed(Duration.ofSeconds(5))).isEqualTo(new SocketClient.Closed(1000,
                        "JWT expired"));
            }
            try (SocketClient refused = SocketClient.connect(jwt, "graphql-transport-ws")) {
                refused.send("{\"type\":\"connection_init\",\"payload\":{\"headers\":{\"Authorization\":\"Bearer x\"}}}");
                assertThat(refused.closed(SOON)).isEqualTo(new SocketClient.Closed(4403, "4403: Forbidden"));
            }
            admin = connect(jwt, Map.of("x-hasura-admin-secret", "s"));
            subscribe(admin, "a", "subscription { reading_by_pk(id: 1) { value } }", "{}");
            assertThat(admin.next().path("type").asText()).isEqualTo("next");
        } finally {
            jwt.close();
        }
        assertThat(admin.next(SOON).toString()).isEqualTo("{\"type\":\"complete\",\"id\":\"a\"}");
        assertThat(admin.closed(SOON)).isEqualTo(new SocketClient.Closed(1012, "shutting server down"));
    }
}
