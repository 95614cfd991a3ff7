package io.quarry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.engine.config.EngineConfig;
import io.quarry.engine.config.Protections;
import io.quarry.engine.testing.TestDatabase;
import io.quarry.engine.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With the allow-list on, a role runs only the queries of the collections whose scope covers it. */
class AllowlistIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestDatabase db;
    private static TestServer server;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(AllowlistIT.class);
        db.execute("CREATE TABLE artist (id serial PRIMARY KEY, name text NOT NULL);"
                + "INSERT INTO artist (name) VALUES ('Ann');");
        server = TestServer.start(EngineConfig.defaults().withDatabaseUrl(db.url())
                .withProtections(Protections.defaults().withEnableAllowlist(true)));
        server.metadataOk("""
                {"type":"bulk","args":[
                 {"type":"pg_track_table","args":{"table":"artist"}},
                 {"type":"pg_create_select_permission","args":{"table":"artist","role":"user",
                   "permission":{"columns":"*","filter":{}}}},
                 {"type":"pg_create_select_permission","args":{"table":"artist","role":"editor",
                   "permission":{"columns":"*","filter":{}}}}]}""");
    }

    @AfterAll
    static void tearDown() {
        server.close();
        db.close();
    }

    private static JsonNode as(String role, String query) {
        return server.graphql(query, Map.of(), role == null ? Map.of() : Map.of("x-hasura-role", role));
    }

    private static void assertNotAllowed(JsonNode body) {
        assertThat(body.has("data")).isFalse();
        assertThat(body.at("/errors/0/extensions/code").asText()).isEqualTo("validation-failed");
        assertThat(body.at("/errors/0/extensions/path").asText()).isEqualTo("$");
        assertThat(body.at("/errors/0/message").asText()).isEqualTo("query is not allowed");
    }

    private static void assertError(TestServer.Response r, String code, String path, String message) {
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.body().get("code").asText()).isEqualTo(code);
        assertThat(r.body().get("path").asText()).isEqualTo(path);
        assertThat(r.body().get("error").asText()).isEqualTo(message);
    }

    @Test
    void globalAndRoleScopesAdmitTheirQueriesOnly() {
        server.metadataOk("""
                {"type":"create_query_collection","args":{"name":"everyone","definition":{"queries":[
                  {"name":"names","query":"query names { artist { name } }"}]}}}""");
        server.metadataOk("""
                {"type":"create_query_collection","args":{"name":"editors","definition":{"queries":[]}}}""");
        server.metadataOk("""
                {"type":"add_query_to_collection","args":{"collection_name":"editors","query_name":"ids",
                  "query":"query ids { artist { id } }"}}""");
        assertNotAllowed(as("user", "query names { artist { name } }"));
        server.metadataOk("{\"type\":\"add_collection_to_allowlist\",\"args\":{\"collection\":\"everyone\"}}");
        server.metadataOk("""
                {"type":"add_collection_to_allowlist","args":{"collection":"editors",
                  "scope":{"global":false,"roles":["editor"]}}}""");

        // Layout, comments and __typename fields do not matter; anything else does.
        assertThat(as("user", "query names {\n  artist {\n    __typename name # the name\n  }\n}")
                .at("/data/artist/0/name").asText()).isEqualTo("Ann");
        assertNotAllowed(as("user", "query names { artist { id } }"));
        assertNotAllowed(as("user", "{ artist { name } }"));
        assertNotAllowed(as("user", "query ids { artist { id } }"));
        assertThat(as("editor", "query ids { artist { id } }").at("/data/artist/0/id").asInt()).isEqualTo(1);
        assertThat(as("editor", "query names { artist { name } }").has("data")).isTrue();
        // The admin is never held to the allow-list.
        assertThat(as(null, "{ artist { id name } }").has("data")).isTrue();

        server.metadataOk("""
                {"type":"update_scope_of_collection_in_allowlist","args":{"collection":"editors",
                  "scope":{"global":true}}}""");
        assertThat(as("user", "query ids { artist { id } }").has("data")).isTrue();
        server.metadataOk("{\"type\":\"drop_collection_from_allowlist\",\"args\":{\"collection\":\"editors\"}}");
        assertNotAllowed(as("user", "query ids { artist { id } }"));
        server.metadataOk("""
                {"type":"drop_query_from_collection","args":{"collection_name":"everyone","query_name":"names"}}""");
        assertNotAllowed(as("user", "query names { artist { name } }"));
        server.metadataOk("{\"type\":\"drop_query_collection\",\"args\":{\"collection\":\"everyone\",\"cascade\":true}}");
        server.metadataOk("{\"type\":\"drop_query_collection\",\"args\":{\"collection\":\"editors\"}}");
    }

    @Test
    void collectionOperationsAnswerHasurasErrors() throws Exception {
        server.metadataOk("""
                {"type":"create_query_collection","args":{"name":"c","comment":"kept","definition":{"queries":[
                  {"name":"q","query":"{ artist { id } }"}]}}}""");
        assertError(server.metadata("""
                {"type":"create_query_collection","args":{"name":"c","definition":{"queries":[]}}}"""),
                "already-exists", "$.args.name", "query collection with name \"c\" already exists");
        assertError(server.metadata("""
                {"type":"create_query_collection","args":{"name":"d","definition":{"queries":[
                  {"name":"q","query":"{ a }"},{"name":"q","query":"{ b }"}]}}}"""),
                "not-supported", "$.args.definition.queries", "found duplicate query names \"q\"");
        assertError(server.metadata("""
                {"type":"add_query_to_collection","args":{"collection_name":"c","query_name":"q","query":"{ x }"}}"""),
                "already-exists", "$.args", "query with name \"q\" already exists in collection \"c\"");
        assertError(server.metadata("""
                {"type":"drop_query_from_collection","args":{"collection_name":"c","query_name":"nope"}}"""),
                "not-found", "$.args", "query with name \"nope\" not found in collection \"c\"");
        assertError(server.metadata("{\"type\":\"add_collection_to_allowlist\",\"args\":{\"collection\":\"nope\"}}"),
                "not-exists", "$.args.collection", "query collection with name \"nope\" does not exist");
        assertError(server.metadata("{\"type\":\"drop_collection_from_allowlist\",\"args\":{\"collection\":\"c\"}}"),
                "not-found", "$.args", "collection \"c\" doesn't exist in the allowlist");

        server.metadataOk("""
                {"type":"add_collection_to_allowlist","args":{"collection":"c","scope":{"global":false,"roles":["user"]}}}""");
        JsonNode again = server.metadataOk("{\"type\":\"add_collection_to_allowlist\",\"args\":{\"collection\":\"c\"}}");
        assertThat(again.get("message").asText()).isEqualTo("collection \"c\" already exists in the allowlist, "
                + "scope ignored; to change scope, use update_scope_of_collection_in_allowlist");
        assertError(server.metadata("{\"type\":\"drop_query_collection\",\"args\":{\"collection\":\"c\"}}"),
                "dependency-error", "$.args.collection", "query collection with name \"c\" is present in the "
                + "allowlist; cannot proceed to drop. please use cascade to confirm you wish to drop it from the "
                + "allowlist as well");

        JsonNode exported = server.metadataOk("{\"type\":\"export_metadata\",\"args\":{}}");
        assertThat(exported.get("query_collections")).isEqualTo(JSON.readTree("""
                [{"name":"c","definition":{"queries":[{"name":"q","query":"{ artist { id } }"}]},"comment":"kept"}]"""));
        assertThat(exported.get("allowlist")).isEqualTo(JSON.readTree("""
                [{"collection":"c","scope":{"global":false,"roles":["user"]}}]"""));

        server.metadataOk("{\"type\":\"drop_query_collection\",\"args\":{\"collection\":\"c\",\"cascade\":true}}");
        JsonNode cleared = server.metadataOk("{\"type\":\"export_metadata\",\"args\":{}}");
        assertThat(cleared.has("query_collections")).isFalse();
        assertThat(cleared.has("allowlist")).isFalse();
    }
}
