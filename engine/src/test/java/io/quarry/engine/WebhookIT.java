package io.quarry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.quarry.engine.config.AuthConfig;
import io.quarry.engine.config.EngineConfig;
import io.quarry.engine.testing.TestDatabase;
import io.quarry.engine.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Requests authenticated by a real auth webhook on loopback, in GET and POST modes, and when it misbehaves. */
class WebhookIT {
    private static final Map<String, String> ADMIN = Map.of("x-hasura-admin-secret", "s");
    private static TestDatabase db;
    private static HttpServer hook;
    private static TestServer getMode;
    private static TestServer postMode;
    private static final AtomicInteger calls = new AtomicInteger();
    private static final AtomicReference<String> lastPostBody = new AtomicReference<>();

    @BeforeAll
    static void setUp() throws IOException {
        db = TestDatabase.create(WebhookIT.class);
        db.execute("CREATE TABLE note (id int PRIMARY KEY, owner int, body text);"
                + "INSERT INTO note VALUES (1, 1, 'mine'), (2, 2, 'yours');");
        hook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hook.createContext("/", exchange -> {
            calls.incrementAndGet();
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if ("POST".equals(exchange.getRequestMethod())) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                lastPostBody.set(body);
                auth = body.contains("Bearer user-2") ? "Bearer user-2" : auth;
            }
            int status = 200;
            String answer;
            if ("Bearer user-1".equals(auth)) {
                answer = "{\"X-Hasura-Role\":\"user\",\"X-Hasura-User-Id\":\"1\",\"Cache-Control\":\"max-age=60\"}";
            } else if ("Bearer user-2".equals(auth)) {
                answer = "{\"X-Hasura-Role\":\"user\",\"X-Hasura-User-Id\":2}";
            } else if ("Bearer no-role".equals(auth)) {
                answer = "{\"X-Hasura-User-Id\":\"1\"}";
            } else if ("Bearer garbage".equals(auth)) {
                answer = "<html>not json";
            } else if ("Bearer slow".equals(auth)) {
                try {
                    Thread.sleep(3000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                answer = "{\"X-Hasura-Role\":\"admin\"}";
            } else if ("Bearer broken".equals(auth)) {
                status = 500;
                answer = "{\"X-Hasura-Role\":\"admin\"}";
            } else {
                status = 401;
                answer = "{}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        hook.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        hook.start();
        String url = "http://127.0.0.1:" + hook.getAddress().getPort() + "/auth";
        EngineConfig base = EngineConfig.defaults().withDatabaseUrl(db.url()).withAdminSecret(Optional.of("s"));
        getMode = TestServer.start(base.withAuth(new AuthConfig(Optional.of(url), false, Duration.ofSeconds(1),
                Optional.empty(), Optional.empty())));
        postMode = TestServer.start(base.withAuth(new AuthConfig(Optional.of(url), true, Duration.ofSeconds(1),
                Optional.empty(), Optional.empty())));
        getMode.post("/v1/metadata", """
                {"type":"bulk","args":[{"type":"pg_track_table","args":{"table":"note"}},
                 {"type":"pg_create_select_permission","args":{"table":"note","role":"user","permission":{
                   "columns":["id","body"],"filter":{"owner":{"_eq":"X-Hasura-User-Id"}}}}}]}
                """, ADMIN);
        postMode.post("/v1/metadata", "{\"type\":\"reload_metadata\",\"args\":{}}", ADMIN);
    }

    @AfterAll
    static void tearDown() {
        getMode.close();
        postMode.close();
        hook.stop(0);
        db.close();
    }

    private static JsonNode query(TestServer server, String token) {
        return server.post("/v1/graphql", "{\"query\":\"{ note { body } }\"}",
                Map.of("Authorization", "Bearer " + token, "x-hasura-role", "admin")).body();
    }

    @Test
    void theWebhookDecidesTheRoleAndSessionNotTheClientHeaders() {
        assertThat(query(getMode, "user-1").at("/data/note").toString()).isEqualTo("[{\"body\":\"mine\"}]");
        assertThat(query(getMode, "user-2").at("/data/note").toString()).isEqualTo("[{\"body\":\"yours\"}]");
    }

    @Test
    void aCacheControlAnswerIsReused() {
        query(getMode, "user-1");
        int before = calls.get();
        query(getMode, "user-1");
        query(getMode, "user-1");
        assertThat(calls.get()).isEqualTo(before);
    }

    @Test
    void postModeSendsHeadersAndTheRequest() {
        assertThat(query(postMode, "user-2").at("/data/note").toString()).isEqualTo("[{\"body\":\"yours\"}]");
        assertThat(lastPostBody.get()).contains("\"headers\"").contains("\"request\"").contains("note { body }");
    }

    @Test
    void refusalsAndFailuresAreErrorsNeverAFallbackRole() {
        assertThat(query(getMode, "nobody").at("/errors/0/extensions/code").asText()).isEqualTo("access-denied");
        assertThat(query(getMode, "no-role").at("/errors/0/extensions/code").asText()).isEqualTo("access-denied");
        assertThat(query(getMode, "garbage").at("/errors/0/extensions/code").asText()).isEqualTo("unexpected");
        assertThat(query(getMode, "broken").at("/errors/0/extensions/code").asText()).isEqualTo("unexpected");
        long start = System.nanoTime();
        assertThat(query(getMode, "slow").at("/errors/0/extensions/code").asText()).isEqualTo("unexpected");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
        TestServer.Response none = getMode.post("/v1/graphql", "{\"query\":\"{ note { body } }\"}", Map.of());
        assertThat(none.body().at("/errors/0/extensions/code").asText()).isEqualTo("access-denied");
    }

    @Test
    void aWebhookThatIsDownIsAnError() throws IOException {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        EngineConfig config = EngineConfig.defaults().withDatabaseUrl(db.url()).withAdminSecret(Optional.of("s"))
                .withAuth(new AuthConfig(Optional.of("http://127.0.0.1:" + closed + "/auth"), false,
                        Duration.ofSeconds(1), Optional.empty(), Optional.empty()));
        try (TestServer down = TestServer.start(config)) {
            assertThat(query(down, "user-1").at("/errors/0/extensions/code").asText()).isEqualTo("unexpected");
        }
    }
}
