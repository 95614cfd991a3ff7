package io.quarry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.engine.config.EngineConfig;
import io.quarry.engine.testing.TestDatabase;
import io.quarry.engine.testing.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Metadata kept in the database: shared by engines, kept across restarts, checked against what the database has. */
class MetadataIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestDatabase db;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(MetadataIT.class);
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    @BeforeEach
    void freshSchema() {
        db.execute("DROP SCHEMA IF EXISTS hdb_catalog CASCADE; DROP TABLE IF EXISTS article, author CASCADE;"
                + "CREATE TABLE author (id serial PRIMARY KEY, name text NOT NULL);"
                + "CREATE TABLE article (id serial PRIMARY KEY, title text, author_id int REFERENCES author(id));"
                + "INSERT INTO author (name) VALUES ('Ann');"
                + "INSERT INTO article (title, author_id) VALUES ('On rocks', 1);");
    }

    private static TestServer start(Duration poll) {
        return TestServer.start(EngineConfig.defaults().withDatabaseUrl(db.url()).withMetadataPoll(poll));
    }

    private static void trackBoth(TestServer server) {
        server.metadataOk("{\"type\":\"bulk\",\"args\":["
                + "{\"type\":\"pg_track_table\",\"args\":{\"table\":{\"schema\":\"public\",\"name\":\"author\"}}},"
                + "{\"type\":\"pg_track_table\",\"args\":{\"table\":{\"schema\":\"public\",\"name\":\"article\"}}},"
                + "{\"type\":\"pg_create_object_relationship\",\"args\":{\"table\":\"article\",\"name\":\"author\","
                + "\"using\":{\"foreign_key_constraint_on\":\"author_id\"}}},"
                + "{\"type\":\"pg_create_array_relationship\",\"args\":{\"table\":\"author\",\"name\":\"articles\","
                + "\"using\":{\"foreign_key_constraint_on\":{\"table\":\"article\",\"column\":\"author_id\"}}}}]}");
    }

    @Test
    void metadataSurvivesARestart() {
        try (TestServer first = start(Duration.ZERO)) {
            trackBoth(first);
        }
        try (TestServer second = start(Duration.ZERO)) {
            JsonNode data = second.graphql("{ article { title author { name articles { title } } } }").get("data");
            assertThat(data.at("/article/0/author/articles/0/title").asText()).isEqualTo("On rocks");
        }
    }

    @Test
    void aSecondEngineSeesChangesMadeThroughTheFirst() throws InterruptedException {
        try (TestServer a = start(Duration.ofMillis(100)); TestServer b = start(Duration.ofMillis(100))) {
            trackBoth(a);
            JsonNode seen = null;
            for (int i = 0; i < 100; i++) {
                seen = b.graphql("{ author { name } }");
                if (seen.has("data")) {
                    break;
                }
                Thread.sleep(50);
            }
            assertThat(seen.at("/data/author/0/name").asText()).isEqualTo("Ann");
        }
    }

    @Test
    void whatTheDatabaseLostIsReportedAndTheRestIsServed() {
        try (TestServer server = start(Duration.ZERO)) {
            trackBoth(server);
            db.execute("DROP TABLE article");
            JsonNode reload = server.metadataOk("{\"type\":\"reload_metadata\",\"args\":{}}");
            assertThat(reload.get("is_consistent").asBoolean()).isFalse();
            JsonNode report = server.metadataOk("{\"type\":\"get_inconsistent_metadata\",\"args\":{}}");
            assertThat(report.get("is_consistent").asBoolean()).isFalse();
            assertThat(report.get("inconsistent_objects").toString())
                    .contains("no such table/view exists in source: \\\"article\\\"")
                    .contains("array_relation articles in table author in source default");
            assertThat(server.graphql("{ author { name } }").at("/data/author/0/name").asText()).isEqualTo("Ann");
            assertThat(server.get("/healthz").text()).startsWith("WARN");
        }
        // An engine started on inconsistent metadata starts and serves what it can.
        try (TestServer again = start(Duration.ZERO)) {
            assertThat(again.graphql("{ author { name } }").at("/data/author/0/name").asText()).isEqualTo("Ann");
            assertThat(again.graphql("{ article { title } }").at("/errors/0/extensions/code").asText())
                    .isEqualTo("validation-failed");
        }
    }

    @Test
    void replaceAndExportKeepWhatIsNotModelledYet() throws Exception {
        String document = "{\"version\":3,\"sources\":[{\"name\":\"default\",\"kind\":\"postgres\",\"tables\":["
                + "{\"table\":{\"name\":\"author\",\"schema\":\"public\"},\"select_permissions\":[{\"role\":\"user\","
                + "\"permission\":{\"columns\":[\"id\"],\"filter\":{}}}]}],"
                + "\"configuration\":{\"connection_info\":{\"database_url\":{\"from_env\":\"HASURA_GRAPHQL_DATABASE_URL\"}}}}],"
                + "\"inherited_roles\":[]}";
        try (TestServer server = start(Duration.ZERO)) {
            server.metadataOk("{\"type\":\"replace_metadata\",\"args\":" + document + "}");
            JsonNode exported = server.metadataOk("{\"type\":\"export_metadata\",\"args\":{}}");
            assertThat(exported).isEqualTo(JSON.readTree(document));
            server.metadataOk("{\"type\":\"clear_metadata\",\"args\":{}}");
            assertThat(server.metadataOk("{\"type\":\"export_metadata\",\"args\":{}}").at("/sources/0/tables"))
                    .isEmpty();
        }
    }

    @Test
    void inconsistentReplacementIsRefusedUnlessAllowed() {
        String bad = "{\"version\":3,\"sources\":[{\"name\":\"default\",\"kind\":\"postgres\",\"tables\":["
                + "{\"table\":{\"name\":\"ghost\",\"schema\":\"public\"}}]}]}";
        try (TestServer server = start(Duration.ZERO)) {
            TestServer.Response refused = server.metadata("{\"type\":\"replace_metadata\",\"args\":" + bad + "}");
            assertThat(refused.status()).isEqualTo(400);
            JsonNode allowed = server.metadataOk("{\"type\":\"replace_metadata\",\"args\":{"
                    + "\"allow_inconsistent_metadata\":true,\"metadata\":" + bad + "}}");
            assertThat(allowed.get("is_consistent").asBoolean()).isFalse();
        }
    }

    @Test
    void untrackingATableOthersPointToNeedsCascade() {
        try (TestServer server = start(Duration.ZERO)) {
            trackBoth(server);
            TestServer.Response refused = server.metadata("{\"type\":\"pg_untrack_table\",\"args\":{\"table\":\"author\"}}");
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.body().get("code").asText()).isEqualTo("dependency-error");
            server.metadataOk("{\"type\":\"pg_untrack_table\",\"args\":{\"table\":\"article\",\"cascade\":true}}");
            JsonNode exported = server.metadataOk("{\"type\":\"export_metadata\",\"args\":{}}");
            assertThat(exported.toString()).doesNotContain("article");
        }
    }

    @Test
    void tablesOutsidePublicGetTheSchemaPrefix() {
        db.execute("CREATE SCHEMA IF NOT EXISTS shop; DROP TABLE IF EXISTS shop.item;"
                + "CREATE TABLE shop.item (id int PRIMARY KEY, label text); INSERT INTO shop.item VALUES (7, 'lamp');");
        try (TestServer server = start(Duration.ZERO)) {
            server.metadataOk("{\"type\":\"pg_track_table\",\"args\":{\"table\":{\"schema\":\"shop\",\"name\":\"item\"}}}");
            JsonNode data = server.graphql("{ shop_item { label } shop_item_by_pk(id: 7) { id } }").get("data");
            assertThat(data.at("/shop_item/0/label").asText()).isEqualTo("lamp");
            assertThat(data.at("/shop_item_by_pk/id").asInt()).isEqualTo(7);
        }
    }

    @Test
    void writesBasedOnAnOldResourceVersionAreRefused() {
        try (TestServer server = start(Duration.ZERO)) {
            JsonNode exported = server.metadataOk("{\"type\":\"export_metadata\",\"version\":2,\"args\":{}}");
            int version = exported.get("resource_version").asInt();
            assertThat(exported.get("metadata").get("version").asInt()).isEqualTo(3);
            server.metadataOk("{\"type\":\"pg_track_table\",\"resource_version\":" + version
                    + ",\"args\":{\"table\":\"author\"}}");
            TestServer.Response stale = server.metadata("{\"type\":\"pg_track_table\",\"resource_version\":"
                    + version + ",\"args\":{\"table\":\"article\"}}");
            assertThat(stale.status()).isEqualTo(409);
            assertThat(stale.body().get("code").asText()).isEqualTo("conflict");
            JsonNode after = server.metadataOk("{\"type\":\"export_metadata\",\"version\":2,\"args\":{}}");
            assertThat(after.get("resource_version").asInt()).isEqualTo(version + 1);
        }
    }
}
