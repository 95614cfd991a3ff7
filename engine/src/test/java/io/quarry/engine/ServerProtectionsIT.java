package io.quarry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.engine.config.EngineConfig;
import io.quarry.engine.config.Protections;
import io.quarry.engine.testing.TestDatabase;
import io.quarry.engine.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The server's own protections: slow statements, hung-up clients, idle sockets, oversized or malformed bodies. */
class ServerProtectionsIT {
    private static final String SLOW = "{\"query\":\"{ slow { id } }\"}";
    private static final String FAST = "{\"query\":\"{ item { id } }\"}";

    private static TestDatabase db;
    private static TestServer server;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(ServerProtectionsIT.class);
        db.execute("CREATE TABLE item (id int PRIMARY KEY); INSERT INTO item VALUES (1), (2);"
                + "CREATE VIEW slow AS SELECT 1 AS id FROM pg_sleep(4);");
        Protections protections = Protections.defaults().withStatementTimeout(Duration.ofSeconds(2))
                .withIdleTimeout(Duration.ofSeconds(1)).withMaxConnections(300);
        server = TestServer.start(EngineConfig.defaults().withDatabaseUrl(db.url()).withProtections(protections));
        server.metadataOk("{\"type\":\"bulk\",\"args\":[{\"type\":\"pg_track_table\",\"args\":{\"table\":\"item\"}},"
                + "{\"type\":\"pg_track_table\",\"args\":{\"table\":\"slow\"}}]}");
    }

    @AfterAll
    static void tearDown() {
        server.close();
        db.close();
    }

    private static long sleeping() {
        return (Long) db.rows("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                + "AND state = 'active' AND wait_event = 'PgSleep'").get(0).get(0);
    }

    @Test
    void aSlowQueryDoesNotDelayFastOnesOnOtherConnections() throws Exception {
        CompletableFuture<TestServer.Response> slow = CompletableFuture.supplyAsync(
                () -> server.post("/v1/graphql", SLOW, Map.of()));
        Thread.sleep(200);
        long worst = 0;
        for (int i = 0; i < 20; i++) {
            long start = System.nanoTime();
            JsonNode body = server.post("/v1/graphql", FAST, Map.of()).body();
            worst = Math.max(worst, System.nanoTime() - start);
            assertThat(body.at("/data/item").size()).isEqualTo(2);
        }
        assertThat(TimeUnit.NANOSECONDS.toMillis(worst)).isLessThan(500);
        slow.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aStatementPastItsTimeoutIsCancelled() {
        long start = System.nanoTime();
        JsonNode body = server.post("/v1/graphql", SLOW, Map.of()).body();
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(body.at("/errors/0/message").asText()).contains("time limit");
        assertThat(body.at("/errors/0/extensions/code").asText()).isEqualTo("unexpected");
        assertThat(took).isBetween(1_900L, 3_500L);
        assertThat(sleeping()).isZero();
    }

    @Test
    void theOperationsOfABatchShareOneTimeLimit() {
        long start = System.nanoTime();
        JsonNode body = server.post("/v1/graphql", "[" + SLOW + "," + SLOW + "," + SLOW + "]", Map.of()).body();
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(body.size()).isEqualTo(3);
        for (JsonNode answer : body) {
            assertThat(answer.at("/errors/0/message").asText()).contains("time limit (2 s)");
        }
        assertThat(took).isLessThan(4_000L);
    }

    @Test
    void aClientThatHangsUpHasItsStatementCancelled() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            byte[] body = SLOW.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            long deadline = System.currentTimeMillis() + 5_000;
            while (sleeping() == 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(sleeping()).isEqualTo(1);
        }
        // The view sleeps 4 s: its statement is gone well before that only if the hang-up cancelled it.
        long deadline = System.currentTimeMillis() + 2_500;
        while (sleeping() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(sleeping()).isZero();
    }

    @Test
    void halfSentHeadersAreClosedAndCannotStallTheServer() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                Socket socket = new Socket("127.0.0.1", server.port());
                socket.getOutputStream().write("POST /v1/graphql HTTP/1.1\r\nHost: x\r\nX-Slow: "
                        .getBytes(StandardCharsets.US_ASCII));
                sockets.add(socket);
            }
            assertThat(server.post("/v1/graphql", FAST, Map.of()).body().at("/data/item").size()).isEqualTo(2);
            Thread.sleep(1_800);
            for (Socket socket : sockets) {
                assertThat(closedByServer(socket)).isTrue();
            }
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    @Test
    void connectionsPastTheCapAreClosedAsTheyArrive() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 320; i++) {
                sockets.add(new Socket("127.0.0.1", server.port()));
            }
            Thread.sleep(200);
            long closed = 0;
            for (Socket socket : sockets.subList(280, 320)) {
                closed += closedByServer(socket) ? 1 : 0;
            }
            assertThat(closed).isGreaterThanOrEqualTo(20);
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        Thread.sleep(200);
        assertThat(server.post("/v1/graphql", FAST, Map.of()).body().at("/data/item").size()).isEqualTo(2);
    }

    private static boolean closedByServer(Socket socket) throws IOException {
        socket.setSoTimeout(300);
        try {
            InputStream in = socket.getInputStream();
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Test
    void aRolesTimeLimitCancelsItsStatementSooner() {
        server.metadataOk("{\"type\":\"pg_create_select_permission\",\"args\":{\"table\":\"slow\",\"role\":\"user\","
                + "\"permission\":{\"columns\":[\"id\"],\"filter\":{}}}}");
        server.metadataOk("{\"type\":\"set_api_limits\",\"args\":{\"time_limit\":{\"global\":30,"
                + "\"per_role\":{\"user\":1}}}}");
        try {
            long start = System.nanoTime();
            JsonNode body = server.post("/v1/graphql", SLOW, Map.of("x-hasura-role", "user")).body();
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(body.at("/errors/0/message").asText()).contains("time limit (1 s)");
            assertThat(took).isBetween(900L, 1_900L);
        } finally {
            server.metadataOk("{\"type\":\"remove_api_limits\",\"args\":{}}");
        }
    }

    @Test
    void aQueryOfOnlyTypenameNeedsNoDatabase() {
        db.executeOnServer("ALTER DATABASE " + db.name() + " ALLOW_CONNECTIONS false;"
                + "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db.name() + "'");
        try {
            assertThat(server.post("/v1/graphql", "{\"query\":\"{ __typename }\"}", Map.of()).body().toString())
                    .isEqualTo("{\"data\":{\"__typename\":\"query_root\"}}");
        } finally {
            db.executeOnServer("ALTER DATABASE " + db.name() + " ALLOW_CONNECTIONS true");
        }
    }

    @Test
    void trailingBytesAfterTheJsonBodyAreRefused() {
        TestServer.Response response = server.post("/v1/graphql", FAST + " garbage", Map.of());
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().at("/errors/0/extensions/code").asText()).isEqualTo("invalid-json");
        TestServer.Response metadata = server.post("/v1/metadata", "{\"type\":\"export_metadata\",\"args\":{}}}",
                Map.of());
        assertThat(metadata.status()).isEqualTo(400);
        assertThat(metadata.body().path("code").asText()).isEqualTo("invalid-json");
    }

    @Test
    void aBatchOverTheLimitIsRefusedWhole() {
        String batch = "[" + String.join(",", java.util.Collections.nCopies(101, FAST)) + "]";
        JsonNode body = server.post("/v1/graphql", batch, Map.of()).body();
        assertThat(body.at("/errors/0/extensions/code").asText()).isEqualTo("validation-failed");
    }

    @Test
    void healthAnswersHeadAndStrictAndSaysWhenTheDatabaseIsDown() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + server.port() + "/healthz");
        HttpResponse<String> head = http.send(HttpRequest.newBuilder(uri).method("HEAD",
                HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(server.get("/healthz?strict=true").text()).isEqualTo("OK");
        db.executeOnServer("ALTER DATABASE " + db.name() + " ALLOW_CONNECTIONS false");
        try {
            Thread.sleep(1_100);
            TestServer.Response down = server.get("/healthz");
            assertThat(down.status()).isEqualTo(500);
            assertThat(down.text()).isEqualTo("ERROR");
        } finally {
            db.executeOnServer("ALTER DATABASE " + db.name() + " ALLOW_CONNECTIONS true");
        }
        Thread.sleep(1_100);
        assertThat(server.get("/healthz").text()).isEqualTo("OK");
    }

    @Test
    void aBodyOverTheLimitAnswers413() throws Exception {
        EngineConfig small = EngineConfig.defaults().withDatabaseUrl(db.url()).withProtections(
                new Protections(1_000, 100, 10, Duration.ofSeconds(5), Duration.ofSeconds(5), 100, false));
        try (TestServer limited = TestServer.start(small)) {
            String big = "{\"query\":\"{ item { id } }\",\"x\":\"" + "a".repeat(2_000) + "\"}";
            TestServer.Response response = limited.post("/v1/graphql", big, Map.of());
            assertThat(response.status()).isEqualTo(413);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + limited.port() + "/v1/graphql"))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                            big.getBytes(StandardCharsets.UTF_8)))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(chunked.statusCode()).isEqualTo(413);
        }
    }
}
