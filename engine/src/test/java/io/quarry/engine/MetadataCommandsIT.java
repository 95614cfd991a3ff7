package io.quarry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.engine.testing.TestDatabase;
import io.quarry.engine.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The metadata commands for tables, relationships, computed fields and the source, with Hasura's answers. */
class MetadataCommandsIT {
    private static TestDatabase db;
    private TestServer server;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(MetadataCommandsIT.class);
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    @BeforeEach
    void fresh() {
        db.execute("DROP SCHEMA IF EXISTS hdb_catalog CASCADE; DROP SCHEMA IF EXISTS public CASCADE;"
                + "CREATE SCHEMA public;"
                + "CREATE TABLE author (id serial PRIMARY KEY, name text NOT NULL);"
                + "CREATE TABLE article (id serial PRIMARY KEY, title text, author_id int REFERENCES author(id));"
                + "CREATE TABLE color (value text PRIMARY KEY, comment text);"
                + "INSERT INTO color VALUES ('red', 'Red'), ('blue', 'Blue');"
                + "CREATE FUNCTION author_shout(a author) RETURNS text LANGUAGE sql STABLE AS $$ SELECT upper(a.name) $$;"
                + "INSERT INTO author (name) VALUES ('Ann');"
                + "INSERT INTO article (title, author_id) VALUES ('On rocks', 1);");
        server = TestServer.start(db.url());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TestServer.Response md(String json) {
        return server.metadata(json);
    }

    private JsonNode ok(String json) {
        return server.metadataOk(json);
    }

    private static void error(TestServer.Response r, String code, String message) {
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.body().path("code").asText()).as(r.text()).isEqualTo(code);
        assertThat(r.body().path("error").asText()).as(r.text()).isEqualTo(message);
    }

