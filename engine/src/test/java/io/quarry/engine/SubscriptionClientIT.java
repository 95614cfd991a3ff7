package io.quarry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.engine.config.EngineConfig;
import io.quarry.engine.log.JsonLog;
import io.quarry.engine.testing.NodeProject;
import io.quarry.engine.testing.TestDatabase;
import io.quarry.engine.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code graphql-ws} npm client, as apps run it (with {@code ws} in Node), against a running engine:
 * {@code subscribe.mjs} of the Node project subscribes, inserts a row over the same socket, sees it, completes; the
 * engine logs the socket's life as Hasura does.
 */
class SubscriptionClientIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
    private static TestDatabase db;
    private static TestServer server;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(SubscriptionClientIT.class);
        db.execute("CREATE TABLE note (id serial PRIMARY KEY, owner text NOT NULL, body text NOT NULL);"
                + "INSERT INTO note (owner, body) VALUES ('7', 'kept'), ('8', 'not yours')");
        // Subscriptions as configured by default: polled every second, the first answer at once.
        server = TestServer.start(EngineConfig.defaults().withDatabaseUrl(db.url()).withAdminSecret(Optional.of("s")),
                new JsonLog(new PrintStream(LOG, true, StandardCharsets.UTF_8), JsonLog.DEFAULT_TYPES));
        server.post("/v1/metadata", """
                {"type":"bulk","args":[{"type":"pg_track_table","args":{"table":"note"}},
                 {"type":"pg_create_select_permission","args":{"table":"note","role":"user","permission":{
                   "columns":["id","body"],"filter":{"owner":{"_eq":"X-Hasura-User-Id"}}}}},
                 {"type":"pg_create_insert_permission","args":{"table":"note","role":"user","permission":{
                   "columns":["body"],"check":{},"set":{"owner":"X-Hasura-User-Id"}}}}]}""",
                java.util.Map.of("x-hasura-admin-secret", "s"));
    }

    @AfterAll
    static void tearDown() {
        server.close();
        db.close();
    }

    @Test
    void theGraphqlWsClientSubscribesSeesAnInsertAndCompletes() throws Exception {
        String headers = "{\"x-hasura-admin-secret\":\"s\",\"x-hasura-role\":\"user\",\"x-hasura-user-id\":\"7\"}";
        NodeProject.Outcome outcome = NodeProject.run("subscribe.mjs",
                List.of("ws://127.0.0.1:" + server.port() + "/v1/graphql", headers), 60);
        assertThat(outcome.exitCode()).as(outcome.output()).isZero();
        List<JsonNode> steps = new ArrayList<>();
        for (String line : outcome.output().split("\n")) {
            if (line.startsWith("{")) {
                steps.add(JSON.readTree(line));
            }
        }
        List<String> names = steps.stream().map(s -> s.path("step").asText()).toList();
        assertThat(names).startsWith("connected", "first", "inserted").contains("next", "completed", "done");
        // The user sees its own note only, then the one it inserted, whose owner the permission set.
        assertThat(steps.get(1).at("/result/data/note").toString()).isEqualTo("[{\"body\":\"kept\"}]");
        JsonNode last = steps.get(names.lastIndexOf("next"));
        assertThat(last.at("/result/data/note/0/body").asText()).isEqualTo("kept");
        assertThat(last.at("/result/data/note/1/body").asText()).startsWith("from graphql-ws");
        assertThat(db.rows("SELECT owner FROM note WHERE body LIKE 'from graphql-ws%'").toString())
                .isEqualTo("[[7]]");
        // The client completed its subscription and closed its socket: the server keeps neither.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (server.quarry().subscriptions().active() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(server.quarry().subscriptions().active()).isZero();
        assertSocketLogged();
    }

    /**
     * The socket's websocket-log lines, in Hasura's shape: accepted, the subscription started, the mutation
     * completed, the subscription stopped, closed; the session's variables once it is initialised, and no query
     * (query-log is off).
     */
    private static void assertSocketLogged() throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            lines.clear();
            for (String line : LOG.toString(StandardCharsets.UTF_8).split("\n")) {
                JsonNode node = line.isEmpty() ? null : JSON.readTree(line);
                if (node != null && node.path("type").asText().equals("websocket-log")) {
                    lines.add(node);
                }
            }
            if (lines.stream().anyMatch(l -> l.at("/detail/event/type").asText().equals("closed"))) {
                break;
            }
            Thread.sleep(20);
        }
        List<String> events = lines.stream().map(l -> {
            JsonNode event = l.at("/detail/event");
            return event.path("type").asText() + event.at("/detail/operation_type/type").asText("");
        }).toList();
        assertThat(events).containsExactly("accepted", "operationstarted", "operationcompleted", "operationstopped",
                "closed");
        JsonNode accepted = lines.get(0).path("detail");
        // Each line also has the request_id of the socket's upgrade request, as every line logged for a request has.
        assertThat(accepted.toString()).matches("\\{\"user_vars\":null,\"connection_info\":\\{\"websocket_id\":"
                + "\"[-0-9a-f]{36}\",\"token_expiry\":null,\"msg\":null},\"event\":\\{\"type\":\"accepted\"}"
                + "(,\"request_id\":\"[^\"]+\")?}");
        JsonNode started = lines.get(1).path("detail");
        assertThat(lines.get(1).path("level").asText()).isEqualTo("info");
        assertThat(started.path("user_vars").toString())
                .isEqualTo("{\"x-hasura-role\":\"user\",\"x-hasura-user-id\":\"7\"}");
        assertThat(started.at("/connection_info/websocket_id")).isEqualTo(accepted.at("/connection_info/websocket_id"));
        JsonNode operation = started.at("/event/detail");
        assertThat(operation.path("operation_id").asText()).isNotEmpty();
        assertThat(operation.path("request_id").asText()).isNotEmpty();
        assertThat(operation.path("query").isNull()).isTrue();
        JsonNode stopped = lines.get(3).at("/detail/event/detail");
        assertThat(stopped.path("operation_id")).isEqualTo(operation.path("operation_id"));
        assertThat(stopped.path("request_id").isNull()).isTrue();
        assertThat(lines.get(4).at("/detail/user_vars/x-hasura-user-id").asText()).isEqualTo("7");
    }
}
