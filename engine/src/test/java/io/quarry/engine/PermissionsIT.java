package io.quarry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.engine.config.EngineConfig;
import io.quarry.engine.testing.TestDatabase;
import io.quarry.engine.testing.TestServer;
import io.quarry.engine.testing.Tracking;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A role reads only what its select permissions allow, however it asks. */
class PermissionsIT {
    private static TestDatabase db;
    private static TestServer server;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(PermissionsIT.class);
        db.execute("""
                CREATE TABLE author (id int PRIMARY KEY, name text, secret text);
                CREATE TABLE article (id int PRIMARY KEY, title text, author_id int REFERENCES author(id),
                  published boolean);
                INSERT INTO author VALUES (1, 'Ann', 'a-secret'), (2, 'Bob', 'b-secret');
                INSERT INTO article VALUES (1, 'Ann draft', 1, false), (2, 'Ann post', 1, true),
                  (3, 'Bob draft', 2, false), (4, 'Bob post', 2, true);
                """);
        server = TestServer.start(EngineConfig.defaults().withDatabaseUrl(db.url()).withAdminSecret(Optional.of("s")));
        // article.author and author.articles, as the console's suggestions name them.
        Tracking.trackAll(server, "public", List.of("author", "article"));
        server.metadataOk("""
                {"type":"bulk","args":[
                 {"type":"pg_create_select_permission","args":{"table":"author","role":"user","permission":{
                   "columns":["id","name"],"filter":{"id":{"_eq":"X-Hasura-User-Id"}}}}},
                 {"type":"pg_create_select_permission","args":{"table":"article","role":"user","permission":{
                   "columns":["id","title","author_id"],"limit":10,
                   "filter":{"_or":[{"author_id":{"_eq":"X-Hasura-User-Id"}},{"published":{"_eq":true}}]}}}}]}
                """);
    }

    @AfterAll
    static void tearDown() {
        server.close();
        db.close();
    }

    private static JsonNode asUser(String query, String userId) {
        return server.post("/v1/graphql", "{\"query\":\"" + query.replace("\"", "\\\"") + "\"}",
                Map.of("x-hasura-admin-secret", "s", "x-hasura-role", "user", "x-hasura-user-id", userId)).body();
    }

    @Test
    void rowsAreFilteredBySessionVariables() {
        JsonNode data = asUser("{ article(order_by: {id: asc}) { id } author { name } }", "1").get("data");
        assertThat(data.get("article").toString()).isEqualTo("[{\"id\":1},{\"id\":2},{\"id\":4}]");
        assertThat(data.get("author").toString()).isEqualTo("[{\"name\":\"Ann\"}]");
    }

    @Test
    void aPermissionIsCompiledOnceForTheRoleAndSharedByItsUsers() {
        // Documents of their own, so neither is answered from the statement cache.
        asUser("{ article(where: {id: {_gt: 0}}) { id } }", "1");
        var compiled = server.quarry().engine().state().preparer("user", false).schema().derived();
        int kept = compiled.size();
        assertThat(kept).isPositive();
        JsonNode other = asUser("{ article(where: {id: {_gt: 1}}, order_by: {id: asc}) { id } }", "2").get("data");
        assertThat(other.get("article").toString()).isEqualTo("[{\"id\":2},{\"id\":3},{\"id\":4}]");
        assertThat(compiled.size()).isEqualTo(kept);
    }

    @Test
    void anotherUsersRowIsNotReachableThroughARelationship() {
        // Regression: the OR of a permission must not escape the join condition it is ANDed with.
        JsonNode data = asUser("{ article(where: {id: {_eq: 4}}) { id author { id name } } }", "1").get("data");
        assertThat(data.at("/article/0/id").asInt()).isEqualTo(4);
        assertThat(data.at("/article/0/author").isNull()).isTrue();
        JsonNode nested = asUser("{ author { articles(order_by: {id: asc}) { id } } }", "2").get("data");
        assertThat(nested.at("/author/0/articles").toString()).isEqualTo("[{\"id\":3},{\"id\":4}]");
    }

    @Test
    void hiddenColumnsAndTablesAreUnknownFields() {
        assertThat(asUser("{ author { secret } }", "1").at("/errors/0/extensions/code").asText())
                .isEqualTo("validation-failed");
        assertThat(asUser("{ article(where: {published: {_eq: false}}) { id } }", "1")
                .at("/errors/0/extensions/code").asText()).isEqualTo("validation-failed");
        assertThat(asUser("{ article(order_by: {published: asc}) { id } }", "1")
                .at("/errors/0/extensions/code").asText()).isEqualTo("validation-failed");
        assertThat(asUser("{ article_aggregate { aggregate { count } } }", "1")
                .at("/errors/0/message").asText()).contains("article_aggregate");
        assertThat(asUser("{ __type(name: \"author\") { fields { name } } }", "1").at("/data/__type/fields").toString())
                .doesNotContain("secret");
    }

    @Test
    void filtersThroughRelationshipsSeeOnlyPermittedRows() {
        // Bob's draft exists, but user 1 may not see it, so filtering authors by it finds nothing.
        JsonNode data = asUser("{ author(where: {articles: {title: {_eq: \"Bob draft\"}}}) { id } }", "2").get("data");
        assertThat(data.get("author")).hasSize(1);
        JsonNode hidden = asUser("{ article(where: {author: {name: {_eq: \"Bob\"}}}) { id } }", "1").get("data");
        assertThat(hidden.get("article")).isEmpty();
    }

    @Test
    void spoofedRoleHeadersNeedTheAdminSecret() {
        TestServer.Response r = server.post("/v1/graphql", "{\"query\":\"{ author { name } }\"}",
                Map.of("x-hasura-role", "user", "x-hasura-user-id", "1"));
        assertThat(r.body().at("/errors/0/extensions/code").asText()).isEqualTo("access-denied");
    }

    @Test
    void missingSessionVariablesAreReported() {
        TestServer.Response r = server.post("/v1/graphql", "{\"query\":\"{ author { name } }\"}",
                Map.of("x-hasura-admin-secret", "s", "x-hasura-role", "user"));
        assertThat(r.body().at("/errors/0/extensions/code").asText()).isEqualTo("not-found");
        assertThat(r.body().at("/errors/0/message").asText()).isEqualTo("missing session variable: \"x-hasura-user-id\"");
    }

    @Test
    void aRoleWithoutPermissionsSeesNothing() {
        TestServer.Response r = server.post("/v1/graphql", "{\"query\":\"{ author { name } }\"}",
                Map.of("x-hasura-admin-secret", "s", "x-hasura-role", "stranger"));
        assertThat(r.body().at("/errors/0/message").asText()).isEqualTo("field \"author\" not found in type: 'query_root'");
        TestServer.Response meta = server.post("/v1/metadata", "{\"type\":\"export_metadata\",\"args\":{}}",
                Map.of("x-hasura-admin-secret", "s", "x-hasura-role", "user"));
        assertThat(meta.body().get("code").asText()).isEqualTo("access-denied");
    }

    @Test
    void requestsWithoutCredentialsGetTheUnauthorizedRole() {
        server.post("/v1/metadata", "{\"type\":\"pg_create_select_permission\",\"args\":{\"table\":\"article\","
                + "\"role\":\"anonymous\",\"permission\":{\"columns\":[\"title\"],\"filter\":{\"published\":"
                + "{\"_eq\":true}}}}}", Map.of("x-hasura-admin-secret", "s"));
        EngineConfig config = EngineConfig.defaults().withDatabaseUrl(db.url()).withAdminSecret(Optional.of("s"))
                .withAuth(new io.quarry.engine.config.AuthConfig(Optional.empty(), false, java.time.Duration.ofSeconds(1),
                        Optional.of("anonymous"), Optional.empty()));
        try (TestServer anonymous = TestServer.start(config)) {
            // Client role headers without the secret are ignored, not trusted.
            TestServer.Response r = anonymous.post("/v1/graphql",
                    "{\"query\":\"{ article(order_by: {title: asc}) { title } }\"}", Map.of("x-hasura-role", "user"));
            assertThat(r.body().at("/data/article").toString())
                    .isEqualTo("[{\"title\":\"Ann post\"},{\"title\":\"Bob post\"}]");
        }
    }

    @Test
    void permissionsAreCheckedAndCommentedThroughTheMetadataApi() {
        Map<String, String> admin = Map.of("x-hasura-admin-secret", "s");
        TestServer.Response unknown = server.post("/v1/metadata", "{\"type\":\"pg_create_select_permission\",\"args\":"
                + "{\"table\":\"author\",\"role\":\"editor\",\"permission\":{\"columns\":[\"nope\"],\"filter\":{}}}}", admin);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().get("error").asText()).contains("nope");
        TestServer.Response twice = server.post("/v1/metadata", "{\"type\":\"pg_create_select_permission\",\"args\":"
                + "{\"table\":\"author\",\"role\":\"user\",\"permission\":{\"columns\":\"*\",\"filter\":{}}}}", admin);
        assertThat(twice.body().get("code").asText()).isEqualTo("already-exists");
        assertThat(server.post("/v1/metadata", "{\"type\":\"pg_set_permission_comment\",\"args\":{\"table\":\"author\","
                + "\"role\":\"user\",\"type\":\"select\",\"comment\":\"own row only\"}}", admin).status()).isEqualTo(200);
        JsonNode exported = server.post("/v1/metadata", "{\"type\":\"export_metadata\",\"args\":{}}", admin).body();
        assertThat(exported.toString()).contains("\"comment\":\"own row only\"");
    }

    @Test
    void queryRootFieldsLimitTheRootFieldsButNotRelationships() {
        Map<String, String> admin = Map.of("x-hasura-admin-secret", "s");
        server.post("/v1/metadata", """
                {"type":"bulk","args":[
                 {"type":"pg_create_select_permission","args":{"table":"author","role":"reader","permission":{
                   "columns":["id","name"],"filter":{},"query_root_fields":["select_by_pk"]}}},
                 {"type":"pg_create_select_permission","args":{"table":"article","role":"reader","permission":{
                   "columns":["id","title"],"filter":{}}}}]}
                """, admin);
        Map<String, String> reader = Map.of("x-hasura-admin-secret", "s", "x-hasura-role", "reader");
        assertThat(server.post("/v1/graphql", "{\"query\":\"{ author { id } }\"}", reader).body()
                .at("/errors/0/extensions/code").asText()).isEqualTo("validation-failed");
        assertThat(server.post("/v1/graphql", "{\"query\":\"{ author_by_pk(id: 2) { name } }\"}", reader).body()
                .at("/data/author_by_pk/name").asText()).isEqualTo("Bob");
        assertThat(server.post("/v1/graphql", "{\"query\":\"{ article(where: {id: {_eq: 3}}) { author { name } } }\"}",
                reader).body().at("/data/article/0/author/name").asText()).isEqualTo("Bob");
    }

    @Test
    void anInheritedRoleReadsWhatItsParentsReadWithColumnsRedactedPerRow() {
        Map<String, String> admin = Map.of("x-hasura-admin-secret", "s");
        assertThat(server.post("/v1/metadata", """
                {"type":"bulk","args":[
                 {"type":"pg_create_select_permission","args":{"table":"author","role":"public_profile","permission":{
                   "columns":["id","name"],"filter":{}}}},
                 {"type":"pg_create_select_permission","args":{"table":"author","role":"owner","permission":{
                   "columns":["id","name","secret"],"filter":{"id":{"_eq":"X-Hasura-User-Id"}}}}},
                 {"type":"add_inherited_role","args":{"role_name":"member","role_set":["public_profile","owner"]}}]}
                """, admin).status()).isEqualTo(200);
        JsonNode data = server.post("/v1/graphql", "{\"query\":\"{ author(order_by: {id: asc}) { name secret } }\"}",
                Map.of("x-hasura-admin-secret", "s", "x-hasura-role", "member", "x-hasura-user-id", "2")).body();
        // Every author is public, but only the member's own row shows its secret.
        assertThat(data.at("/data/author").toString())
                .isEqualTo("[{\"name\":\"Ann\",\"secret\":null},{\"name\":\"Bob\",\"secret\":\"b-secret\"}]");
    }

    @Test
    void aRoleInheritingAnInheritedRoleListedAfterItReadsWhatThatOneReads() {
        Map<String, String> admin = Map.of("x-hasura-admin-secret", "s");
        assertThat(server.post("/v1/metadata", """
                {"type":"bulk","args":[
                 {"type":"pg_create_select_permission","args":{"table":"author","role":"base_reader","permission":{
                   "columns":["id","name"],"filter":{}}}},
                 {"type":"add_inherited_role","args":{"role_name":"outer_reader","role_set":["mid_reader"]}},
                 {"type":"add_inherited_role","args":{"role_name":"mid_reader","role_set":["base_reader"]}}]}
                """, admin).status()).isEqualTo(200);
        JsonNode data = server.post("/v1/graphql", "{\"query\":\"{ author(order_by: {id: asc}) { name } }\"}",
                Map.of("x-hasura-admin-secret", "s", "x-hasura-role", "outer_reader")).body();
        assertThat(data.at("/data/author/0/name").asText()).as(data.toString()).isEqualTo("Ann");
    }

    @Test
    void aggregatesAndKeyLookupsSeeOnlyPermittedRows() {
        Map<String, String> admin = Map.of("x-hasura-admin-secret", "s");
        server.post("/v1/metadata", "{\"type\":\"pg_create_select_permission\",\"args\":{\"table\":\"article\","
                + "\"role\":\"counter\",\"permission\":{\"columns\":[\"id\"],\"allow_aggregations\":true,"
                + "\"filter\":{\"published\":{\"_eq\":true}}}}}", admin);
        JsonNode counted = server.post("/v1/graphql", "{\"query\":\"{ article_aggregate { aggregate { count max { id } } } }\"}",
                Map.of("x-hasura-admin-secret", "s", "x-hasura-role", "counter")).body();
        assertThat(counted.at("/data/article_aggregate/aggregate/count").asInt()).isEqualTo(2);
        assertThat(counted.at("/data/article_aggregate/aggregate/max/id").asInt()).isEqualTo(4);
        assertThat(asUser("{ article_by_pk(id: 3) { title } }", "1").at("/data/article_by_pk").isNull()).isTrue();
        assertThat(asUser("{ author_by_pk(id: 2) { name } }", "1").at("/data/author_by_pk").isNull()).isTrue();
    }

    @Test
    void aPermissionLimitCapsNodesButNotAggregates() {
        Map<String, String> admin = Map.of("x-hasura-admin-secret", "s");
        server.post("/v1/metadata", "{\"type\":\"pg_create_select_permission\",\"args\":{\"table\":\"article\","
                + "\"role\":\"sampler\",\"permission\":{\"columns\":[\"id\",\"title\"],\"allow_aggregations\":true,"
                + "\"limit\":1,\"filter\":{}}}}", admin);
        JsonNode data = server.post("/v1/graphql", "{\"query\":\"{ article_aggregate(order_by: {title: desc}) "
                + "{ aggregate { count } nodes { title } } article { id } }\"}",
                Map.of("x-hasura-admin-secret", "s", "x-hasura-role", "sampler")).body().get("data");
        assertThat(data.at("/article_aggregate/aggregate/count").asInt()).isEqualTo(4);
        assertThat(data.at("/article_aggregate/nodes").toString()).isEqualTo("[{\"title\":\"Bob post\"}]");
        assertThat(data.get("article")).hasSize(1);
    }
}
