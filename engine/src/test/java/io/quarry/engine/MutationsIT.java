package io.quarry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.engine.config.EngineConfig;
import io.quarry.engine.testing.TestDatabase;
import io.quarry.engine.testing.TestServer;
import io.quarry.engine.testing.Tracking;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Inserts, updates and deletes: their answers, their atomicity, their errors, and write permissions. */
class MutationsIT {
    private static final Map<String, String> ADMIN = Map.of("x-hasura-admin-secret", "s");
    private static TestDatabase db;
    private static TestServer server;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(MutationsIT.class);
        db.execute("""
                CREATE TABLE author (id serial PRIMARY KEY, name text UNIQUE NOT NULL, rating int DEFAULT 0
                  CHECK (rating >= 0));
                CREATE TABLE article (id serial PRIMARY KEY, title text NOT NULL, author_id int REFERENCES author(id),
                  owner int, published boolean DEFAULT false);
                """);
        server = TestServer.start(EngineConfig.defaults().withDatabaseUrl(db.url()).withAdminSecret(Optional.of("s")));
        // article.author and author.articles, as the console's suggestions name them.
        Tracking.trackAll(server, "public", List.of("author", "article"));
        server.metadataOk("""
                {"type":"bulk","args":[
                 {"type":"pg_create_select_permission","args":{"table":"article","role":"writer","permission":{
                   "columns":["id","title","owner","published"],"filter":{"owner":{"_eq":"X-Hasura-User-Id"}}}}},
                 {"type":"pg_create_insert_permission","args":{"table":"article","role":"writer","permission":{
                   "columns":["title","published"],"set":{"owner":"X-Hasura-User-Id"},
                   "check":{"published":{"_eq":false}}}}},
                 {"type":"pg_create_update_permission","args":{"table":"article","role":"writer","permission":{
                   "columns":["title","published"],"filter":{"owner":{"_eq":"X-Hasura-User-Id"}},
                   "check":{"title":{"_neq":""}}}}},
                 {"type":"pg_create_delete_permission","args":{"table":"article","role":"writer","permission":{
                   "filter":{"owner":{"_eq":"X-Hasura-User-Id"}}}}},
                 {"type":"pg_create_insert_permission","args":{"table":"article","role":"logger","permission":{
                   "columns":["title"],"check":{"title":{"_neq":""}}}}},
                 {"type":"pg_create_select_permission","args":{"table":"author","role":"importer","permission":{
                   "columns":["id","name"],"filter":{}}}},
                 {"type":"pg_create_insert_permission","args":{"table":"author","role":"importer","permission":{
                   "columns":["name"],"check":{},"backend_only":true}}}]}
                """);
    }

    @BeforeEach
    void empty() {
        db.execute("TRUNCATE article, author RESTART IDENTITY CASCADE");
    }

    @AfterAll
    static void tearDown() {
        server.close();
        db.close();
    }

    private static JsonNode admin(String query) {
        return server.post("/v1/graphql", "{\"query\":\"" + query.replace("\"", "\\\"") + "\"}", ADMIN).body();
    }

    /** Authors 1 and 2: Ann rated 1, Bob rated 2. */
    private static void annAndBob() {
        admin("mutation { insert_author(objects: [{name: \"Ann\", rating: 1}, {name: \"Bob\", rating: 2}]) "
                + "{ affected_rows } }");
    }

    private static JsonNode writer(String query, String user) {
        return server.post("/v1/graphql", "{\"query\":\"" + query.replace("\"", "\\\"") + "\"}",
                Map.of("x-hasura-admin-secret", "s", "x-hasura-role", "writer", "x-hasura-user-id", user)).body();
    }

    @Test
    void insertsUpdatesAndDeletesAnswerWithTheRowsTheyWrote() {
        JsonNode inserted = admin("mutation { insert_author(objects: [{name: \"Ann\"}, {name: \"Bob\", rating: 3}]) "
                + "{ affected_rows returning { id name rating } } "
                + "insert_article_one(object: {title: \"Hi\", author_id: 1}) { title author { name } } }");
        assertThat(inserted.at("/data/insert_author/affected_rows").asInt()).isEqualTo(2);
        assertThat(inserted.at("/data/insert_author/returning/0/rating").asInt()).isEqualTo(0);
        assertThat(inserted.at("/data/insert_article_one/author/name").asText()).isEqualTo("Ann");
        JsonNode updated = admin("mutation { update_author(where: {name: {_eq: \"Bob\"}}, _inc: {rating: 2}) "
                + "{ affected_rows returning { rating } } "
                + "update_author_by_pk(pk_columns: {id: 1}, _set: {name: \"Anne\"}) { name articles { title } } }");
        assertThat(updated.at("/data/update_author/returning/0/rating").asInt()).isEqualTo(5);
        assertThat(updated.at("/data/update_author_by_pk/articles/0/title").asText()).isEqualTo("Hi");
        JsonNode deleted = admin("mutation { delete_article(where: {}) { affected_rows } "
                + "delete_author_by_pk(id: 2) { name } missing: delete_author_by_pk(id: 99) { name } }");
        assertThat(deleted.at("/data/delete_article/affected_rows").asInt()).isEqualTo(1);
        assertThat(deleted.at("/data/delete_author_by_pk/name").asText()).isEqualTo("Bob");
        assertThat(deleted.at("/data/missing").isNull()).isTrue();
    }

    @Test
    void relationshipsInTheAnswerSeeTheWrite() {
        admin("mutation { insert_author_one(object: {name: \"Ann\"}) { id } "
                + "insert_article_one(object: {title: \"Hi\", author_id: 1}) { id } }");
        JsonNode updated = admin("mutation { update_author_by_pk(pk_columns: {id: 1}, _set: {name: \"Anne\"}) "
                + "{ name articles { author { name } } } }");
        assertThat(updated.at("/data/update_author_by_pk/articles/0/author/name").asText()).as(updated.toString())
                .isEqualTo("Anne");
    }

    @Test
    void aFailingFieldUndoesTheFieldsBeforeIt() {
        admin("mutation { insert_author_one(object: {name: \"Ann\"}) { id } }");
        JsonNode failed = admin("mutation { a: insert_author_one(object: {name: \"Cy\"}) { id } "
                + "b: update_author(where: {}, _inc: {rating: 1}) { affected_rows } "
                + "c: insert_author_one(object: {name: \"Ann\"}) { id } }");
        assertThat(failed.at("/errors/0/extensions/code").asText()).isEqualTo("constraint-violation");
        assertThat(failed.at("/errors/0/message").asText()).startsWith("Uniqueness violation. ");
        assertThat(db.rows("SELECT name, rating FROM author").toString()).isEqualTo("[[Ann, 0]]");
    }

    @Test
    void constraintViolationsHaveHasurasMessages() {
        assertThat(admin("mutation { insert_article_one(object: {title: \"x\", author_id: 42}) { id } }")
                .at("/errors/0/message").asText()).startsWith("Foreign key violation. ");
        assertThat(admin("mutation { insert_author_one(object: {name: null}) { id } }")
                .at("/errors/0/message").asText()).startsWith("Not-NULL violation. ");
        assertThat(admin("mutation { insert_author_one(object: {name: \"Neg\", rating: -1}) { id } }")
                .at("/errors/0/message").asText()).startsWith("Check constraint violation. ");
    }

    @Test
    void writePermissionsPresetFilterAndCheck() {
        JsonNode mine = writer("mutation { insert_article_one(object: {title: \"Draft\"}) { id owner } }", "7");
        assertThat(mine.at("/data/insert_article_one/owner").asInt()).isEqualTo(7);
        // The check refuses a published insert, and nothing is written.
        JsonNode refused = writer("mutation { insert_article(objects: [{title: \"Ok\"}, {title: \"Live\", "
                + "published: true}]) { affected_rows } }", "7");
        assertThat(refused.at("/errors/0/extensions/code").asText()).isEqualTo("permission-error");
        assertThat(db.rows("SELECT count(*) FROM article").get(0).get(0).toString()).isEqualTo("1");
        // Another user's rows are out of reach of updates and deletes.
        assertThat(writer("mutation { update_article(where: {}, _set: {title: \"Mine\"}) { affected_rows } }", "8")
                .at("/data/update_article/affected_rows").asInt()).isZero();
        assertThat(writer("mutation { delete_article(where: {}) { affected_rows } }", "8")
                .at("/data/delete_article/affected_rows").asInt()).isZero();
        assertThat(writer("mutation { update_article(where: {}, _set: {title: \"\"}) { affected_rows } }", "7")
                .at("/errors/0/extensions/code").asText()).isEqualTo("permission-error");
        assertThat(writer("mutation { delete_article(where: {}) { affected_rows } }", "7")
                .at("/data/delete_article/affected_rows").asInt()).isEqualTo(1);
        // Columns outside the permission are not in the input type.
        assertThat(writer("mutation { insert_article_one(object: {title: \"x\", owner: 1}) { id } }", "7")
                .at("/errors/0/extensions/code").asText()).isEqualTo("validation-failed");
    }

    @Test
    void upsertsUpdateOrSkipTheRowsTheyConflictWith() {
        annAndBob();
        JsonNode upserted = admin("mutation { insert_author(objects: [{name: \"Ann\", rating: 5}, {name: \"Cy\"}], "
                + "on_conflict: {constraint: author_name_key, update_columns: [rating]}) "
                + "{ affected_rows returning { id name rating } } }");
        assertThat(upserted.at("/data/insert_author/affected_rows").asInt()).isEqualTo(2);
        assertThat(upserted.at("/data/insert_author/returning/0/id").asInt()).isEqualTo(1);
        assertThat(upserted.at("/data/insert_author/returning/0/rating").asInt()).isEqualTo(5);
        // Without update columns a conflicting row is skipped; a where that excludes the row skips it too.
        assertThat(admin("mutation { insert_author(objects: [{name: \"Bob\"}], on_conflict: {constraint: "
                + "author_name_key}) { affected_rows } }").at("/data/insert_author/affected_rows").asInt()).isZero();
        assertThat(admin("mutation { insert_author_one(object: {name: \"Bob\", rating: 9}, on_conflict: {constraint: "
                + "author_name_key, update_columns: [rating], where: {rating: {_gt: 5}}}) { id } }")
                .at("/data/insert_author_one").isNull()).isTrue();
        assertThat(db.rows("SELECT rating FROM author WHERE name = 'Bob'").get(0).get(0).toString()).isEqualTo("2");

        // The role's update permission decides which conflicting rows it may change, and checks them. The rows
        // take the ids the writer's inserts will draw from the sequence (a refused insert still draws one).
        admin("mutation { insert_article(objects: [{id: 1, title: \"Theirs\", owner: 8}, "
                + "{id: 2, title: \"Mine\", owner: 7}, {id: 3, title: \"Also mine\", owner: 7}]) { affected_rows } }");
        String upsert = "mutation { insert_article_one(object: {title: \"%s\"}, on_conflict: {constraint: "
                + "article_pkey, update_columns: [title]}) { id title } }";
        assertThat(writer(upsert.formatted("Taken"), "7").at("/data/insert_article_one").isNull()).isTrue();
        assertThat(writer(upsert.formatted(""), "7").at("/errors/0/extensions/code").asText())
                .isEqualTo("permission-error");
        JsonNode mine = writer(upsert.formatted("Renamed"), "7");
        assertThat(mine.at("/data/insert_article_one/title").asText()).isEqualTo("Renamed");
        assertThat(db.rows("SELECT title FROM article ORDER BY id").stream().map(r -> r.get(0).toString()))
                .containsExactly("Theirs", "Mine", "Renamed");
        // A role without an update permission cannot upsert (author has none for the writer).
        assertThat(writer("mutation { insert_article_one(object: {title: \"x\"}, on_conflict: {constraint: "
                + "nope}) { id } }", "7").at("/errors/0/extensions/code").asText()).isEqualTo("validation-failed");
    }

    @Test
    void backendOnlyPermissionsNeedTheBackendHeader() {
        String insert = "{\"query\":\"mutation { insert_author(objects: [{name: \\\"Imported\\\"}]) "
                + "{ affected_rows } }\"}";
        JsonNode plain = server.post("/v1/graphql", insert, Map.of("x-hasura-admin-secret", "s",
                "x-hasura-role", "importer")).body();
        assertThat(plain.at("/errors/0/message").asText()).isEqualTo("no mutations exist");
        JsonNode backend = server.post("/v1/graphql", insert, Map.of("x-hasura-admin-secret", "s",
                "x-hasura-role", "importer", "x-hasura-use-backend-only-permissions", "true")).body();
        assertThat(backend.at("/data/insert_author/affected_rows").asInt()).isEqualTo(1);
        JsonNode invalid = server.post("/v1/graphql", insert, Map.of("x-hasura-admin-secret", "s",
                "x-hasura-role", "importer", "x-hasura-use-backend-only-permissions", "maybe")).body();
        assertThat(invalid.at("/errors/0/extensions/code").asText()).isEqualTo("bad-request");
        // A backend's request gets the backend-only permissions alone, as in Hasura, which names the missing field
        // (its user_with_no_backend_privilege case).
        JsonNode writer = server.post("/v1/graphql", "{\"query\":\"mutation { delete_article(where: {}) "
                + "{ affected_rows } }\"}", Map.of("x-hasura-admin-secret", "s", "x-hasura-role", "writer",
                "x-hasura-user-id", "7", "x-hasura-use-backend-only-permissions", "true")).body();
        assertThat(writer.at("/errors/0/message").asText())
                .isEqualTo("field \"delete_article\" not found in type: 'mutation_root'");
        assertThat(writer.at("/errors/0/extensions/path").asText()).isEqualTo("$.selectionSet.delete_article");
    }

    @Test
    void concurrentUpsertsOnOneKeyLeaveOneRow() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<JsonNode>> answers = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                int rating = i;
                answers.add(clients.submit(() -> admin("mutation { insert_author_one(object: {name: \"Same\", "
                        + "rating: " + rating + "}, on_conflict: {constraint: author_name_key, "
                        + "update_columns: [rating]}) { id } }")));
            }
            for (Future<JsonNode> answer : answers) {
                assertThat(answer.get().has("errors")).as("%s", answer.get()).isFalse();
                assertThat(answer.get().at("/data/insert_author_one/id").asInt()).isPositive();
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(db.rows("SELECT count(*) FROM author WHERE name = 'Same'").get(0).get(0).toString()).isEqualTo("1");
    }

    @Test
    void updateManyAppliesItsUpdatesInOrder() {
        annAndBob();
        // The second update sees the first one's change: Ann's rating is 5 by then.
        JsonNode many = admin("mutation { update_author_many(updates: [{where: {name: {_eq: \"Ann\"}}, "
                + "_set: {rating: 5}}, {where: {rating: {_gte: 5}}, _inc: {rating: 1}}, {where: {id: {_eq: -1}}, "
                + "_set: {rating: 0}}]) { affected_rows returning { name rating } } }");
        assertThat(many.at("/data/update_author_many").size()).isEqualTo(3);
        assertThat(many.at("/data/update_author_many/1/returning/0/rating").asInt()).isEqualTo(6);
        assertThat(many.at("/data/update_author_many/2/affected_rows").asInt()).isZero();
        // A failing update undoes the ones before it.
        JsonNode failed = admin("mutation { update_author_many(updates: [{where: {}, _set: {rating: 9}}, "
                + "{where: {}, _set: {rating: -1}}]) { affected_rows } }");
        assertThat(failed.at("/errors/0/message").asText()).startsWith("Check constraint violation. ");
        assertThat(db.rows("SELECT rating FROM author ORDER BY id").stream().map(r -> r.get(0).toString()))
                .containsExactly("6", "2");
    }

    @Test
    void aColumnTakesOneChangePerUpdate() {
        JsonNode twice = admin("mutation { update_author(where: {}, _set: {rating: 1}, _inc: {rating: 2}) "
                + "{ affected_rows } }");
        assertThat(twice.at("/errors/0/message").asText()).isEqualTo("Column found in multiple operators: ['rating'].");
        assertThat(twice.at("/errors/0/extensions/path").asText()).isEqualTo("$.selectionSet.update_author.args");
    }

    @Test
    void aRoleThatMayInsertButNotReadGetsTheCountOnly() {
        Map<String, String> logger = Map.of("x-hasura-admin-secret", "s", "x-hasura-role", "logger");
        JsonNode inserted = server.post("/v1/graphql", "{\"query\":\"mutation { insert_article(objects: "
                + "[{title: \\\"Log\\\"}]) { affected_rows } }\"}", logger).body();
        assertThat(inserted.at("/data/insert_article/affected_rows").asInt()).isEqualTo(1);
        JsonNode returning = server.post("/v1/graphql", "{\"query\":\"mutation { insert_article(objects: "
                + "[{title: \\\"Log\\\"}]) { returning { id } } }\"}", logger).body();
        assertThat(returning.at("/errors/0/extensions/code").asText()).isEqualTo("validation-failed");
        JsonNode refused = server.post("/v1/graphql", "{\"query\":\"mutation { insert_article(objects: "
                + "[{title: \\\"\\\"}]) { affected_rows } }\"}", logger).body();
        assertThat(refused.at("/errors/0/extensions/code").asText()).isEqualTo("permission-error");
        assertThat(server.post("/v1/graphql", "{\"query\":\"{ article { id } }\"}", logger).body()
                .at("/errors/0/extensions/code").asText()).isEqualTo("validation-failed");
    }
}