    private JsonNode entry(String table) {
        for (JsonNode t : ok("{\"type\":\"export_metadata\",\"args\":{}}").at("/sources/0/tables")) {
            if (t.at("/table/name").asText().equals(table)) {
                return t;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private void trackWithRelationships() {
        ok("{\"type\":\"pg_track_tables\",\"args\":{\"tables\":[{\"table\":\"author\"},{\"table\":\"article\"}]}}");
        ok("{\"type\":\"bulk\",\"args\":["
                + "{\"type\":\"pg_create_object_relationship\",\"args\":{\"table\":\"article\",\"name\":\"author\","
                + "\"using\":{\"foreign_key_constraint_on\":\"author_id\"}}},"
                + "{\"type\":\"pg_create_array_relationship\",\"args\":{\"table\":\"author\",\"name\":\"articles\","
                + "\"using\":{\"foreign_key_constraint_on\":{\"table\":\"article\",\"column\":\"author_id\"}}}}]}");
    }

    @Test
    void trackTablesTracksWhatItCanAndWarnsAboutTheRest() {
        JsonNode r = ok("{\"type\":\"pg_track_tables\",\"args\":{\"tables\":[{\"table\":\"author\"},"
                + "{\"table\":\"nothing\"},{\"table\":{\"schema\":\"public\",\"name\":\"article\"}}]}}");
        assertThat(r.path("message").asText()).isEqualTo("success");
        assertThat(r.at("/warnings/0/code").asText()).isEqualTo("track-table-failed");
        assertThat(r.at("/warnings/0/type").asText()).isEqualTo("table");
        assertThat(r.at("/warnings/0/name").asText()).isEqualTo("table nothing in source default");
        assertThat(r.at("/warnings/0/message").asText()).isEqualTo("no such table/view exists in source: \"nothing\"");
        assertThat(server.graphql("{ article { title } author { name } }").at("/data/article/0/title").asText())
                .isEqualTo("On rocks");

        error(md("{\"type\":\"pg_track_tables\",\"args\":{\"tables\":[{\"table\":\"color\"},{\"table\":\"author\"}],"
                + "\"allow_warnings\":false}}"), "metadata-warnings", "failed due to metadata warnings");
        assertThat(entry("color").isMissingNode()).isTrue();
        error(md("{\"type\":\"pg_track_tables\",\"args\":{\"tables\":[{\"table\":\"author\"}]}}"),
                "invalid-configuration", "all tables failed to track");
        error(md("{\"type\":\"pg_track_tables\",\"args\":{\"tables\":[{\"table\":\"color\"},{\"table\":\"color\"}]}}"),
                "bad-request", "The following tables occur more than once in the request: default.color");
    }

    @Test
    void untrackTablesTogetherNeedsNoCascadeForRelationshipsBetweenThem() {
        trackWithRelationships();
        JsonNode r = ok("{\"type\":\"pg_untrack_tables\",\"args\":{\"tables\":[{\"table\":\"author\"},"
                + "{\"table\":\"article\"}]}}");
        assertThat(r.has("warnings")).as(r.toString()).isFalse();
        assertThat(ok("{\"type\":\"export_metadata\",\"args\":{}}").at("/sources/0/tables")).isEmpty();

        trackWithRelationships();
        ok("{\"type\":\"pg_track_table\",\"args\":{\"table\":\"color\"}}");
        JsonNode partly = ok("{\"type\":\"pg_untrack_tables\",\"args\":{\"tables\":[{\"table\":\"author\"},"
                + "{\"table\":\"color\"},{\"table\":\"nothing\"}]}}");
        assertThat(entry("color").isMissingNode()).isTrue();
        assertThat(entry("author").isMissingNode()).isFalse();
        assertThat(partly.at("/warnings/0/code").asText()).isEqualTo("untrack-table-failed");
        assertThat(partly.at("/warnings/0/message").asText()).isEqualTo("cannot drop due to the following dependent "
                + "objects: relationship article.author in source \"default\"");
        assertThat(partly.at("/warnings/1/message").asText()).isEqualTo("view/table already untracked: \"nothing\"");
    }

    @Test
    void untrackTableWithCascadeRemovesRelationshipsAndPermissionsThatLeadThere() {
        trackWithRelationships();
        ok("{\"type\":\"pg_create_select_permission\",\"args\":{\"table\":\"article\",\"role\":\"user\","
                + "\"permission\":{\"columns\":[\"title\"],\"filter\":{\"author\":{\"name\":{\"_eq\":\"Ann\"}}}}}}");
        // The permission goes through the relationship, so it depends on the table too.
        error(md("{\"type\":\"pg_untrack_table\",\"args\":{\"table\":\"author\"}}"), "dependency-error",
                "cannot drop due to the following dependent objects : permission article.user.select in source "
                        + "\"default\", relationship article.author in source \"default\"");
        ok("{\"type\":\"pg_untrack_table\",\"args\":{\"table\":\"author\",\"cascade\":true}}");
        JsonNode article = entry("article");
        assertThat(article.has("object_relationships")).isFalse();
        assertThat(article.has("select_permissions")).isFalse();
        assertThat(ok("{\"type\":\"get_inconsistent_metadata\",\"args\":{}}").path("is_consistent").asBoolean())
                .isTrue();
        error(md("{\"type\":\"pg_untrack_table\",\"args\":{\"table\":\"author\"}}"), "already-untracked",
                "view/table already untracked: \"author\"");
    }

    @Test
    void tableCustomizationAndEnums() {
        trackWithRelationships();
        ok("{\"type\":\"pg_set_table_customization\",\"args\":{\"table\":\"author\",\"configuration\":{"
                + "\"custom_name\":\"Writer\",\"custom_root_fields\":{\"select\":\"writers\"},"
                + "\"column_config\":{\"name\":{\"custom_name\":\"fullName\"}}}}}");
        assertThat(server.graphql("{ writers { fullName } }").at("/data/writers/0/fullName").asText()).isEqualTo("Ann");
        assertThat(entry("author").at("/configuration/custom_name").asText()).isEqualTo("Writer");
        ok("{\"type\":\"set_table_custom_fields\",\"args\":{\"table\":\"author\",\"custom_root_fields\":{},"
                + "\"custom_column_names\":{\"name\":\"label\"}}}");
        assertThat(server.graphql("{ author { label } }").at("/data/author/0/label").asText()).isEqualTo("Ann");
        error(md("{\"type\":\"pg_set_table_customization\",\"args\":{\"table\":\"color\",\"configuration\":{}}}"),
                "not-exists", "table \"color\" does not exist in source: default");

        ok("{\"type\":\"pg_track_table\",\"args\":{\"table\":\"color\"}}");
        ok("{\"type\":\"pg_set_table_is_enum\",\"args\":{\"table\":\"color\",\"is_enum\":true}}");
        assertThat(entry("color").path("is_enum").asBoolean()).isTrue();
        JsonNode type = server.graphql("{ __type(name: \"color_enum\") { enumValues { name } } }");
        assertThat(type.at("/data/__type/enumValues").toString()).contains("red").contains("blue");
        ok("{\"type\":\"pg_set_table_is_enum\",\"args\":{\"table\":\"color\",\"is_enum\":false}}");
        assertThat(entry("color").has("is_enum")).isFalse();
        error(md("{\"type\":\"pg_set_table_is_enum\",\"args\":{\"table\":\"author\",\"is_enum\":true}}"),
                "invalid-configuration", "Inconsistent object: the table \"author\" cannot be used as an enum: it "
                        + "needs a single-column text primary key and at most one other column");
    }

    @Test
    void relationshipsAreRenamedAndCommented() {
        trackWithRelationships();
        ok("{\"type\":\"pg_rename_relationship\",\"args\":{\"table\":\"article\",\"name\":\"author\","
                + "\"new_name\":\"writer\"}}");
        assertThat(server.graphql("{ article { writer { name } } }").at("/data/article/0/writer/name").asText())
                .isEqualTo("Ann");
        error(md("{\"type\":\"pg_rename_relationship\",\"args\":{\"table\":\"article\",\"name\":\"writer\","
                + "\"new_name\":\"title\"}}"), "already-exists", "cannot rename relationship \"writer\" to \"title\" "
                + "in table \"article\" as a column/relationship with the name already exists");
        error(md("{\"type\":\"rename_relationship\",\"args\":{\"table\":\"article\",\"name\":\"author\","
                + "\"new_name\":\"x\"}}"), "not-exists", "relationship \"author\" does not exist in table \"article\"");

        ok("{\"type\":\"pg_set_relationship_comment\",\"args\":{\"table\":\"article\",\"name\":\"writer\","
                + "\"comment\":\"who wrote it\"}}");
        assertThat(entry("article").at("/object_relationships/0/comment").asText()).isEqualTo("who wrote it");
        ok("{\"type\":\"pg_set_relationship_comment\",\"args\":{\"table\":\"article\",\"name\":\"writer\"}}");
        assertThat(entry("article").at("/object_relationships/0").has("comment")).isFalse();
    }

    @Test
    void droppingAComputedFieldAPermissionNamesNeedsCascade() {
        ok("{\"type\":\"pg_track_table\",\"args\":{\"table\":\"author\"}}");
        ok("{\"type\":\"pg_add_computed_field\",\"args\":{\"table\":\"author\",\"name\":\"shout\","
                + "\"definition\":{\"function\":\"author_shout\"}}}");
        ok("{\"type\":\"pg_create_select_permission\",\"args\":{\"table\":\"author\",\"role\":\"user\","
                + "\"permission\":{\"columns\":[\"name\"],\"computed_fields\":[\"shout\"],\"filter\":{}}}}");
        error(md("{\"type\":\"pg_drop_computed_field\",\"args\":{\"table\":\"author\",\"name\":\"shout\"}}"),
                "dependency-error", "cannot drop due to the following dependent objects : permission "
                        + "author.user.select in source \"default\"");
        ok("{\"type\":\"pg_drop_computed_field\",\"args\":{\"table\":\"author\",\"name\":\"shout\",\"cascade\":true}}");
        assertThat(entry("author").has("computed_fields")).isFalse();
        assertThat(entry("author").has("select_permissions")).isFalse();
        error(md("{\"type\":\"pg_drop_computed_field\",\"args\":{\"table\":\"author\",\"name\":\"shout\"}}"),
                "not-exists", "computed field \"shout\" does not exist in table \"author\"");
    }

    @Test
    void dropInconsistentMetadataLeavesWhatTheDatabaseBacks() {
        trackWithRelationships();
        db.execute("DROP TABLE article");
        ok("{\"type\":\"reload_metadata\",\"args\":{}}");
        assertThat(ok("{\"type\":\"get_inconsistent_metadata\",\"args\":{}}").path("is_consistent").asBoolean())
                .isFalse();
        assertThat(ok("{\"type\":\"drop_inconsistent_metadata\",\"args\":{}}").path("message").asText())
                .isEqualTo("success");
        assertThat(ok("{\"type\":\"get_inconsistent_metadata\",\"args\":{}}").path("is_consistent").asBoolean())
                .isTrue();
        assertThat(entry("article").isMissingNode()).isTrue();
        assertThat(entry("author").has("array_relationships")).isFalse();
    }

    @Test
    void bulkKeepGoingAnswersEachOperationAndKeepsTheOnesThatWorked() {
        JsonNode r = ok("{\"type\":\"bulk_keep_going\",\"args\":["
                + "{\"type\":\"pg_track_table\",\"args\":{\"table\":\"author\"}},"
                + "{\"type\":\"pg_track_table\",\"args\":{\"table\":\"nothing\"}},"
                + "{\"type\":\"pg_track_table\",\"args\":{\"table\":\"article\"}}]}");
        assertThat(r.get(0).path("message").asText()).isEqualTo("success");
        assertThat(r.get(1).path("code").asText()).isEqualTo("not-exists");
        assertThat(r.get(1).path("path").asText()).isEqualTo("$.args[1].args");
        assertThat(r.get(2).path("message").asText()).isEqualTo("success");
        assertThat(server.graphql("{ article { title } author { name } }").has("data")).isTrue();
    }

    @Test
    void theOneSourceMayBeAddedRenamedUpdatedAndDropped() {
        ok("{\"type\":\"pg_add_source\",\"args\":{\"name\":\"Postgres\",\"configuration\":{\"connection_info\":"
                + "{\"database_url\":{\"from_env\":\"PG_DATABASE_URL\"}}}}}");
        JsonNode exported = ok("{\"type\":\"export_metadata\",\"args\":{}}");
        assertThat(exported.at("/sources").size()).isEqualTo(1);
        assertThat(exported.at("/sources/0/name").asText()).isEqualTo("Postgres");
        assertThat(exported.at("/sources/0/configuration/connection_info/database_url/from_env").asText())
                .isEqualTo("PG_DATABASE_URL");
        ok("{\"type\":\"pg_track_table\",\"args\":{\"source\":\"Postgres\",\"table\":\"author\"}}");
        assertThat(server.graphql("{ author { name } }").at("/data/author/0/name").asText()).isEqualTo("Ann");

        error(md("{\"type\":\"pg_add_source\",\"args\":{\"name\":\"other\",\"configuration\":{}}}"), "not-supported",
                "only one Postgres source is supported: source \"Postgres\" already exists (rename_source renames it)");
        error(md("{\"type\":\"pg_add_source\",\"args\":{\"name\":\"Postgres\",\"configuration\":{}}}"),
                "already-exists", "source with name \"Postgres\" already exists");
        error(md("{\"type\":\"pg_track_table\",\"args\":{\"table\":\"article\"}}"), "not-exists",
                "source with name \"default\" does not exist");

        ok("{\"type\":\"rename_source\",\"args\":{\"name\":\"Postgres\",\"new_name\":\"default\"}}");
        error(md("{\"type\":\"rename_source\",\"args\":{\"name\":\"Postgres\",\"new_name\":\"x\"}}"), "not-exists",
                "Could not find source with name \"Postgres\"");
        ok("{\"type\":\"pg_update_source\",\"args\":{\"name\":\"default\",\"configuration\":{\"connection_info\":"
                + "{\"database_url\":\"postgres://elsewhere/db\"}}}}");
        assertThat(ok("{\"type\":\"export_metadata\",\"args\":{}}")
                .at("/sources/0/configuration/connection_info/database_url").asText()).isEqualTo("postgres://elsewhere/db");
        assertThat(server.graphql("{ author { name } }").at("/data/author/0/name").asText()).isEqualTo("Ann");

        ok("{\"type\":\"pg_drop_source\",\"args\":{\"name\":\"default\"}}");
        assertThat(ok("{\"type\":\"export_metadata\",\"args\":{}}").path("sources")).isEmpty();
        error(md("{\"type\":\"pg_drop_source\",\"args\":{\"name\":\"default\"}}"), "not-exists",
                "source with name \"default\" does not exist");
    }

    @Test
    void sourceTablesAndTableInfoDescribeTheDatabase() {
        JsonNode tables = ok("{\"type\":\"pg_get_source_tables\",\"args\":{\"source\":\"default\"}}");
        assertThat(tables.toString()).isEqualTo("[{\"schema\":\"public\",\"name\":\"article\"},"
                + "{\"schema\":\"public\",\"name\":\"author\"},{\"schema\":\"public\",\"name\":\"color\"}]");
        JsonNode info = ok("{\"type\":\"get_table_info\",\"args\":{\"source\":\"default\",\"table\":\"article\"}}");
        assertThat(info.path("type").asText()).isEqualTo("table");
        assertThat(info.at("/columns/0/name").asText()).isEqualTo("id");
        assertThat(info.at("/primary_key/0").asText()).isEqualTo("id");
        assertThat(info.at("/foreign_keys/article_author_id_fkey/column_mapping/author_id").asText()).isEqualTo("id");
        error(md("{\"type\":\"pg_get_source_tables\",\"args\":{\"source\":\"nowhere\"}}"), "not-exists",
                "source with name \"nowhere\" does not exist");
    }

    @Test
    void runSqlRenamesOfTablesAndColumnsAreFollowed() {
        trackWithRelationships();
        ok("{\"type\":\"pg_create_select_permission\",\"args\":{\"table\":\"author\",\"role\":\"user\","
                + "\"permission\":{\"columns\":[\"id\",\"name\"],\"filter\":{\"name\":{\"_eq\":\"Ann\"}}}}}");
        TestServer.Response r = server.post("/v2/query", "{\"type\":\"run_sql\",\"args\":{\"sql\":"
                + "\"ALTER TABLE author RENAME TO writer; ALTER TABLE writer RENAME COLUMN name TO full_name;"
                + " ALTER TABLE article RENAME COLUMN author_id TO writer_id\"}}", Map.of());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode writer = entry("writer");
        assertThat(writer.isMissingNode()).isFalse();
        assertThat(writer.at("/select_permissions/0/permission/columns").toString()).isEqualTo("[\"id\",\"full_name\"]");
        assertThat(writer.at("/select_permissions/0/permission/filter/full_name/_eq").asText()).isEqualTo("Ann");
        assertThat(writer.at("/array_relationships/0/using/foreign_key_constraint_on/column").asText())
                .isEqualTo("writer_id");
        assertThat(entry("author").isMissingNode()).isTrue();
        assertThat(entry("article").at("/object_relationships/0/using/foreign_key_constraint_on").asText())
                .isEqualTo("writer_id");
        assertThat(ok("{\"type\":\"get_inconsistent_metadata\",\"args\":{}}").path("is_consistent").asBoolean())
                .isTrue();
        JsonNode data = server.graphql("{ article { author { full_name articles { title } } } }");
        assertThat(data.at("/data/article/0/author/articles/0/title").asText()).as(data.toString())
                .isEqualTo("On rocks");
        JsonNode asUser = server.graphql("{ writer { full_name } }", Map.of(), Map.of("x-hasura-role", "user"));
        assertThat(asUser.at("/data/writer/0/full_name").asText()).as(asUser.toString()).isEqualTo("Ann");
    }

    @Test
    void chainedAndSwappedRenamesMoveEachReferenceOnce() {
        trackWithRelationships();
        ok("{\"type\":\"pg_create_select_permission\",\"args\":{\"table\":\"author\",\"role\":\"user\","
                + "\"permission\":{\"columns\":[\"id\",\"name\"],\"filter\":{}}}}");
        // article becomes post, then author takes the name article: each entry follows its own table.
        TestServer.Response chain = server.post("/v2/query", "{\"type\":\"run_sql\",\"args\":{\"sql\":"
                + "\"ALTER TABLE article RENAME TO post; ALTER TABLE author RENAME TO article\"}}", Map.of());
        assertThat(chain.status()).as(chain.text()).isEqualTo(200);
        assertThat(entry("post").isMissingNode()).isFalse();
        assertThat(entry("article").at("/select_permissions/0/role").asText()).isEqualTo("user");
        assertThat(entry("author").isMissingNode()).isTrue();
        assertThat(entry("post").at("/object_relationships/0/using/foreign_key_constraint_on").asText())
                .isEqualTo("author_id");
        assertThat(entry("article").at("/array_relationships/0/using/foreign_key_constraint_on/table/name").asText())
                .isEqualTo("post");
        assertThat(ok("{\"type\":\"get_inconsistent_metadata\",\"args\":{}}").path("is_consistent").asBoolean())
                .isTrue();
        // A swap through a third name, with a column renamed on each side.
        TestServer.Response swap = server.post("/v2/query", "{\"type\":\"run_sql\",\"args\":{\"sql\":"
                + "\"ALTER TABLE post RENAME TO tmp; ALTER TABLE article RENAME TO post; ALTER TABLE tmp RENAME TO article;"
                + " ALTER TABLE post RENAME COLUMN name TO full_name\"}}", Map.of());
        assertThat(swap.status()).as(swap.text()).isEqualTo(200);
        assertThat(entry("post").at("/select_permissions/0/permission/columns").toString())
                .isEqualTo("[\"id\",\"full_name\"]");
        assertThat(entry("article").path("select_permissions").isMissingNode()).isTrue();
        JsonNode data = server.graphql("{ article { author { full_name } } }");
        assertThat(data.has("errors")).as(data.toString()).isFalse();
    }

    @Test
    void aSourceNameThatWouldLeadOutOfTheProjectFolderIsRefused() {
        TestServer.Response r = md("{\"type\":\"pg_add_source\",\"args\":{\"name\":\"../../escaped\","
                + "\"configuration\":{\"connection_info\":{\"database_url\":{\"from_env\":\"DB\"}}}}}");
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.body().path("code").asText()).isEqualTo("validation-failed");
        assertThat(r.body().path("path").asText()).isEqualTo("$.args.name");
    }
}
