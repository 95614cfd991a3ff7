package io.quarry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.engine.config.EngineConfig;
import io.quarry.engine.testing.TestDatabase;
import io.quarry.engine.testing.TestServer;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every error a client can provoke gets Hasura's shape, code and path, and the server keeps serving. */
class ErrorsIT {
    private static final Map<String, String> ADMIN = Map.of("x-hasura-admin-secret", "s3cret");
    private static TestDatabase db;
    private static TestServer server;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(ErrorsIT.class);
        db.execute("CREATE TABLE author (id serial PRIMARY KEY, name text NOT NULL, big bigint, code uuid);"
                + "CREATE TABLE article (id serial PRIMARY KEY, title text, author_id int REFERENCES author(id));"
                + "INSERT INTO author (name, big) VALUES ('Ann', 1), ('Bob', 2);");
        server = TestServer.start(EngineConfig.defaults().withDatabaseUrl(db.url()).withAdminSecret(Optional.of("s3cret")));
        metadata("{\"type\":\"bulk\",\"args\":[{\"type\":\"pg_track_table\",\"args\":{\"table\":\"author\"}},"
                + "{\"type\":\"pg_track_table\",\"args\":{\"table\":\"article\"}}]}");
    }

    @AfterAll
    static void tearDown() {
        server.close();
        db.close();
    }

    private static TestServer.Response metadata(String body) {
        return server.post("/v1/metadata", body, ADMIN);
    }

    private static JsonNode graphql(String body) {
        TestServer.Response r = server.post("/v1/graphql", body, ADMIN);
        assertThat(r.status()).isEqualTo(200);
        return r.body();
    }

    private static void assertGraphqlError(JsonNode body, String code, String path, String message) {
        assertThat(body.has("data")).isFalse();
        JsonNode error = body.at("/errors/0");
        assertThat(error.at("/extensions/code").asText()).isEqualTo(code);
        assertThat(error.at("/extensions/path").asText()).isEqualTo(path);
        assertThat(error.get("message").asText()).contains(message);
        assertThat(error.get("message").asText()).doesNotContain("SELECT", "Exception", "at io.");
    }

    @Test
    void unknownFieldIsValidationFailedAtItsPath() {
        assertGraphqlError(graphql("{\"query\":\"{ author { id nope } }\"}"), "validation-failed",
                "$.selectionSet.author.selectionSet.nope", "field \"nope\" not found in type: 'author'");
        assertGraphqlError(graphql("{\"query\":\"{ nope { id } }\"}"), "validation-failed",
                "$.selectionSet.nope", "field \"nope\" not found in type: 'query_root'");
    }

    @Test
    void badArgumentsAreValidationFailed() {
        assertGraphqlError(graphql("{\"query\":\"{ author(foo: 1) { id } }\"}"), "validation-failed",
                "$.selectionSet.author", "\"author\" has no argument named \"foo\"");
        assertGraphqlError(graphql("{\"query\":\"{ author(limit: -1) { id } }\"}"), "validation-failed",
                "$.selectionSet.author.args.limit", "non-negative");
        JsonNode wrongType = graphql("{\"query\":\"{ author(limit: \\\"x\\\") { id } }\"}");
        assertThat(wrongType.at("/errors/0/extensions/code").asText()).isEqualTo("validation-failed");
    }

    @Test
    void badVariablesAreValidationFailed() {
        assertGraphqlError(graphql("{\"query\":\"query($id: Int!) { author_by_pk(id: $id) { id } }\","
                + "\"variables\":{\"id\":\"x\"}}"), "validation-failed", "$.selectionSet.author_by_pk.args.id",
                "expected a 32-bit integer for type \"Int\", but found a string");
        assertGraphqlError(graphql("{\"query\":\"query($id: Int!) { author_by_pk(id: $id) { id } }\"}"),
                "validation-failed", "$", "expecting a value for non-nullable variable: \"id\"");
    }

    @Test
    void brokenGraphqlOrBodyIsParseFailed() {
        assertGraphqlError(graphql("{\"query\":\"{ author { id \"}"), "parse-failed", "$.query",
                "not a valid graphql query");
        assertGraphqlError(graphql("{\"variables\":{}}"), "parse-failed", "$.query", "'query'");
        assertGraphqlError(graphql("{\"query\": 42}"), "parse-failed", "$.query", "expected Text");
        assertGraphqlError(graphql("{\"query\":"), "invalid-json", "$", "not a valid json value");
    }

    @Test
    void valuesPostgresRejectsAreDataExceptions() {
        assertGraphqlError(graphql("{\"query\":\"{ author(where: {code: {_eq: \\\"not-a-uuid\\\"}}) { id } }\"}"),
                "data-exception", "$", "invalid input syntax for type uuid");
        assertGraphqlError(graphql("{\"query\":\"{ author(where: {big: {_eq: \\\"12x\\\"}}) { id } }\"}"),
                "data-exception", "$", "bigint");
    }

    @Test
    void unknownMutationFieldsAreValidationErrors() {
        assertGraphqlError(graphql("{\"query\":\"mutation { x }\"}"), "validation-failed", "$.selectionSet.x",
                "field \"x\" not found in type: 'mutation_root'");
    }

    @Test
    void missingOrWrongAdminSecretIsAccessDenied() {
        TestServer.Response none = server.post("/v1/graphql", "{\"query\":\"{ author { id } }\"}", Map.of());
        assertThat(none.status()).isEqualTo(200);
        assertGraphqlError(none.body(), "access-denied", "$", "x-hasura-admin-secret/x-hasura-access-key required");
        TestServer.Response wrong = server.post("/v1/graphql", "{\"query\":\"{ author { id } }\"}",
                Map.of("x-hasura-admin-secret", "nope"));
        assertGraphqlError(wrong.body(), "access-denied", "$", "invalid x-hasura-admin-secret");
        TestServer.Response meta = server.post("/v1/metadata", "{\"type\":\"export_metadata\",\"args\":{}}",
                Map.of("x-hasura-admin-secret", "nope"));
        assertThat(meta.status()).isEqualTo(401);
        assertThat(meta.body().get("code").asText()).isEqualTo("access-denied");
        TestServer.Response legacy = server.post("/v1/graphql", "{\"query\":\"{ author { id } }\"}",
                Map.of("x-hasura-access-key", "s3cret"));
        assertThat(legacy.body().has("data")).isTrue();
    }

    private static void assertMetadataError(TestServer.Response r, int status, String code, String path, String error) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.body().get("code").asText()).isEqualTo(code);
        assertThat(r.body().get("path").asText()).isEqualTo(path);
        assertThat(r.body().get("error").asText()).contains(error);
    }

    @Test
    void metadataErrorsHaveHasuraCodes() {
        assertMetadataError(metadata("{\"type\":\"pg_track_table\",\"args\":{\"table\":\"author\"}}"), 400,
                "already-tracked", "$.args", "view/table already tracked: \"author\"");
        assertMetadataError(metadata("{\"type\":\"pg_track_table\",\"args\":{\"table\":\"missing\"}}"), 400,
                "not-exists", "$.args", "no such table/view exists in source: \"missing\"");
        assertMetadataError(metadata("{\"type\":\"pg_untrack_table\",\"args\":{\"table\":\"missing\"}}"), 400,
                "already-untracked", "$.args", "already untracked");
        assertMetadataError(metadata("{\"type\":\"pg_create_object_relationship\",\"args\":{\"table\":\"article\","
                + "\"name\":\"title\",\"using\":{\"foreign_key_constraint_on\":\"author_id\"}}}"), 400,
                "already-exists", "$.args", "\"title\" already exists");
        assertMetadataError(metadata("{\"type\":\"pg_create_object_relationship\",\"args\":{\"table\":\"article\","
                + "\"name\":\"writer\",\"using\":{\"foreign_key_constraint_on\":\"title\"}}}"), 400,
                "invalid-configuration", "$.args", "no foreign constraint exists");
        assertMetadataError(metadata("{\"type\":\"pg_drop_relationship\",\"args\":{\"table\":\"article\","
                + "\"relationship\":\"nope\"}}"), 400, "not-exists", "$.args", "does not exist");
        assertMetadataError(metadata("{\"args\":{}}"), 400, "parse-failed", "$", "'type'");
        assertMetadataError(metadata("{\"type\":\"pg_unknown\",\"args\":{}}"), 400, "not-supported", "$.type",
                "pg_unknown");
        assertMetadataError(metadata("{\"type\":"), 400, "invalid-json", "$", "not a valid json value");
        assertMetadataError(server.post("/nowhere", "{}", ADMIN), 404, "not-found", "$", "resource does not exist");
    }

    @Test
    void aFailingBulkChangesNothing() {
        TestServer.Response r = metadata("{\"type\":\"bulk\",\"args\":["
                + "{\"type\":\"pg_create_object_relationship\",\"args\":{\"table\":\"article\",\"name\":\"author\","
                + "\"using\":{\"foreign_key_constraint_on\":\"author_id\"}}},"
                + "{\"type\":\"pg_track_table\",\"args\":{\"table\":\"author\"}}]}");
        assertMetadataError(r, 400, "already-tracked", "$.args[1].args", "already tracked");
        JsonNode exported = metadata("{\"type\":\"export_metadata\",\"args\":{}}").body();
        assertThat(exported.toString()).doesNotContain("object_relationships");
    }

    @Test
    void theServerKeepsServingAfterErrors() {
        assertThat(server.get("/healthz").text()).isEqualTo("OK");
        assertThat(graphql("{\"query\":\"{ author(order_by: {id: asc}) { name } }\"}").at("/data/author/1/name")
                .asText()).isEqualTo("Bob");
    }
}
