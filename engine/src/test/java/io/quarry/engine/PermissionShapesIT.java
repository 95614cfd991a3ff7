package io.quarry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.engine.config.EngineConfig;
import io.quarry.engine.testing.TestDatabase;
import io.quarry.engine.testing.TestServer;
import io.quarry.engine.testing.Tracking;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every way a permission's boolean expression may be written (bare values, {@code $}-spelled operators and
 * connectives, column comparisons, {@code _exists}, {@code _cast}, null operands, a session variable holding a list)
 * is read once into typed records, enforced as written, and exported exactly as given.
 */
class PermissionShapesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> FILTERS = Map.of(
            "bare", "{\"owner\":\"X-Hasura-User-Id\"}",
            "dollar", "{\"$or\":[{\"id\":{\"$eq\":2}},{\"label\":{\"$ilike\":\"c%\"}}]}",
            "columns", "{\"low\":{\"_clt\":\"high\"}}",
            "exists", "{\"_exists\":{\"_table\":{\"name\":\"admin_user\",\"schema\":\"public\"},"
                    + "\"_where\":{\"user_id\":{\"_eq\":\"X-Hasura-User-Id\"}}}}",
            "cast", "{\"tags\":{\"_cast\":{\"text\":{\"_like\":\"%a%\"}}}}",
            "nulls", "{\"label\":null,\"id\":{\"_in\":[1,2],\"_gt\":null}}",
            "listed", "{\"id\":{\"_in\":\"X-Hasura-Allowed-Ids\"}}");
    private static TestDatabase db;
    private static TestServer server;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(PermissionShapesIT.class);
        db.execute("""
                CREATE TABLE item (id int PRIMARY KEY, owner int, low int, high int, label text, tags jsonb);
                CREATE TABLE admin_user (user_id int PRIMARY KEY);
                INSERT INTO item VALUES (1, 1, 1, 2, 'Apple', '{"a": 1}'), (2, 2, 3, 2, 'banana', '{}'),
                  (3, 1, 5, 5, 'Cherry', NULL);
                INSERT INTO admin_user VALUES (7);
                """);
        server = TestServer.start(EngineConfig.defaults().withDatabaseUrl(db.url()).withAdminSecret(Optional.of("s")));
        Tracking.trackAll(server, "public", List.of("item", "admin_user"));
        StringBuilder bulk = new StringBuilder("{\"type\":\"bulk\",\"args\":[");
        FILTERS.forEach((role, filter) -> bulk.append("{\"type\":\"pg_create_select_permission\",\"args\":{")
                .append("\"table\":\"item\",\"role\":\"").append(role).append("\",\"permission\":{")
                .append("\"columns\":\"*\",\"filter\":").append(filter).append("}}},"));
        bulk.append("""
                {"type":"pg_create_insert_permission","args":{"table":"item","role":"bare","permission":{
                  "check":{"owner":{"$eq":"X-Hasura-User-Id"}},"set":{"owner":"x-hasura-user-id"},"columns":["id","label"]}}}]}
                """);
        server.metadataOk(bulk.toString());
    }

    @AfterAll
    static void tearDown() {
        server.close();
        db.close();
    }

    private static JsonNode as(String role, String query, Map<String, String> session) {
        Map<String, String> headers = new HashMap<>(session);
        headers.put("x-hasura-admin-secret", "s");
        headers.put("x-hasura-role", role);
        return server.post("/v1/graphql", "{\"query\":\"" + query.replace("\"", "\\\"") + "\"}", headers).body();
    }

    private static String ids(String role, Map<String, String> session) {
        return as(role, "{ item(order_by: {id: asc}) { id } }", session).at("/data/item").toString();
    }

    @Test
    void everyShapeFiltersAsWritten() {
        assertThat(ids("bare", Map.of("x-hasura-user-id", "1"))).isEqualTo("[{\"id\":1},{\"id\":3}]");
        assertThat(ids("dollar", Map.of())).isEqualTo("[{\"id\":2},{\"id\":3}]");
        assertThat(ids("columns", Map.of())).isEqualTo("[{\"id\":1}]");
        assertThat(ids("exists", Map.of("x-hasura-user-id", "7"))).isEqualTo("[{\"id\":1},{\"id\":2},{\"id\":3}]");
        assertThat(ids("exists", Map.of("x-hasura-user-id", "1"))).isEqualTo("[]");
        assertThat(ids("cast", Map.of())).isEqualTo("[{\"id\":1}]");
        assertThat(ids("nulls", Map.of())).isEqualTo("[{\"id\":1},{\"id\":2}]");
        assertThat(ids("listed", Map.of("x-hasura-allowed-ids", "{1,3}"))).isEqualTo("[{\"id\":1},{\"id\":3}]");
    }

    @Test
    void presetsAndChecksTakeTheSessionsValues() {
        JsonNode inserted = as("bare", "mutation { insert_item_one(object: {id: 4, label: \"Date\"}) { owner } }",
                Map.of("x-hasura-user-id", "2"));
        assertThat(inserted.at("/data/insert_item_one/owner").asInt()).isEqualTo(2);
        assertThat(db.rows("SELECT owner FROM item WHERE id = 4").get(0).get(0)).isEqualTo(2);
    }

    @Test
    void theExportGivesEachExpressionBackAsWritten() throws Exception {
        JsonNode tables = server.metadataOk("{\"type\":\"export_metadata\",\"args\":{}}").at("/sources/0/tables");
        JsonNode item = null;
        for (JsonNode t : tables) {
            if (t.at("/table/name").asText().equals("item")) {
                item = t;
            }
        }
        assertThat(item).isNotNull();
        Map<String, String> exported = new HashMap<>();
        for (JsonNode p : item.path("select_permissions")) {
            exported.put(p.path("role").asText(), JSON.writeValueAsString(p.at("/permission/filter")));
        }
        assertThat(exported).isEqualTo(FILTERS);
        assertThat(item.at("/insert_permissions/0/permission").toString()).isEqualTo("{\"check\":{\"owner\":{\"$eq\":"
                + "\"X-Hasura-User-Id\"}},\"set\":{\"owner\":\"x-hasura-user-id\"},\"columns\":[\"id\",\"label\"]}");
    }
}
