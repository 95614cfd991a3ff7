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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Inserts that bring rows of other tables through object and array relationships, at any depth. */
class NestedInsertsIT {
    private static final Map<String, String> ADMIN = Map.of("x-hasura-admin-secret", "s");
    private static TestDatabase db;
    private static TestServer server;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(NestedInsertsIT.class);
        db.execute("""
                CREATE TABLE author (id serial PRIMARY KEY, name text UNIQUE NOT NULL);
                CREATE TABLE article (id serial PRIMARY KEY, title text NOT NULL, author_id int REFERENCES author(id));
                CREATE TABLE comment (id serial PRIMARY KEY, body text NOT NULL,
                  article_id int NOT NULL REFERENCES article(id));
                CREATE TABLE author_detail (author_id int PRIMARY KEY REFERENCES author(id), bio text);
                """);
        server = TestServer.start(EngineConfig.defaults().withDatabaseUrl(db.url()).withAdminSecret(Optional.of("s")));
        Tracking.trackAll(server, "public", List.of("author", "article", "comment"));
        // One to one, through the detail's own foreign key: the detail is written after its author.
        server.metadataOk("""
                {"type":"bulk","args":[{"type":"pg_track_table","args":{"table":"author_detail"}},
                 {"type":"pg_create_object_relationship","args":{"table":"author","name":"detail",
                   "using":{"foreign_key_constraint_on":{"table":"author_detail","column":"author_id"}}}},
                 {"type":"pg_create_object_relationship","args":{"table":"author","name":"profile",
                   "using":{"manual_configuration":{"remote_table":"author_detail","column_mapping":{"id":"author_id"},
                   "insertion_order":"after_parent"}}}}]}
                """);
        // A user may write articles only under an author of their own name: a check through a relationship.
        server.metadataOk("""
                {"type":"bulk","args":[
                 {"type":"pg_create_select_permission","args":{"table":"author","role":"user","permission":{
                   "columns":["id","name"],"filter":{}}}},
                 {"type":"pg_create_insert_permission","args":{"table":"author","role":"user","permission":{
                   "columns":["name"],"check":{}}}},
                 {"type":"pg_create_select_permission","args":{"table":"article","role":"user","permission":{
                   "columns":["id","title"],"filter":{}}}},
                 {"type":"pg_create_insert_permission","args":{"table":"article","role":"user","permission":{
                   "columns":["title"],"check":{"author":{"name":{"_eq":"X-Hasura-User-Name"}}}}}},
                 {"type":"pg_create_select_permission","args":{"table":"author","role":"bulk","permission":{
                   "columns":["name"],"filter":{}}}},
                 {"type":"pg_create_insert_permission","args":{"table":"author","role":"bulk","permission":{
                   "columns":["name"],"check":{}}}},
                 {"type":"pg_create_insert_permission","args":{"table":"article","role":"bulk","permission":{
                   "columns":["title"],"check":{"title":{"_neq":"bad"}}}}}]}
                """);
    }

    @BeforeEach
    void empty() {
        db.execute("TRUNCATE author_detail, comment, article, author RESTART IDENTITY CASCADE");
    }

    @AfterAll
    static void tearDown() {
        server.close();
        db.close();
    }

    private static JsonNode post(String query, Map<String, String> headers) {
        return server.post("/v1/graphql", "{\"query\":\"" + query.replace("\"", "\\\"") + "\"}", headers).body();
    }

    private static JsonNode admin(String query) {
        return post(query, ADMIN);
    }

    @Test
    void childrenAtEveryDepthCopyTheirParentsKeys() {
        JsonNode data = admin("mutation { insert_author(objects: [{name: \"Ann\", articles: {data: ["
                + "{title: \"One\", comments: {data: [{body: \"a\"}, {body: \"b\"}]}}, {title: \"Two\"}]}}, "
                + "{name: \"Bob\", articles: {data: [{title: \"Three\", comments: {data: [{body: \"c\"}]}}]}}]) "
                + "{ affected_rows returning { name articles(order_by: {id: asc}) { title "
                + "comments(order_by: {id: asc}) { body } } } } }");
        assertThat(data.at("/data/insert_author/affected_rows").asInt()).as(data.toString()).isEqualTo(8);
        assertThat(data.at("/data/insert_author/returning").toString()).isEqualTo("[{\"name\":\"Ann\",\"articles\":["
                + "{\"title\":\"One\",\"comments\":[{\"body\":\"a\"},{\"body\":\"b\"}]},{\"title\":\"Two\",\"comments\":[]}]},"
                + "{\"name\":\"Bob\",\"articles\":[{\"title\":\"Three\",\"comments\":[{\"body\":\"c\"}]}]}]");
        assertThat(db.rows("SELECT c.body, a.title, au.name FROM comment c JOIN article a ON a.id = c.article_id "
                + "JOIN author au ON au.id = a.author_id ORDER BY c.id").toString())
                .isEqualTo("[[a, One, Ann], [b, One, Ann], [c, Three, Bob]]");
    }

    @Test
    void nestedRowsComeAsVariablesToo() {
        Map<String, Object> ann = Map.of("name", "Ann", "articles", Map.of("data", List.of(Map.of("title", "One",
                "comments", Map.of("data", List.of(Map.of("body", "a")))))));
        JsonNode data = server.graphql("mutation($objects: [author_insert_input!]!) { insert_author(objects: $objects) "
                + "{ affected_rows returning { articles { comments { body } } } } }", Map.of("objects", List.of(ann)),
                ADMIN);
        assertThat(data.at("/data/insert_author/affected_rows").asInt()).as(data.toString()).isEqualTo(3);
        assertThat(data.at("/data/insert_author/returning/0/articles/0/comments/0/body").asText()).isEqualTo("a");
    }

    @Test
    void objectRelationshipParentsAreWrittenFirst() {
        // Bob, the parent of "Two", is written with his own children ("Three") before "Two" itself.
        JsonNode data = admin("mutation { insert_article(objects: [{title: \"One\", author: {data: {name: \"Ann\"}}}, "
                + "{title: \"Two\", author: {data: {name: \"Bob\", articles: {data: [{title: \"Three\"}]}}}}]) "
                + "{ affected_rows returning { title author { name articles_aggregate { aggregate { count } } } } } "
                + "single: insert_article_one(object: {title: \"Four\", author: {data: {name: \"Cy\"}}}) "
                + "{ title author { name } } }");
        assertThat(data.at("/data/insert_article/affected_rows").asInt()).as(data.toString()).isEqualTo(5);
        assertThat(data.at("/data/insert_article/returning/1/author/name").asText()).isEqualTo("Bob");
        assertThat(data.at("/data/insert_article/returning/1/author/articles_aggregate/aggregate/count").asInt())
                .isEqualTo(2);
        assertThat(data.at("/data/single/author/name").asText()).isEqualTo("Cy");
        assertThat(db.rows("SELECT a.title, au.name FROM article a JOIN author au ON au.id = a.author_id "
                + "ORDER BY a.id").toString()).isEqualTo("[[One, Ann], [Three, Bob], [Two, Bob], [Four, Cy]]");
    }

    @Test
    void anObjectRelationshipThroughTheRemoteKeyIsWrittenAfterItsRow() {
        JsonNode data = admin("mutation { insert_author_one(object: {name: \"Ann\", detail: {data: {bio: \"b\"}}}) "
                + "{ id detail { bio } } }");
        assertThat(data.at("/data/insert_author_one/detail/bio").asText()).as(data.toString()).isEqualTo("b");
        assertThat(db.rows("SELECT author_id, bio FROM author_detail").toString()).isEqualTo("[[1, b]]");
        // The same through a manual relationship that says so.
        JsonNode manual = admin("mutation { insert_author_one(object: {name: \"Bob\", profile: {data: {bio: \"c\"}}}) "
                + "{ profile { bio } } }");
        assertThat(manual.at("/data/insert_author_one/profile/bio").asText()).as(manual.toString()).isEqualTo("c");
    }

    @Test
    void anUpsertedParentTakesTheChildren() {
        admin("mutation { insert_author_one(object: {name: \"Ann\"}) { id } }");
        JsonNode data = admin("mutation { insert_author_one(object: {name: \"Ann\", articles: {data: [{title: \"New\"}]}}, "
                + "on_conflict: {constraint: author_name_key, update_columns: [name]}) { id articles { title } } }");
        assertThat(data.at("/data/insert_author_one/id").asInt()).as(data.toString()).isEqualTo(1);
        assertThat(data.at("/data/insert_author_one/articles/0/title").asText()).isEqualTo("New");
    }

    @Test
    void aParentAConflictSkipsFailsTheInsertAndWritesNothing() {
        admin("mutation { insert_author_one(object: {name: \"Ann\"}) { id } }");
        JsonNode object = admin("mutation { insert_article(objects: [{title: \"x\", author: {data: {name: \"Ann\"}, "
                + "on_conflict: {constraint: author_name_key, update_columns: []}}}]) { affected_rows } }");
        assertThat(object.at("/errors/0/extensions/code").asText()).as(object.toString()).isEqualTo("not-supported");
        assertThat(object.at("/errors/0/extensions/path").asText())
                .isEqualTo("$.selectionSet.insert_article.args.objects[0].author");
        assertThat(object.at("/errors/0/message").asText()).isEqualTo(
                "cannot proceed to insert object relation \"author\" since insert to table \"author\" affects zero rows");
        JsonNode array = admin("mutation { insert_author(objects: [{name: \"Bob\"}, {name: \"Ann\", articles: {data: "
                + "[{title: \"y\"}]}}], on_conflict: {constraint: author_name_key, update_columns: []}) { affected_rows } }");
        assertThat(array.at("/errors/0/message").asText()).as(array.toString()).isEqualTo(
                "cannot proceed to insert array relations since insert to table \"author\" affects zero rows");
        assertThat(db.rows("SELECT name FROM author").toString()).isEqualTo("[[Ann]]");
        assertThat(db.rows("SELECT count(*) FROM article").toString()).isEqualTo("[[0]]");
        // No rows through a relationship is no relationship insert: nothing depends on the skipped row.
        JsonNode none = admin("mutation { insert_author(objects: [{name: \"Ann\", articles: {data: []}}], "
                + "on_conflict: {constraint: author_name_key, update_columns: []}) { affected_rows } }");
        assertThat(none.at("/data/insert_author/affected_rows").asInt()).as(none.toString()).isZero();
    }

    @Test
    void columnsARelatedRowDeterminesCannotBeGiven() {
        JsonNode child = admin("mutation { insert_author(objects: [{name: \"Ann\", articles: {data: "
                + "[{title: \"x\", author_id: 3}]}}]) { affected_rows } }");
        assertThat(child.at("/errors/0/extensions/code").asText()).as(child.toString()).isEqualTo("validation-failed");
        assertThat(child.at("/errors/0/extensions/path").asText())
                .isEqualTo("$.selectionSet.insert_author.args.objects[0].articles.data[0]");
        assertThat(child.at("/errors/0/message").asText()).isEqualTo(
                "cannot insert \"author_id\" columns as their values are already being determined by parent insert");
        JsonNode parent = admin("mutation { insert_article_one(object: {title: \"x\", author_id: 3, "
                + "author: {data: {name: \"Ann\"}}}) { id } }");
        assertThat(parent.at("/errors/0/message").asText()).as(parent.toString()).isEqualTo(
                "cannot insert object relationship \"author\" as \"author_id\" column values are already determined");
        assertThat(db.rows("SELECT count(*) FROM author").toString()).isEqualTo("[[0]]");
    }

    /** 150 authors with two articles each: more rows than one write statement takes. */
    private static String authors(String lastTitle) {
        StringBuilder objects = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            objects.append("{name: \"A").append(i).append("\", articles: {data: [{title: \"x\"}, {title: \"")
                    .append(i == 149 ? lastTitle : "y").append("\"}]}}, ");
        }
        return objects.toString();
    }

    /** The bulk role may insert articles but not read them: the relationship is offered all the same, as in Hasura. */
    @Test
    void aLargeInsertWritesInSeveralStatementsAndAnswersAsOne() {
        Map<String, String> bulk = Map.of("x-hasura-admin-secret", "s", "x-hasura-role", "bulk");
        JsonNode bad = post("mutation { insert_author(objects: [" + authors("bad") + "]) { affected_rows } }", bulk);
        assertThat(bad.at("/errors/0/extensions/code").asText()).as(bad.toString()).isEqualTo("permission-error");
        assertThat(db.rows("SELECT count(*) FROM author").toString()).isEqualTo("[[0]]");
        JsonNode good = post("mutation { insert_author(objects: [" + authors("z") + "]) "
                + "{ affected_rows returning { name } } }", bulk);
        assertThat(good.at("/data/insert_author/affected_rows").asInt()).as(good.toString()).isEqualTo(450);
        assertThat(good.at("/data/insert_author/returning/149/name").asText()).isEqualTo("A149");
        assertThat(db.rows("SELECT count(*) FROM article a JOIN author au ON au.id = a.author_id "
                + "WHERE au.name = 'A149' AND a.title IN ('x', 'z')").toString()).isEqualTo("[[2]]");
        // A skipped row that others depend on, in a later statement, is still found and reported where it was.
        db.execute("TRUNCATE comment, article, author RESTART IDENTITY CASCADE; INSERT INTO author (name) VALUES ('A140')");
        JsonNode skipped = admin("mutation { insert_author(objects: [" + authors("z") + "], on_conflict: "
                + "{constraint: author_name_key, update_columns: []}) { affected_rows } }");
        assertThat(skipped.at("/errors/0/extensions/path").asText()).as(skipped.toString())
                .isEqualTo("$.selectionSet.insert_author.args.objects[140]");
        assertThat(db.rows("SELECT count(*) FROM author").toString()).isEqualTo("[[1]]");
    }

    @Test
    void checksSeeTheRowsWrittenWithThem() {
        Map<String, String> ann = Map.of("x-hasura-admin-secret", "s", "x-hasura-role", "user",
                "x-hasura-user-name", "Ann");
        String query = "mutation { insert_author_one(object: {name: \"%s\", articles: {data: [{title: \"t\"}]}}) "
                + "{ name articles { title } } }";
        JsonNode own = post(query.formatted("Ann"), ann);
        assertThat(own.at("/data/insert_author_one/articles/0/title").asText()).as(own.toString()).isEqualTo("t");
        JsonNode other = post(query.formatted("Bob"), ann);
        assertThat(other.at("/errors/0/extensions/code").asText()).as(other.toString()).isEqualTo("permission-error");
        assertThat(db.rows("SELECT name FROM author").toString()).isEqualTo("[[Ann]]");
        // The role may not upsert authors (no update permission), so its relationship input offers no on_conflict.
        JsonNode type = post("{ __type(name: \"author_obj_rel_insert_input\") { inputFields { name } } }", ann);
        assertThat(type.at("/data/__type/inputFields").toString()).isEqualTo("[{\"name\":\"data\"}]");
    }
}
