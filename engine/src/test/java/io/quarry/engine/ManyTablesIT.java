package io.quarry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarry.engine.request.OperationPreparer;
import io.quarry.engine.testing.TestDatabase;
import io.quarry.engine.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A schema of many tables (bench/many-tables.sh measures 5,000; 500 here): tracked with one pg_track_tables, related
 * and permitted with one replace_metadata, served again after a restart, and one more table tracked and queried
 * while the others keep answering, for the admin and for a role. Correctness only: timings belong to the benchmark.
 */
class ManyTablesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TABLES = 500;
    private static final Map<String, String> USER = Map.of("x-hasura-role", "user", "x-hasura-user-id", "2");
    private static TestDatabase db;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(ManyTablesIT.class);
        StringBuilder sql = new StringBuilder();
        for (int i = 1; i <= TABLES; i++) {
            // Every third table refers to the one before it.
            String parent = i % 3 == 0 ? ", parent_id bigint NOT NULL REFERENCES " + name(i - 1) : "";
            sql.append("CREATE TABLE ").append(name(i)).append(" (id bigint PRIMARY KEY, name text NOT NULL, ")
                    .append("amount numeric, attributes jsonb").append(parent).append(");")
                    .append("INSERT INTO ").append(name(i)).append(" SELECT n, '").append(name(i))
                    .append(" row ' || n, n * 1.5, jsonb_build_object('n', n)").append(parent.isEmpty() ? "" : ", n")
                    .append(" FROM generate_series(1, 3) n;");
        }
        db.execute(sql.toString());
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    private static String name(int i) {
        return String.format("t_%04d", i);
    }

    @Test
    void manyTablesAreServedAndOneMoreIsTrackedBesideThem() {
        db.execute("DROP SCHEMA IF EXISTS hdb_catalog CASCADE; DROP TABLE IF EXISTS extra, \"bad name\"");
        try (TestServer server = TestServer.start(db.url())) {
            trackAll(server);
            relateAndPermit(server);
            assertServed(server);

            OperationPreparer userSchema = server.quarry().engine().state().preparer("user", false);
            db.execute("CREATE TABLE extra (id bigint PRIMARY KEY, label text NOT NULL, "
                    + "t_0001_id bigint REFERENCES t_0001); INSERT INTO extra VALUES (1, 'one', 1), (2, 'two', 2)");
            server.metadataOk("{\"type\":\"pg_track_table\",\"args\":{\"table\":\"extra\"}}");
            // A table the role has no permission on leaves its schema as it was: kept, not built again.
            assertThat(server.quarry().engine().state().preparer("user", false)).isSameAs(userSchema);
            assertThat(server.graphql("{ extra(order_by: {id: asc}) { label } }").at("/data/extra/1/label").asText())
                    .isEqualTo("two");
            // The role has no permission on the new table; what it had, it keeps.
            assertThat(server.graphql("{ extra { label } }", Map.of(), USER).at("/errors/0/message").asText())
                    .isEqualTo("field \"extra\" not found in type: 'query_root'");
            assertServed(server);

            server.metadataOk("{\"type\":\"pg_create_select_permission\",\"args\":{\"table\":\"extra\","
                    + "\"role\":\"user\",\"permission\":{\"columns\":[\"label\"],\"filter\":{}}}}");
            assertThat(server.quarry().engine().state().preparer("user", false)).isNotSameAs(userSchema);
            assertThat(server.graphql("{ extra(order_by: {label: asc}) { label } }", Map.of(), USER)
                    .at("/data/extra/0/label").asText()).isEqualTo("one");
            assertServed(server);
        }
        try (TestServer restarted = TestServer.start(db.url())) {
            assertServed(restarted);
            assertThat(restarted.graphql("{ extra_by_pk(id: 1) { label } }").at("/data/extra_by_pk/label").asText())
                    .isEqualTo("one");
            JsonNode types = restarted.graphql("{ __schema { types { name } } }").at("/data/__schema/types");
            // Each table has its object, bool_exp, order_by, select_column, aggregate and mutation types.
            assertThat(types.size()).isGreaterThan(10 * (TABLES + 1));
            JsonNode userTypes = restarted.graphql("{ __schema { queryType { fields { name } } } }", Map.of(), USER)
                    .at("/data/__schema/queryType/fields");
            // Each table's select and select_by_pk, and the new table's select (its key is not readable).
            assertThat(userTypes.size()).isEqualTo(2 * TABLES + 1);
        }
    }

    @Test
    void trackTablesAnswersItsWarningsInTheOrderOfItsTables() {
        db.execute("DROP SCHEMA IF EXISTS hdb_catalog CASCADE; DROP TABLE IF EXISTS \"bad name\";"
                + "CREATE TABLE \"bad name\" (id int PRIMARY KEY)");
        try (TestServer server = TestServer.start(db.url())) {
            server.metadataOk("{\"type\":\"pg_track_table\",\"args\":{\"table\":\"t_0002\"}}");
            JsonNode r = server.metadataOk("{\"type\":\"pg_track_tables\",\"args\":{\"tables\":["
                    + "{\"table\":\"t_0001\"},{\"table\":\"bad name\"},{\"table\":\"t_0002\"},{\"table\":\"nothing\"},"
                    + "{\"table\":\"t_0003\"}]}}");
            assertThat(r.at("/warnings").size()).as(r.toString()).isEqualTo(3);
            assertThat(r.at("/warnings/0/name").asText()).isEqualTo("table bad name in source default");
            assertThat(r.at("/warnings/0/message").asText())
                    .isEqualTo("Inconsistent object: the table name \"bad name\" is not a valid GraphQL name");
            assertThat(r.at("/warnings/1/message").asText()).isEqualTo("view/table already tracked: \"t_0002\"");
            assertThat(r.at("/warnings/2/message").asText())
                    .isEqualTo("no such table/view exists in source: \"nothing\"");
            JsonNode tracked = server.metadataOk("{\"type\":\"export_metadata\",\"args\":{}}").at("/sources/0/tables");
            assertThat(tracked.findValuesAsText("name")).containsExactlyInAnyOrder("t_0001", "t_0002", "t_0003");
            assertThat(server.graphql("{ t_0003 { parent_id } }").at("/data/t_0003").size()).isEqualTo(3);
        }
    }

    @Test
    void aFunctionOrEnumCreatedOutsideTheEngineIsFoundWhenNoTableChanged() {
        db.execute("DROP SCHEMA IF EXISTS hdb_catalog CASCADE; DROP FUNCTION IF EXISTS first_rows();"
                + "DROP TYPE IF EXISTS mood");
        try (TestServer server = TestServer.start(db.url())) {
            server.metadataOk("{\"type\":\"pg_track_table\",\"args\":{\"table\":\"t_0001\"}}");
            db.execute("CREATE FUNCTION first_rows() RETURNS SETOF t_0001 AS $$ SELECT * FROM t_0001 LIMIT 2 $$ "
                    + "LANGUAGE sql STABLE");
            server.metadataOk("{\"type\":\"pg_track_function\",\"args\":{\"function\":\"first_rows\"}}");
            assertThat(server.graphql("{ first_rows { id } }").at("/data/first_rows").size()).isEqualTo(2);
            db.execute("CREATE TYPE mood AS ENUM ('calm', 'glad')");
            server.metadataOk("{\"type\":\"pg_track_table\",\"args\":{\"table\":\"t_0002\"}}");
            assertThat(server.quarry().engine().state().catalog().enums().keySet().toString()).contains("mood");
        } finally {
            db.execute("DROP FUNCTION IF EXISTS first_rows(); DROP TYPE IF EXISTS mood");
        }
    }

    @Test
    void aColumnChangedOutsideTheEngineIsServedAfterTheNextChange() {
        db.execute("DROP SCHEMA IF EXISTS hdb_catalog CASCADE; DROP TABLE IF EXISTS renamed;"
                + "CREATE TABLE renamed (id int PRIMARY KEY, label text); INSERT INTO renamed VALUES (1, 'one')");
        try (TestServer server = TestServer.start(db.url())) {
            server.metadataOk("{\"type\":\"pg_track_table\",\"args\":{\"table\":\"renamed\"}}");
            // A rename writes the column's row only: nothing the relation is stamped with changes.
            db.execute("ALTER TABLE renamed RENAME COLUMN label TO title");
            server.metadataOk("{\"type\":\"pg_track_table\",\"args\":{\"table\":\"t_0001\"}}");
            assertThat(server.graphql("{ renamed { title } }").at("/data/renamed/0/title").asText()).isEqualTo("one");
            // Written by a subtransaction, whose id is not its transaction's.
            db.execute("BEGIN; SAVEPOINT s; ALTER TABLE renamed RENAME COLUMN title TO heading; RELEASE SAVEPOINT s;"
                    + "COMMIT");
            server.metadataOk("{\"type\":\"pg_track_table\",\"args\":{\"table\":\"t_0002\"}}");
            assertThat(server.graphql("{ renamed { heading } }").at("/data/renamed/0/heading").asText())
                    .isEqualTo("one");
        } finally {
            db.execute("DROP TABLE IF EXISTS renamed");
        }
    }

    private static void trackAll(TestServer server) {
        ObjectNode track = JSON.createObjectNode().put("type", "pg_track_tables");
        ArrayNode tables = track.putObject("args").putArray("tables");
        for (int i = 1; i <= TABLES; i++) {
            tables.addObject().put("table", name(i));
        }
        JsonNode answer = server.metadataOk(track.toString());
        assertThat(answer.has("warnings")).as(answer.toString()).isFalse();
    }

    /** Relationships both ways for every reference, and a select permission for "user" on every table. */
    private static void relateAndPermit(TestServer server) {
        JsonNode metadata = server.metadataOk("{\"type\":\"export_metadata\",\"args\":{}}");
        Map<String, ObjectNode> byName = new java.util.HashMap<>();
        metadata.at("/sources/0/tables").forEach(t -> byName.put(t.at("/table/name").asText(), (ObjectNode) t));
        for (int i = 1; i <= TABLES; i++) {
            ObjectNode table = byName.get(name(i));
            if (i % 3 == 0) {
                table.putArray("object_relationships").addObject().put("name", "parent")
                        .putObject("using").put("foreign_key_constraint_on", "parent_id");
                ObjectNode using = byName.get(name(i - 1)).putArray("array_relationships").addObject()
                        .put("name", "children").putObject("using").putObject("foreign_key_constraint_on");
                using.put("column", "parent_id").putObject("table").put("schema", "public").put("name", name(i));
            }
            ObjectNode permission = table.putArray("select_permissions").addObject().put("role", "user")
                    .putObject("permission");
            permission.put("columns", "*");
            permission.putObject("filter").putObject("id").put("_eq", "X-Hasura-User-Id");
        }
        ObjectNode replace = JSON.createObjectNode().put("type", "replace_metadata");
        replace.set("args", metadata);
        server.metadataOk(replace.toString());
    }

    private static void assertServed(TestServer server) {
        JsonNode admin = server.graphql("{ t_0300(order_by: {id: asc}) { id name parent { name children { id } } } }");
        assertThat(admin.at("/data/t_0300").size()).as(admin.toString()).isEqualTo(3);
        assertThat(admin.at("/data/t_0300/1/parent/name").asText()).isEqualTo("t_0299 row 2");
        assertThat(admin.at("/data/t_0300/1/parent/children/0/id").asInt()).isEqualTo(2);
        JsonNode user = server.graphql("{ t_0300 { id parent { name } } t_0500 { id } }", Map.of(), USER);
        assertThat(user.at("/data/t_0300").size()).as(user.toString()).isEqualTo(1);
        assertThat(user.at("/data/t_0300/0/parent/name").asText()).isEqualTo("t_0299 row 2");
        assertThat(user.at("/data/t_0500/0/id").asInt()).isEqualTo(2);
    }
}
