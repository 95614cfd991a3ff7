package io.quarry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quarry.engine.plan.MutationPlanner;
import io.quarry.engine.plan.Planner;
import io.quarry.engine.request.GraphQLRequest;
import io.quarry.engine.request.Prepared;
import io.quarry.engine.service.EngineState;
import io.quarry.engine.sql.MutationCompiler;
import io.quarry.engine.sql.QueryCompiler;
import io.quarry.engine.sql.SqlStatement;
import io.quarry.engine.testing.ChinookApi;
import io.quarry.engine.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;

/**
 * Pins the SQL generated for representative queries and mutations over Chinook, and their results from Postgres
 * (mutations leave the data as they found it).
 *
 * <p>Each {@code golden/<case>.graphql} (with optional header lines {@code #> variables: {...}}, {@code #> role: r}
 * and {@code #> session: {"x-hasura-user-id": "1"}}) sits beside
 * {@code <case>.sql} (the statement and its parameters) and {@code <case>.json} (the response). Run with
 * {@code -Dquarry.golden.update=true} to rewrite them after an intended change; CI never rewrites.
 */
class GoldenQueriesIT {
    private static final Path DIR = Path.of("src/test/resources/golden");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final boolean UPDATE = Boolean.getBoolean("quarry.golden.update") && System.getenv("CI") == null;

    private static ChinookApi chinook;
    private static TestServer server;

    @BeforeAll
    static void setUp() {
        chinook = ChinookApi.start(GoldenQueriesIT.class);
        server = chinook.server();
        // A volatile function, which Hasura serves as a mutation field (43_mutation_function).
        TestServer.Response created = server.post("/v2/query", """
                {"type":"run_sql","args":{"sql":"CREATE FUNCTION add_genre(id int, genre_name text) RETURNS SETOF genre VOLATILE LANGUAGE sql AS $$ INSERT INTO genre (genre_id, name) VALUES (id, genre_name) RETURNING * $$"}}
                """, Map.of());
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        server.metadataOk("{\"type\":\"pg_track_function\",\"args\":{\"function\":\"add_genre\"}}");
    }

    @AfterAll
    static void tearDown() {
        if (chinook != null) {
            chinook.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> golden() throws IOException {
        List<Path> cases;
        try (Stream<Path> files = Files.list(DIR)) {
            cases = files.filter(p -> p.toString().endsWith(".graphql")).sorted().toList();
        }
        assertThat(cases).hasSizeGreaterThanOrEqualTo(20);
        return cases.stream().map(file -> DynamicTest.dynamicTest(name(file), () -> check(file)));
    }

    private static void check(Path file) throws Exception {
        String source = Files.readString(file, StandardCharsets.UTF_8);
        Map<String, Object> variables = new LinkedHashMap<>();
        String role = "admin";
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : source.lines().toList()) {
            if (line.startsWith("#> variables:")) {
                variables.putAll(JSON.readValue(line.substring("#> variables:".length()), Map.class));
            } else if (line.startsWith("#> role:")) {
                role = line.substring("#> role:".length()).trim();
                headers.put("x-hasura-role", role);
            } else if (line.startsWith("#> session:")) {
                Map<String, Object> session = JSON.readValue(line.substring("#> session:".length()), Map.class);
                session.forEach((k, v) -> headers.put(k, String.valueOf(v)));
            }
        }
        GraphQLRequest request = new GraphQLRequest(source, Optional.empty(), variables);
        EngineState state = server.quarry().engine().state();
        var preparer = state.preparer(role, false);
        // A query is one statement; a mutation one per field (a nested insert two: its write, then its read), run in
        // order in one transaction.
        List<SqlStatement> statements = new ArrayList<>();
        Prepared prepared = preparer.prepare(request);
        if (prepared instanceof Prepared.Mutation m) {
            MutationPlanner.plan(preparer.schema(), m.roots()).forEach(step -> step.mutations()
                    .forEach(mutation -> statements.addAll(MutationCompiler.compile(mutation, false).statements())));
        } else {
            statements.add(QueryCompiler.query(Planner.query(preparer.schema(), ((Prepared.Query) prepared).roots())));
        }
        StringBuilder sql = new StringBuilder();
        for (SqlStatement statement : statements) {
            sql.append(statement.text()).append("\n-- params: ")
                    .append(new ObjectMapper().writeValueAsString(statement.params())).append('\n');
        }
        JsonNode response = server.graphql(source, variables, headers);
        String json = JSON.writeValueAsString(response) + "\n";

        Path sqlFile = sibling(file, ".sql");
        Path jsonFile = sibling(file, ".json");
        if (UPDATE || !Files.exists(sqlFile) || !Files.exists(jsonFile)) {
            if (System.getenv("CI") != null) {
                throw new AssertionError("missing golden files for " + file);
            }
            Files.writeString(sqlFile, sql.toString(), StandardCharsets.UTF_8);
            Files.writeString(jsonFile, json, StandardCharsets.UTF_8);
        }
        assertThat(response.has("errors")).as("errors in %s: %s", file, response).isFalse();
        assertThat(sql.toString()).isEqualTo(Files.readString(sqlFile, StandardCharsets.UTF_8));
        JSONAssert.assertEquals(Files.readString(jsonFile, StandardCharsets.UTF_8), json, JSONCompareMode.STRICT);
    }

    private static Path sibling(Path file, String extension) {
        return file.resolveSibling(name(file) + extension);
    }

    private static String name(Path file) {
        String n = file.getFileName().toString();
        return n.substring(0, n.lastIndexOf('.'));
    }
}
