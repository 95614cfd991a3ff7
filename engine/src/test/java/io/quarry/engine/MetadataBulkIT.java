package io.quarry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarry.engine.testing.TestDatabase;
import io.quarry.engine.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A bulk of many operations resolves the metadata and builds the role schemas once, not once per operation, on
 * {@code /v1/metadata} and on {@code /v1/query} alike. The times are printed; the bound asserted is generous.
 */
class MetadataBulkIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TABLES = 20;
    private static final int ROLES = 25;
    private static TestDatabase db;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(MetadataBulkIT.class);
        StringBuilder sql = new StringBuilder();
        for (int t = 0; t < TABLES; t++) {
            sql.append("CREATE TABLE t").append(t).append(" (id serial PRIMARY KEY, owner text, title text, n int);");
        }
        db.execute(sql.toString());
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    /** 500 permission operations: one select permission per table and role. */
    private static ArrayNode permissions(String prefix) {
        ArrayNode bulk = JSON.createArrayNode();
        for (int r = 0; r < ROLES; r++) {
            for (int t = 0; t < TABLES; t++) {
                ObjectNode op = bulk.addObject().put("type", prefix + "create_select_permission");
                ObjectNode args = op.putObject("args").put("table", "t" + t).put("role", "role" + r);
                ObjectNode permission = args.putObject("permission");
                permission.putArray("columns").add("id").add("title").add("n");
                permission.putObject("filter").putObject("owner").put("_eq", "X-Hasura-User-Id");
            }
        }
        return bulk;
    }

    private static void trackAll(TestServer server, String endpoint, String prefix) {
        ArrayNode bulk = JSON.createArrayNode();
        for (int t = 0; t < TABLES; t++) {
            bulk.addObject().put("type", prefix + "track_table").putObject("args").put("table", "t" + t);
        }
        TestServer.Response r = server.post(endpoint, JSON.createObjectNode().put("type", "bulk").set("args", bulk)
                .toString(), Map.of());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    private static long timed(TestServer server, String endpoint, ArrayNode operations) {
        long start = System.nanoTime();
        TestServer.Response r = server.post(endpoint, JSON.createObjectNode().put("type", "bulk")
                .set("args", operations).toString(), Map.of());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.body()).hasSize(operations.size());
        return millis;
    }

    @Test
    void fiveHundredPermissionsInOneMetadataBulk() {
        db.execute("DROP SCHEMA IF EXISTS hdb_catalog CASCADE");
        try (TestServer server = TestServer.start(db.url())) {
            trackAll(server, "/v1/metadata", "pg_");
            long millis = timed(server, "/v1/metadata", permissions("pg_"));
            System.out.println("bulk of " + TABLES * ROLES + " permissions on /v1/metadata: " + millis + " ms");
            JsonNode data = server.graphql("{ t0 { id } }", Map.of(),
                    Map.of("x-hasura-role", "role3", "x-hasura-user-id", "u"));
            assertThat(data.has("data")).as(data.toString()).isTrue();
            assertThat(millis).isLessThan(60_000);
        }
    }

    @Test
    void fiveHundredPermissionsInOneQueryBulk() {
        db.execute("DROP SCHEMA IF EXISTS hdb_catalog CASCADE");
        try (TestServer server = TestServer.start(db.url())) {
            trackAll(server, "/v1/query", "");
            long millis = timed(server, "/v1/query", permissions(""));
            System.out.println("bulk of " + TABLES * ROLES + " permissions on /v1/query: " + millis + " ms");
            assertThat(millis).isLessThan(60_000);
        }
    }
}
