package io.quarry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.engine.config.EngineConfig;
import io.quarry.engine.error.ApiError;
import io.quarry.engine.service.EngineState;
import io.quarry.engine.testing.TestDatabase;
import io.quarry.engine.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** set_api_limits and the introspection options: each limit allows, refuses, spares the admin, and goes away. */
class ApiLimitsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEEP = "{ artist { albums { title } } }";
    private static TestDatabase db;
    private static TestServer server;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(ApiLimitsIT.class);
        db.execute("CREATE TABLE artist (id serial PRIMARY KEY, name text NOT NULL);"
                + "CREATE TABLE album (id serial PRIMARY KEY, title text, artist_id int REFERENCES artist(id));"
                + "INSERT INTO artist (name) VALUES ('Ann');INSERT INTO album (title, artist_id) VALUES ('One', 1);");
        server = TestServer.start(EngineConfig.defaults().withDatabaseUrl(db.url()));
        StringBuilder bulk = new StringBuilder("""
                {"type":"bulk","args":[
                 {"type":"pg_track_table","args":{"table":"artist"}},
                 {"type":"pg_track_table","args":{"table":"album"}},
                 {"type":"pg_create_array_relationship","args":{"table":"artist","name":"albums",
                   "using":{"foreign_key_constraint_on":{"table":"album","column":"artist_id"}}}}""");
        for (String role : new String[] {"user", "guest", "reader"}) {
            bulk.append(",{\"type\":\"pg_create_select_permission\",\"args\":{\"table\":\"artist\",\"role\":\"")
                    .append(role).append("\",\"permission\":{\"columns\":\"*\",\"filter\":{}}}}")
                    .append(",{\"type\":\"pg_create_select_permission\",\"args\":{\"table\":\"album\",\"role\":\"")
                    .append(role).append("\",\"permission\":{\"columns\":\"*\",\"filter\":{}}}}");
        }
        server.metadataOk(bulk.append("]}").toString());
    }

    @AfterAll
    static void tearDown() {
        server.close();
        db.close();
    }

    @AfterEach
    void removeLimits() {
        server.metadataOk("{\"type\":\"remove_api_limits\",\"args\":{}}");
        server.metadataOk("{\"type\":\"set_graphql_schema_introspection_options\",\"args\":{\"disabled_for_roles\":[]}}");
    }

    private static JsonNode as(String role, String query) {
        return server.graphql(query, Map.of(), role == null ? Map.of() : Map.of("x-hasura-role", role));
    }

    private static JsonNode as(String role, String userId, String query) {
        return server.graphql(query, Map.of(), Map.of("x-hasura-role", role, "x-hasura-user-id", userId));
    }

    private static void assertRefused(JsonNode body, String code, String message) {
        assertThat(body.has("data")).isFalse();
        assertThat(body.at("/errors/0/extensions/code").asText()).isEqualTo(code);
        assertThat(body.at("/errors/0/extensions/path").asText()).isEqualTo("$");
        assertThat(body.at("/errors/0/message").asText()).isEqualTo(message);
    }

    private static void assertAnswered(JsonNode body) {
        assertThat(body.has("errors")).as(body.toString()).isFalse();
        assertThat(body.has("data")).isTrue();
    }

    @Test
    void depthLimitRefusesDeeperOperationsForItsRoleOnly() {
        server.metadataOk("""
                {"type":"set_api_limits","args":{"depth_limit":{"global":5,"per_role":{"user":1}}}}""");
        assertRefused(as("user", DEEP), "validation-failed",
                "depth limit exceeded: the operation's depth is 2, the limit is 1");
        assertAnswered(as("user", "{ artist { name } }"));
        assertAnswered(as("guest", DEEP));
        assertAnswered(as(null, DEEP));
        // Introspection does not count towards the depth.
        assertAnswered(as("user", "{ __schema { types { fields { type { name } } } } }"));
    }

    @Test
    void aFragmentCycleUnderADepthLimitIsRefusedNotMeasured() {
        server.metadataOk("""
                {"type":"set_api_limits","args":{"depth_limit":{"global":5}}}""");
        JsonNode body = as("guest", "query { artist { ...a } } fragment a on artist { albums { artist { ...a } } }");
        assertThat(body.at("/errors/0/extensions/code").asText()).isEqualTo("validation-failed");
        assertThat(body.at("/errors/0/message").asText()).isEqualTo("cannot spread fragment \"a\" within itself via a");
    }

    @Test
    void nodeLimitCountsFieldsWithSelections() {
        server.metadataOk("""
                {"type":"set_api_limits","args":{"node_limit":{"global":1}}}""");
        assertRefused(as("guest", DEEP), "validation-failed",
                "node limit exceeded: the operation has 2 nodes, the limit is 1");
        assertAnswered(as("guest", "{ artist { id name } }"));
        assertAnswered(as(null, DEEP));
    }

    @Test
    void disabledLimitsAndRemovedLimitsRestoreAccess() {
        server.metadataOk("""
                {"type":"set_api_limits","args":{"depth_limit":{"global":1},"disabled":true}}""");
        assertAnswered(as("user", DEEP));
        server.metadataOk("""
                {"type":"set_api_limits","args":{"depth_limit":{"global":1}}}""");
        assertThat(as("user", DEEP).has("errors")).isTrue();
        server.metadataOk("{\"type\":\"remove_api_limits\",\"args\":{}}");
        assertAnswered(as("user", DEEP));
        assertThat(server.metadataOk("{\"type\":\"export_metadata\",\"args\":{}}").has("api_limits")).isFalse();
    }

    @Test
    void rateLimitCountsPerUserIdAndPerRole() {
        server.metadataOk("""
                {"type":"set_api_limits","args":{"rate_limit":{"global":{"max_reqs_per_min":2,"unique_params":null},
                  "per_role":{"reader":{"max_reqs_per_min":2,"unique_params":["x-hasura-user-id"]}}}}}""");
        String query = "{ artist { name } }";
        assertAnswered(as("reader", "1", query));
        assertAnswered(as("reader", "1", query));
        assertRefused(as("reader", "1", query), "validation-failed",
                "rate limit exceeded: at most 2 requests a minute are allowed for role \"reader\"");
        // Another user of the same role has requests of its own.
        assertAnswered(as("reader", "2", query));
        // Without unique parameters, all users of a role share its limit.
        assertAnswered(as("guest", "1", query));
        assertAnswered(as("guest", "2", query));
        assertRefused(as("guest", "3", query), "validation-failed",
                "rate limit exceeded: at most 2 requests a minute are allowed for role \"guest\"");
        for (int i = 0; i < 5; i++) {
            assertAnswered(as(null, query));
        }
    }

    @Test
    void batchAndTimeLimitsAreTheRolesTighterBounds() {
        server.metadataOk("""
                {"type":"set_api_limits","args":{"batch_limit":{"global":3,"per_role":{"user":2}},
                  "time_limit":{"global":2.5,"per_role":{"user":1}}}}""");
        EngineState state = server.quarry().engine().state();
        Optional<ApiError> refused = state.checkBatch("user", 3);
        assertThat(refused).isPresent();
        assertThat(refused.get().getMessage()).isEqualTo("batch limit exceeded: the request has 3 operations, the limit is 2");
        assertThat(state.checkBatch("user", 2)).isEmpty();
        assertThat(state.checkBatch("guest", 3)).isEmpty();
        assertThat(state.checkBatch("admin", 100)).isEmpty();
        assertThat(state.checkBatch("admin", 101)).isPresent();
        assertThat(state.timeLimit("user")).contains(Duration.ofSeconds(1));
        assertThat(state.timeLimit("guest")).contains(Duration.ofMillis(2500));
        assertThat(state.timeLimit("admin")).isEmpty();
    }

    @Test
    void exportShowsTheLimitsAsHasuraDoes() throws Exception {
        String limits = """
                {"rate_limit":{"global":{"max_reqs_per_min":100,"unique_params":"IP"},"per_role":{}},
                 "depth_limit":{"global":5,"per_role":{"user":3}},"disabled":false}""";
        server.metadataOk("{\"type\":\"set_api_limits\",\"args\":" + limits + "}");
        JsonNode exported = server.metadataOk("{\"type\":\"export_metadata\",\"args\":{}}");
        assertThat(exported.get("api_limits")).isEqualTo(JSON.readTree(limits));
        TestServer.Response bad = server.metadata("""
                {"type":"set_api_limits","args":{"rate_limit":{"global":{"max_reqs_per_min":1,"unique_params":"x"}}}}""");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("code").asText()).isEqualTo("parse-failed");
        assertThat(bad.body().get("path").asText()).isEqualTo("$.args.rate_limit.global.unique_params");
    }

    @Test
    void introspectionIsRefusedOnlyForTheNamedRoles() {
        server.metadataOk("""
                {"type":"set_graphql_schema_introspection_options","args":{"disabled_for_roles":["user"]}}""");
        assertRefused(as("user", "{ __schema { types { name } } }"), "not-supported",
                "introspection is disabled for role: \"user\"");
        assertRefused(as("user", "{ __type(name: \"artist\") { name } }"), "not-supported",
                "introspection is disabled for role: \"user\"");
        JsonNode typename = as("user", "{ __typename artist { __typename name } }");
        assertThat(typename.at("/data/__typename").asText()).isEqualTo("query_root");
        assertAnswered(as("guest", "{ __schema { queryType { name } } }"));
        assertAnswered(as(null, "{ __schema { queryType { name } } }"));
        assertThat(server.metadataOk("{\"type\":\"export_metadata\",\"args\":{}}")
                .at("/graphql_schema_introspection/disabled_for_roles/0").asText()).isEqualTo("user");
    }
}
