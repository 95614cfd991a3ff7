package io.quarry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.engine.config.EngineConfig;
import io.quarry.engine.testing.TestDatabase;
import io.quarry.engine.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** No metadata operation, however bad its input, wedges the engine, half-writes the database or breaks a role. */
class MetadataRobustnessIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestDatabase db;
    private TestServer server;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabase.create(MetadataRobustnessIT.class);
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @BeforeEach
    void freshServer() {
        db.execute("DROP SCHEMA IF EXISTS hdb_catalog CASCADE; DROP TABLE IF EXISTS article, author, note CASCADE;"
                + "CREATE TABLE author (id int PRIMARY KEY, name text, bio text);"
                + "CREATE TABLE article (id int PRIMARY KEY, title text, author_id int REFERENCES author(id));"
                + "CREATE TABLE note (id int PRIMARY KEY, body text);"
                + "INSERT INTO author VALUES (1, 'Ann', 'rocks'), (2, 'Bob', 'stones');"
                + "INSERT INTO article VALUES (1, 'On rocks', 1);");
        server = TestServer.start(EngineConfig.defaults().withDatabaseUrl(db.url()).withMetadataPoll(Duration.ZERO));
        server.metadataOk("""
                {"type":"bulk","args":[
                 {"type":"pg_track_table","args":{"table":"author"}},
                 {"type":"pg_track_table","args":{"table":"article"}},
                 {"type":"pg_create_object_relationship","args":{"table":"article","name":"author",
                   "using":{"foreign_key_constraint_on":"author_id"}}},
                 {"type":"pg_create_select_permission","args":{"table":"author","role":"user","permission":{
                   "columns":["id","name"],"filter":{"bio":{"_eq":"rocks"}}}}},
                 {"type":"pg_create_select_permission","args":{"table":"article","role":"user","permission":{
                   "columns":["id","title"],"filter":{}}}}]}""");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private TestServer.Response runSql(String args) {
        return server.post("/v2/query", "{\"type\":\"run_sql\",\"args\":" + args + "}", Map.of());
    }

    private static String sql(String sql) {
        return JSON.createObjectNode().put("sql", sql).toString();
    }

    private void metadataStillAnswers() {
        assertThat(server.metadataOk("{\"type\":\"export_metadata\",\"args\":{}}").path("version").asInt()).isEqualTo(3);
    }

    private JsonNode asUser(String query) {
        return server.graphql(query, Map.of(), Map.of("x-hasura-role", "user"));
    }

    @Test
    void emptyRunSqlAnswersAndNoLongerWedgesLaterRequests() {
        for (String empty : List.of("", ";", "  ", "-- nothing", "/* c */", "/* a /* nested */ comment */ ;")) {
            TestServer.Response r = runSql(sql(empty));
            assertThat(r.status()).as(empty).isEqualTo(400);
            assertThat(r.body().path("code").asText()).isEqualTo("postgres-error");
            assertThat(r.body().path("error").asText()).startsWith("query execution failed");
            metadataStillAnswers();
            assertThat(runSql(sql("SELECT 1 AS one")).body().path("result").path(1).path(0).asText()).isEqualTo("1");
        }
    }

    @Test
    void badRunSqlInputReleasesTheQueue() {
        assertThat(runSql("{}").status()).isEqualTo(400);
        assertThat(runSql(sql("SELEC nothing")).body().path("code").asText()).isEqualTo("postgres-error");
        assertThat(runSql(sql("/* unterminated")).status()).isEqualTo(400);
        assertThat(server.post("/v1/query", "{\"type\":\"bulk\",\"args\":[{\"type\":\"run_sql\",\"args\":"
                + sql(";") + "}]}", Map.of()).status()).isEqualTo(400);
        metadataStillAnswers();
    }

    @Test
    void readOnlyRunSqlDoesNotCommitAWrite() {
        TestServer.Response r = runSql("{\"sql\":\"INSERT INTO note VALUES (1, 'x')\",\"read_only\":true}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().path("code").asText()).isEqualTo("postgres-error");
        assertThat(r.body().path("error").asText()).contains("read-only transaction");
        assertThat(db.rows("SELECT count(*) FROM note").get(0).get(0)).isEqualTo(0L);
        TestServer.Response read = runSql("{\"sql\":\"SELECT name FROM author ORDER BY id\",\"read_only\":true}");
        assertThat(read.body().path("result").path(1).path(0).asText()).isEqualTo("Ann");
    }

    @Test
    void droppingAColumnAPermissionReadsIsRefusedAndRolledBackWithoutCascade() {
        TestServer.Response r = runSql(sql("ALTER TABLE author DROP COLUMN bio; INSERT INTO note VALUES (7, 'x')"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().path("code").asText()).isEqualTo("dependency-error");
        assertThat(r.body().path("error").asText()).isEqualTo(
                "cannot drop due to the following dependent objects : permission author.user.select in source \"default\"");
        assertThat(db.rows("SELECT count(*) FROM information_schema.columns WHERE table_name = 'author' "
                + "AND column_name = 'bio'").get(0).get(0)).isEqualTo(1L);
        assertThat(db.rows("SELECT count(*) FROM note").get(0).get(0)).isEqualTo(0L);
        assertThat(asUser("{ author { name } }").at("/data/author/0/name").asText()).isEqualTo("Ann");
    }

    @Test
    void droppingAColumnWithCascadeRemovesTheMetadataThatUsedIt() {
        TestServer.Response r = runSql("{\"sql\":\"ALTER TABLE author DROP COLUMN bio\",\"cascade\":true}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode author = tableEntry("author");
        assertThat(author.has("select_permissions")).isFalse();
        JsonNode inconsistent = server.metadataOk("{\"type\":\"get_inconsistent_metadata\",\"args\":{}}");
        assertThat(inconsistent.path("is_consistent").asBoolean()).isTrue();
        assertThat(asUser("{ article { title } }").at("/data/article/0/title").asText()).isEqualTo("On rocks");
    }

    @Test
    void droppingATrackedTableOthersPointAtIsRefusedWithoutCascade() {
        TestServer.Response r = runSql(sql("DROP TABLE author CASCADE"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().path("error").asText()).isEqualTo(
                "cannot drop due to the following dependent objects : relationship article.author in source \"default\"");
        assertThat(db.rows("SELECT count(*) FROM pg_tables WHERE tablename = 'author'").get(0).get(0)).isEqualTo(1L);

        assertThat(runSql("{\"sql\":\"DROP TABLE author CASCADE\",\"cascade\":true}").status()).isEqualTo(200);
        assertThat(tableEntry("author").isMissingNode()).isTrue();
        assertThat(tableEntry("article").has("object_relationships")).isFalse();
        assertThat(server.graphql("{ article { title } }").at("/data/article/0/title").asText()).isEqualTo("On rocks");
    }

    @Test
    void droppingATrackedTableNothingElseUsesUntracksIt() {
        server.metadataOk("{\"type\":\"pg_track_table\",\"args\":{\"table\":\"note\"}}");
        assertThat(runSql(sql("DROP TABLE note")).status()).isEqualTo(200);
        assertThat(tableEntry("note").isMissingNode()).isTrue();
        assertThat(server.metadataOk("{\"type\":\"get_inconsistent_metadata\",\"args\":{}}")
                .path("is_consistent").asBoolean()).isTrue();
    }

    private JsonNode tableEntry(String name) {
        JsonNode tables = server.metadataOk("{\"type\":\"export_metadata\",\"args\":{}}").at("/sources/0/tables");
        for (JsonNode t : tables) {
            if (t.at("/table/name").asText().equals(name)) {
                return t;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    @Test
    void aPermissionFilterWithAnUnknownOperatorIsRefused() {
        TestServer.Response r = server.metadata("""
                {"type":"pg_create_select_permission","args":{"table":"author","role":"guest","permission":{
                  "columns":["id"],"filter":{"name":{"_foo":1}}}}}""");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().path("code").asText()).isEqualTo("invalid-configuration");
        assertThat(r.body().path("path").asText()).isEqualTo("$.args");
        assertThat(r.body().path("error").asText()).isEqualTo(
                "Inconsistent object: in table \"author\": in permission for role \"guest\": Unknown operator: _foo");
        metadataStillAnswers();
    }

    @Test
    void aPermissionFilterOnAnUnknownColumnOrRelationshipIsRefused() {
        for (String filter : List.of("{\"nope\":{\"_eq\":1}}", "{\"author\":{\"nope\":{\"_eq\":1}}}",
                "{\"_and\":[{\"_not\":{\"nope\":{\"_eq\":1}}}]}")) {
            TestServer.Response r = server.metadata("{\"type\":\"pg_create_select_permission\",\"args\":{"
                    + "\"table\":\"article\",\"role\":\"guest\",\"permission\":{\"columns\":[\"id\"],\"filter\":"
                    + filter + "}}}");
            assertThat(r.status()).as(filter).isEqualTo(400);
            assertThat(r.body().path("error").asText()).endsWith("\"nope\" does not exist");
        }
        assertThat(server.metadata("""
                {"type":"pg_create_select_permission","args":{"table":"article","role":"guest","permission":{
                  "columns":["id"],"filter":{"author":{"name":{"_eq":"Ann"}}}}}}""").status()).isEqualTo(200);
    }

    @Test
    void anEmptyRoleNameIsRefused() {
        TestServer.Response r = server.metadata("""
                {"type":"pg_create_select_permission","args":{"table":"author","role":"","permission":{
                  "columns":["id"],"filter":{}}}}""");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().path("code").asText()).isEqualTo("parse-failed");
        assertThat(r.body().path("path").asText()).isEqualTo("$.args.role");
        assertThat(r.body().path("error").asText()).isEqualTo("empty string not allowed");
        TestServer.Response inherited = server.metadata(
                "{\"type\":\"add_inherited_role\",\"args\":{\"role_name\":\"\",\"role_set\":[\"user\"]}}");
        assertThat(inherited.body().path("path").asText()).isEqualTo("$.args.role_name");
    }

    @Test
    void anInheritedRoleThatContainsItselfIsRefused() {
        TestServer.Response self = server.metadata(
                "{\"type\":\"add_inherited_role\",\"args\":{\"role_name\":\"loop\",\"role_set\":[\"user\",\"loop\"]}}");
        assertThat(self.status()).isEqualTo(400);
        assertThat(self.body().path("code").asText()).isEqualTo("cyclic-dependency");
        assertThat(self.body().path("error").asText()).isEqualTo("found cycle(s) in roles: [\"loop\",\"loop\"]");

        server.metadataOk("{\"type\":\"add_inherited_role\",\"args\":{\"role_name\":\"a\",\"role_set\":[\"user\"]}}");
        server.metadataOk("{\"type\":\"add_inherited_role\",\"args\":{\"role_name\":\"b\",\"role_set\":[\"a\"]}}");
        TestServer.Response cycle = server.metadata("{\"type\":\"bulk\",\"args\":["
                + "{\"type\":\"drop_inherited_role\",\"args\":{\"role_name\":\"a\"}},"
                + "{\"type\":\"add_inherited_role\",\"args\":{\"role_name\":\"a\",\"role_set\":[\"b\"]}}]}");
        assertThat(cycle.status()).isEqualTo(400);
        assertThat(cycle.body().path("error").asText()).startsWith("found cycle(s) in roles: ");
        metadataStillAnswers();
    }

    @Test
    void metadataThatCanNeverWorkIsReportedAndTheRestStillServed() {
        JsonNode metadata = server.metadataOk("{\"type\":\"export_metadata\",\"args\":{}}");
        com.fasterxml.jackson.databind.node.ObjectNode author = (com.fasterxml.jackson.databind.node.ObjectNode)
                metadata.at("/sources/0/tables/0");
        assertThat(author.at("/table/name").asText()).isEqualTo("author");
        ((com.fasterxml.jackson.databind.node.ArrayNode) author.get("select_permissions")).add(JSON.valueToTree(
                Map.of("role", "broken", "permission", Map.of("columns", List.of("id"),
                        "filter", Map.of("name", Map.of("_foo", 1))))));
        com.fasterxml.jackson.databind.node.ObjectNode replace = JSON.createObjectNode().put("type", "replace_metadata");
        replace.putObject("args").put("allow_inconsistent_metadata", true).set("metadata", metadata);
        JsonNode answer = server.metadataOk(replace.toString());
        assertThat(answer.path("is_consistent").asBoolean()).isFalse();

        JsonNode inconsistent = server.metadataOk("{\"type\":\"get_inconsistent_metadata\",\"args\":{}}");
        assertThat(inconsistent.path("inconsistent_objects")).hasSize(1);
        JsonNode object = inconsistent.path("inconsistent_objects").get(0);
        assertThat(object.path("type").asText()).isEqualTo("select_permission");
        assertThat(object.path("reason").asText()).contains("Unknown operator: _foo");
        assertThat(object.at("/definition/role").asText()).isEqualTo("broken");

        assertThat(asUser("{ author { name } }").at("/data/author/0/name").asText()).isEqualTo("Ann");
        JsonNode broken = server.graphql("{ author { id } }", Map.of(), Map.of("x-hasura-role", "broken"));
        assertThat(broken.path("errors").get(0).path("message").asText()).doesNotContain("_foo");
        assertThat(broken.has("data")).isFalse();
    }

    @Test
    void aFilterColumnDroppedByAnotherClientIsReportedAfterReload() {
        db.execute("ALTER TABLE author DROP COLUMN bio");
        JsonNode reloaded = server.metadataOk("{\"type\":\"reload_metadata\",\"args\":{}}");
        assertThat(reloaded.path("is_consistent").asBoolean()).isFalse();
        JsonNode inconsistent = server.metadataOk("{\"type\":\"get_inconsistent_metadata\",\"args\":{}}");
        assertThat(inconsistent.path("inconsistent_objects").get(0).path("name").asText())
                .isEqualTo("select_permission user in table author in source default");
        assertThat(inconsistent.path("inconsistent_objects").get(0).path("reason").asText())
                .isEqualTo("Inconsistent object: in table \"author\": in permission for role \"user\": "
                        + "\"bio\" does not exist");
        JsonNode answer = asUser("{ author { name } }");
        assertThat(answer.path("errors").get(0).path("message").asText())
                .isEqualTo("field \"author\" not found in type: 'query_root'").doesNotContain("bio");
        assertThat(asUser("{ article { title } }").at("/data/article/0/title").asText()).isEqualTo("On rocks");
    }

    @Test
    void droppingHdbCatalogUnderARunningEngineLeavesMetadataWritable() {
        db.execute("DROP SCHEMA hdb_catalog CASCADE");
        TestServer.Response r = server.metadata("{\"type\":\"pg_track_table\",\"args\":{\"table\":\"note\"}}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        // The store holds everything again: the tables tracked before the drop and the new one.
        assertThat(db.rows("SELECT metadata::text FROM hdb_catalog.hdb_metadata").get(0).get(0).toString())
                .contains("\"note\"").contains("\"author\"").contains("\"article\"");
        assertThat(server.graphql("{ note { id } author { name } }").has("data")).isTrue();
        db.execute("DROP SCHEMA hdb_catalog CASCADE");
        JsonNode reloaded = server.metadataOk("{\"type\":\"reload_metadata\",\"args\":{}}");
        assertThat(reloaded.path("message").asText()).isEqualTo("success");
        assertThat(server.graphql("{ note { id } author { name } }").has("data")).isTrue();
    }

    @Test
    void aHeavyMetadataOperationLeavesHealthAndQueriesAnswering() throws Exception {
        StringBuilder bulk = new StringBuilder("{\"type\":\"bulk\",\"args\":[");
        int roles = 1000;
        for (int i = 0; i < roles; i++) {
            for (String table : List.of("author", "article")) {
                bulk.append(i == 0 && table.equals("author") ? "" : ",")
                        .append("{\"type\":\"pg_create_select_permission\",\"args\":{\"table\":\"").append(table)
                        .append("\",\"role\":\"r").append(i).append("\",\"permission\":{\"columns\":[\"id\"],")
                        .append("\"filter\":{\"id\":{\"_eq\":\"X-Hasura-User-Id\"}}}}}");
            }
        }
        bulk.append("]}");
        for (int i = 0; i < 20; i++) {
            // Warm up first: the bound is about waiting behind metadata work, not a cold JIT.
            server.get("/healthz");
            server.graphql("{ author(limit: 1) { id } }");
        }
        HttpClient http = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<String>> heavy = http.sendAsync(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/v1/metadata"))
                        .timeout(Duration.ofMinutes(2)).POST(HttpRequest.BodyPublishers.ofString(bulk.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        List<Long> answers = new java.util.ArrayList<>();
        int samples = 0;
        List<String> slow = new java.util.ArrayList<>();
        long began = System.nanoTime();
        while (!heavy.isDone()) {
            long start = System.nanoTime();
            assertThat(server.get("/healthz").status()).isEqualTo(200);
            long health = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            start = System.nanoTime();
            assertThat(server.graphql("{ author(limit: 1) { id } }").has("data")).isTrue();
            long query = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            answers.add(health);
            answers.add(query);
            if (Math.max(health, query) > 100) {
                slow.add(TimeUnit.NANOSECONDS.toMillis(start - began) + "ms: health " + health + " query " + query);
            }
            samples++;
            Thread.sleep(20);
        }
        assertThat(heavy.get().statusCode()).as(heavy.get().body()).isEqualTo(200);
        assertThat(samples).isGreaterThan(0);
        // One collection pause may stand out on a loaded machine; every other answer stays well under the bound.
        answers.sort(null);
        assertThat(answers.get(answers.size() - 1)).as("slowest answer while the bulk ran: " + slow).isLessThan(2_000);
        assertThat(answers.get(Math.max(0, answers.size() - 2))).as("answers while the bulk ran: " + slow)
                .isLessThan(500);
        assertThat(server.graphql("{ author { id } }", Map.of(), Map.of("x-hasura-role", "r999",
                "x-hasura-user-id", "2")).at("/data/author/0/id").asInt()).isEqualTo(2);
    }
}
