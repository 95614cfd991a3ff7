package io.quarry.engine.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.engine.config.AuthConfig;
import io.quarry.engine.config.EngineConfig;
import io.quarry.engine.log.JsonLog;
import io.quarry.engine.testing.TestDatabase;
import io.quarry.engine.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine's log as an operator reads it: JSON lines of Hasura's shape, each line of a request carrying the
 * request's id (the client's {@code x-request-id} when sent), and database failures logged.
 */
class LogsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ByteArrayOutputStream OUT = new ByteArrayOutputStream();
    private static TestDatabase db;
    private static TestServer server;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(LogsIT.class);
        db.execute("CREATE TABLE author (id serial PRIMARY KEY, name text NOT NULL);"
                + "INSERT INTO author (name) VALUES ('Ann'), ('Bob');"
                + "CREATE VIEW slow_author AS SELECT author.* FROM author, pg_sleep(3);");
        JsonLog log = new JsonLog(new PrintStream(OUT, true, StandardCharsets.UTF_8),
                Set.of("startup", "http-log", "query-log"), "info");
        server = TestServer.start(EngineConfig.defaults().withDatabaseUrl(db.url()), log);
        server.metadataOk("{\"type\":\"pg_track_table\",\"args\":{\"table\":\"author\"}}");
        server.metadataOk("{\"type\":\"pg_track_table\",\"args\":{\"table\":\"slow_author\"}}");
    }

    @AfterAll
    static void tearDown() {
        server.close();
        db.close();
    }

    private static CompletableFuture<HttpResponse<String>> graphql(String query, String requestId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + "/v1/graphql")).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("query", query).toString()));
        if (requestId != null) {
            request.header("x-request-id", requestId);
        }
        return HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every line written so far, each parsed; a line that is not a JSON object of Hasura's shape fails. */
    private static List<JsonNode> lines() throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : OUT.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            JsonNode node = JSON.readTree(line);
            assertThat(node.isObject()).as(line).isTrue();
            assertThat(node.path("type").asText()).as(line).isNotEmpty();
            assertThat(node.path("level").asText()).as(line).isIn("debug", "info", "warn", "error");
            assertThat(node.path("timestamp").asText()).as(line)
                    .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000");
            assertThat(node.has("detail")).as(line).isTrue();
            lines.add(node);
        }
        return lines;
    }

    /** The lines matching {@code wanted}, once at least {@code count} are written (lines are written by a thread). */
    private static List<JsonNode> await(Predicate<JsonNode> wanted, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            List<JsonNode> found = lines().stream().filter(wanted).toList();
            if (found.size() >= count || System.nanoTime() > deadline) {
                return found;
            }
            Thread.sleep(20);
        }
    }

    private static Predicate<JsonNode> type(String type) {
        return line -> line.path("type").asText().equals(type);
    }

    @Test
    void everyLineIsJsonOfHasurasShape() throws Exception {
        graphql("{ author { id } }", null).get();
        assertThat(await(type("startup"), 1)).isNotEmpty();
        assertThat(await(type("http-log"), 1)).isNotEmpty();
        assertThat(lines()).isNotEmpty();
    }

    @Test
    void aRequestAnsweredWithAnErrorStatusHasAnErrorLine() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/metadata"))
                .header("x-request-id", "refused-1").POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"nope\"}"))
                .build();
        assertThat(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(400);
        List<JsonNode> lines = await(line -> type("http-log").test(line)
                && line.at("/detail/request_id").asText().equals("refused-1"), 1);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).get("level").asText()).isEqualTo("error");
        assertThat(lines.get(0).at("/detail/http_info/status").asInt()).isEqualTo(400);
    }

    @Test
    void theClientsRequestIdIsOnTheResponseAndOnEveryLineOfItsRequest() throws Exception {
        HttpResponse<String> response = graphql("query Named { author(order_by: {id: asc}) { name } }",
                "client-id-1").get();
        assertThat(response.headers().firstValue("x-request-id")).hasValue("client-id-1");
        Predicate<JsonNode> ofRequest = line -> line.toString().contains("client-id-1");
        List<JsonNode> lines = await(ofRequest, 2);
        assertThat(lines).extracting(l -> l.path("type").asText()).contains("http-log", "query-log");
        assertThat(lines).allSatisfy(l -> assertThat(l.at("/detail/request_id").asText()).isEqualTo("client-id-1"));
        JsonNode queryLog = lines.stream().filter(type("query-log")).findFirst().orElseThrow();
        assertThat(queryLog.at("/detail/kind").asText()).isEqualTo("database");
        assertThat(queryLog.at("/detail/query/query").asText()).startsWith("query Named");
        assertThat(queryLog.at("/detail/generated_sql/data/query").asText()).contains("SELECT");
        assertThat(queryLog.at("/detail/generated_sql/data/prepared_arguments").isArray()).isTrue();
        JsonNode httpLog = lines.stream().filter(type("http-log")).findFirst().orElseThrow();
        assertThat(httpLog.at("/detail/http_info/status").asInt()).isEqualTo(200);
    }

    @Test
    void requestsServedAtOnceKeepTheirOwnIds() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            answers.add(graphql("{ n" + i + ": author(limit: " + (i + 1) + ") { id } }", "together-" + i));
        }
        for (var answer : answers) {
            assertThat(answer.get().statusCode()).isEqualTo(200);
        }
        List<JsonNode> queryLogs = await(line -> type("query-log").test(line)
                && line.at("/detail/request_id").asText().startsWith("together-"), 20);
        assertThat(queryLogs).hasSize(20);
        for (JsonNode line : queryLogs) {
            String id = line.at("/detail/request_id").asText();
            String n = id.substring("together-".length());
            assertThat(line.at("/detail/query/query").asText()).contains("n" + n + ":");
        }
    }

    @Test
    void aDatabaseConnectionKilledUnderARequestIsLoggedWithTheRequestsId() throws Exception {
        CompletableFuture<HttpResponse<String>> slow = graphql("{ slow_author { id } }", "killed-1");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (db.rows("SELECT pid FROM pg_stat_activity WHERE query LIKE '%slow_author%' AND pid <> pg_backend_pid()")
                .isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        db.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                + "WHERE query LIKE '%slow_author%' AND pid <> pg_backend_pid()");
        JsonNode body = JSON.readTree(slow.get().body());
        assertThat(body.at("/errors/0/extensions/code").asText()).isNotEmpty();
        List<JsonNode> errors = await(line -> line.path("level").asText().equals("error")
                && line.at("/detail/request_id").asText().equals("killed-1"), 1);
        assertThat(errors).isNotEmpty();
        assertThat(errors.get(0).at("/detail/error").asText()).isEqualTo("database query error");
        assertThat(errors.get(0).at("/detail/cause").asText()).containsIgnoringCase("connection");
        // The pool replaces the lost connection: the next request is answered.
        JsonNode next = JSON.readTree(graphql("{ author { id } }", null).get().body());
        assertThat(next.at("/data/author").size()).isEqualTo(2);
    }

    @Test
    void anOutageIsLoggedRequestByRequestAndServedThrough() throws Exception {
        // Postgres refuses new connections to the database and drops those it has, as while it restarts.
        db.executeOnServer("ALTER DATABASE " + db.name() + " WITH ALLOW_CONNECTIONS false");
        try {
            db.executeOnServer("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                    + db.name() + "'");
            JsonNode failed = JSON.readTree(graphql("{ author { id } }", "outage-1").get().body());
            // Hasura's words for a database that cannot be connected to.
            assertThat(failed.at("/errors/0/message").asText()).isEqualTo("connection error");
            assertThat(failed.at("/errors/0/extensions/code").asText()).isEqualTo("postgres-error");
        } finally {
            db.executeOnServer("ALTER DATABASE " + db.name() + " WITH ALLOW_CONNECTIONS true");
        }
        List<JsonNode> errors = await(line -> line.path("level").asText().equals("error")
                && line.at("/detail/request_id").asText().equals("outage-1"), 1);
        assertThat(errors).isNotEmpty();
        assertThat(errors.get(0).at("/detail/cause").asText()).contains("not currently accepting connections");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode next;
        do {
            next = JSON.readTree(graphql("{ author { id } }", null).get().body());
        } while (!next.has("data") && System.nanoTime() < deadline);
        assertThat(next.at("/data/author").size()).isEqualTo(2);
    }

    @Test
    void authWebhookCallsAreWebhookLogLinesOfTheirRequest() throws Exception {
        com.sun.net.httpserver.HttpServer hook = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/auth", exchange -> {
            boolean ok = "Bearer ok".equals(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] answer = (ok ? "{\"X-Hasura-Role\":\"admin\"}" : "{}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(ok ? 200 : 500, answer.length);
            try (var body = exchange.getResponseBody()) {
                body.write(answer);
            }
        });
        hook.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String url = "http://127.0.0.1:" + hook.getAddress().getPort() + "/auth";
        EngineConfig config = EngineConfig.defaults().withDatabaseUrl(db.url()).withAdminSecret(Optional.of("s"))
                .withAuth(new AuthConfig(Optional.of(url), false, Duration.ofSeconds(5), Optional.empty(),
                        Optional.empty()));
        try (TestServer hooked = TestServer.start(config, new JsonLog(new PrintStream(out, true,
                StandardCharsets.UTF_8), JsonLog.DEFAULT_TYPES))) {
            hooked.post("/v1/graphql", "{\"query\":\"{ __typename }\"}",
                    java.util.Map.of("Authorization", "Bearer ok", "x-request-id", "hooked-1"));
            hooked.post("/v1/graphql", "{\"query\":\"{ __typename }\"}",
                    java.util.Map.of("Authorization", "Bearer no", "x-request-id", "hooked-2"));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            List<JsonNode> calls = List.of();
            while (calls.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
                calls = new ArrayList<>();
                for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
                    if (line.contains("\"webhook-log\"")) {
                        calls.add(JSON.readTree(line));
                    }
                }
            }
            assertThat(calls).hasSize(2);
            JsonNode answered = calls.stream().filter(l -> l.at("/detail/request_id").asText().equals("hooked-1"))
                    .findFirst().orElseThrow();
            assertThat(answered.get("level").asText()).isEqualTo("info");
            assertThat(answered.at("/detail/status_code").asInt()).isEqualTo(200);
            assertThat(answered.at("/detail/method").asText()).isEqualTo("GET");
            assertThat(answered.at("/detail/url").asText()).isEqualTo(url);
            JsonNode refused = calls.stream().filter(l -> l.at("/detail/request_id").asText().equals("hooked-2"))
                    .findFirst().orElseThrow();
            assertThat(refused.get("level").asText()).isEqualTo("error");
            assertThat(refused.at("/detail/status_code").asInt()).isEqualTo(500);
        } finally {
            hook.stop(0);
        }
    }
}
