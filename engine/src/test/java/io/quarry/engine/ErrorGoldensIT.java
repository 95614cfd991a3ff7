package io.quarry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarry.engine.config.EngineConfig;
import io.quarry.engine.log.JsonLog;
import io.quarry.engine.testing.TestDatabase;
import io.quarry.engine.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Each error a client can meet, in Hasura's words and at Hasura's path: one file per case in
 * {@code src/test/resources/errors/}, holding the request ({@code endpoint}, {@code headers}, {@code body}) and the
 * whole response expected ({@code status}, {@code response}), sent over HTTP to a real engine on a real database.
 * In an expected response the string {@code "<any>"} matches any value (the statement of an error's internal
 * details). {@code -Dquarry.errors.update=true} writes the responses as they are today, for review; never under CI.
 */
class ErrorGoldensIT {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Path CASES = Path.of("src/test/resources/errors");
    private static final boolean UPDATE = Boolean.getBoolean("quarry.errors.update") && System.getenv("CI") == null;
    private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
    private static TestDatabase db;
    private static TestServer server;
    /** An engine in dev mode, started before the database changes under it. */
    private static TestServer dev;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(ErrorGoldensIT.class);
        db.execute("CREATE TABLE author (id serial PRIMARY KEY, name text NOT NULL UNIQUE, rating int,"
                + " CONSTRAINT rating_range CHECK (rating BETWEEN 0 AND 5));"
                + "CREATE TABLE article (id serial PRIMARY KEY, title text, author_id int REFERENCES author(id));"
                + "CREATE MATERIALIZED VIEW author_stats AS SELECT author_id, count(*) AS articles FROM article"
                + " GROUP BY author_id;"
                + "CREATE TABLE renamed (id int PRIMARY KEY, label text);"
                + "INSERT INTO author (name, rating) VALUES ('Ann', 4), ('Bob', 2);"
                + "INSERT INTO article (title, author_id) VALUES ('One', 1);");
        server = TestServer.start(EngineConfig.defaults().withDatabaseUrl(db.url()),
                new JsonLog(new PrintStream(LOG, true, StandardCharsets.UTF_8), Set.of("http-log")));
        metadata("{\"type\":\"bulk\",\"args\":["
                + "{\"type\":\"pg_track_table\",\"args\":{\"table\":\"author\"}},"
                + "{\"type\":\"pg_track_table\",\"args\":{\"table\":\"article\"}},"
                + "{\"type\":\"pg_track_table\",\"args\":{\"table\":\"author_stats\"}},"
                + "{\"type\":\"pg_track_table\",\"args\":{\"table\":\"renamed\"}},"
                + "{\"type\":\"pg_create_select_permission\",\"args\":{\"table\":\"author\",\"role\":\"user\","
                + "\"permission\":{\"columns\":[\"id\",\"name\"],\"filter\":{\"id\":{\"_eq\":\"X-Hasura-User-Id\"}}}}},"
                + "{\"type\":\"pg_create_select_permission\",\"args\":{\"table\":\"author_stats\",\"role\":\"user\","
                + "\"permission\":{\"columns\":[\"author_id\",\"articles\"],\"filter\":{}}}}]}");
        dev = TestServer.start(EngineConfig.defaults().withDatabaseUrl(db.url()).withDevMode(true));
        // The database changes under the served schema, as when a migration runs before the metadata is reloaded.
        db.execute("DROP MATERIALIZED VIEW author_stats; ALTER TABLE renamed RENAME COLUMN label TO title");
    }

    @AfterAll
    static void tearDown() {
        server.close();
        dev.close();
        db.close();
    }

    private static void metadata(String body) {
        TestServer.Response r = server.post("/v1/metadata", body, Map.of());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    @TestFactory
    Stream<DynamicTest> everyErrorAsHasuraWordsIt() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(CASES)) {
            files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> run(file)));
    }

    @SuppressWarnings("unchecked")
    private static void run(Path file) throws IOException {
        ObjectNode golden = (ObjectNode) JSON.readTree(file.toFile());
        Map<String, String> headers = new LinkedHashMap<>();
        golden.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
        TestServer.Response r = server.post(golden.path("endpoint").asText("/v1/graphql"),
                JSON.writeValueAsString(golden.get("body")), headers);
        if (UPDATE) {
            golden.put("status", r.status());
            // The statement belongs to the SQL goldens, not to these.
            JsonNode response = r.body().deepCopy();
            response.findParents("statement").forEach(p -> ((ObjectNode) p).put("statement", "<any>"));
            golden.set("response", response);
            Files.writeString(file, JSON.writeValueAsString(golden) + "\n", StandardCharsets.UTF_8);
            return;
        }
        assertThat(r.status()).as(r.text()).isEqualTo(golden.path("status").asInt(200));
        List<String> differences = new ArrayList<>();
        compare(golden.get("response"), r.body(), "$", differences);
        assertThat(differences).as("%s answered %s", file.getFileName(), r.text()).isEmpty();
    }

    private static void compare(JsonNode expected, JsonNode actual, String path, List<String> out) {
        if (expected.isTextual() && expected.asText().equals("<any>")) {
            return;
        }
        if (expected.isObject() && actual != null && actual.isObject()) {
            List<String> names = new ArrayList<>();
            actual.fieldNames().forEachRemaining(names::add);
            for (Iterator<String> it = expected.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                names.remove(name);
                compare(expected.get(name), actual.get(name), path + "." + name, out);
            }
            names.forEach(extra -> out.add(path + "." + extra + ": not expected"));
        } else if (expected.isArray() && actual != null && actual.isArray() && expected.size() == actual.size()) {
            for (int i = 0; i < expected.size(); i++) {
                compare(expected.get(i), actual.get(i), path + "[" + i + "]", out);
            }
        } else if (!expected.equals(actual)) {
            out.add(path + ": expected " + expected + ", got " + actual);
        }
    }

    @Test
    void unexpectedErrorsAreLoggedWithTheirStackTraceAndRequestId() throws IOException {
        server.post("/v1/graphql", "{\"query\":\"{ author_stats { articles } }\"}", Map.of("x-request-id", "trace-me"));
        JsonNode line = null;
        for (int attempt = 0; attempt < 50 && line == null; attempt++) {
            for (String text : LOG.toString(StandardCharsets.UTF_8).split("\n")) {
                // The error line, not the request's http-log line, which carries the same request id.
                if (text.contains("trace-me") && text.contains("stack_trace")) {
                    line = JSON.readTree(text);
                }
            }
            sleep();
        }
        assertThat(line).as(LOG.toString(StandardCharsets.UTF_8)).isNotNull();
        assertThat(line.path("level").asText()).isEqualTo("error");
        assertThat(line.at("/detail/request_id").asText()).isEqualTo("trace-me");
        assertThat(line.at("/detail/stack_trace").asText()).contains("PgException");
        assertThat(line.at("/detail/internal/error/status_code").asText()).isEqualTo("42P01");
    }

    @Test
    void theIntrospectionQueryOfClientToolsPassesTheChecks() throws IOException {
        String body = JSON.writeValueAsString(Map.of("query", graphql.introspection.IntrospectionQuery.INTROSPECTION_QUERY,
                "operationName", "IntrospectionQuery"));
        for (Map<String, String> headers : List.of(Map.<String, String>of(), Map.of("x-hasura-role", "user"))) {
            JsonNode answer = server.post("/v1/graphql", body, headers).body();
            assertThat(answer.has("errors")).as(answer.toString()).isFalse();
            assertThat(answer.at("/data/__schema/queryType/name").asText()).isEqualTo("query_root");
        }
    }

    @Test
    void devModeShowsEveryRoleWhy() {
        JsonNode body = dev.post("/v1/graphql", "{\"query\":\"{ author_stats { articles } }\"}",
                Map.of("x-hasura-role", "user")).body();
        assertThat(body.at("/errors/0/extensions/code").asText()).as(body.toString()).isEqualTo("unexpected");
        assertThat(body.at("/errors/0/extensions/internal/error/message").asText())
                .isEqualTo("relation \"public.author_stats\" does not exist");
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
