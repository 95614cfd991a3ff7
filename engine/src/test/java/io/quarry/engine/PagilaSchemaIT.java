package io.quarry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.introspection.IntrospectionQuery;
import io.quarry.engine.testing.ClientSchemaCheck;
import io.quarry.engine.testing.TestDatabase;
import io.quarry.engine.testing.TestServer;
import io.quarry.engine.testing.Tracking;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pagila's schema as Postgres describes it: views and a materialized view offer only the writes Postgres accepts,
 * partitions are tables of their own, column comments are descriptions, each role's schema holds only what its
 * roots reach, and every role's introspection is a valid schema to the graphql reference implementation.
 */
class PagilaSchemaIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Pagila's views: none of them can be written through (joins, aggregates, DISTINCT). */
    private static final List<String> VIEWS = List.of("actor_info", "customer_list", "film_list",
            "nicer_but_slower_film_list", "sales_by_film_category", "sales_by_store", "staff_list");

    private static TestDatabase db;
    private static TestServer server;
    private static List<String> tables;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(PagilaSchemaIT.class).loadPagilaSchema();
        db.execute("SET search_path = public;"
                + "CREATE VIEW public.actor_name AS SELECT actor_id, first_name, last_name FROM public.actor;"
                + "CREATE VIEW public.new_category AS SELECT c.category_id, c.name FROM public.category c "
                + "  JOIN public.film_category fc USING (category_id);"
                + "CREATE FUNCTION public.new_category_insert() RETURNS trigger LANGUAGE plpgsql AS "
                + "  $$ BEGIN INSERT INTO public.category (name) VALUES (NEW.name); RETURN NEW; END $$;"
                + "CREATE TRIGGER new_category_insert INSTEAD OF INSERT ON public.new_category "
                + "  FOR EACH ROW EXECUTE FUNCTION public.new_category_insert();"
                + "CREATE TABLE public.ticket (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, price numeric NOT NULL,"
                + "  price_with_tax numeric GENERATED ALWAYS AS (price * 1.2) STORED);"
                + "COMMENT ON COLUMN public.actor.first_name IS 'The given name, as credited';"
                + "COMMENT ON COLUMN public.actor.actor_id IS 'Identifies the actor';");
        tables = db.relations("public");
        server = TestServer.start(db.url());
        Tracking.trackAll(server, "public", tables);
        server.metadataOk("{\"type\":\"bulk\",\"args\":["
                + "{\"type\":\"pg_create_select_permission\",\"args\":{\"table\":\"customer\",\"role\":\"reader\","
                + "\"permission\":{\"columns\":\"*\",\"filter\":{}}}},"
                + "{\"type\":\"pg_create_select_permission\",\"args\":{\"table\":\"actor\",\"role\":\"clerk\","
                + "\"permission\":{\"columns\":\"*\",\"filter\":{},\"allow_aggregations\":true}}},"
                + "{\"type\":\"pg_create_insert_permission\",\"args\":{\"table\":\"actor\",\"role\":\"clerk\","
                + "\"permission\":{\"columns\":[\"first_name\",\"last_name\"],\"check\":{}}}},"
                + "{\"type\":\"pg_create_update_permission\",\"args\":{\"table\":\"actor_info\",\"role\":\"clerk\","
                + "\"permission\":{\"columns\":\"*\",\"filter\":{}}}},"
                + "{\"type\":\"pg_create_select_permission\",\"args\":{\"table\":\"actor_info\",\"role\":\"clerk\","
                + "\"permission\":{\"columns\":\"*\",\"filter\":{}}}},"
                + "{\"type\":\"pg_set_table_customization\",\"args\":{\"table\":\"film\",\"configuration\":{"
                + "\"comment\":\"Every film in the catalogue\","
                + "\"column_config\":{\"title\":{\"comment\":\"As released\"}}}}}]}");
    }

    @AfterAll
    static void tearDown() {
        if (server != null) {
            server.close();
        }
        if (db != null) {
            db.close();
        }
    }

    /** Each role's introspection, asked once: the metadata does not change after the setup. */
    private static final Map<String, JsonNode> INTROSPECTIONS = new java.util.concurrent.ConcurrentHashMap<>();

    private static JsonNode introspect(String role) {
        return INTROSPECTIONS.computeIfAbsent(role, r -> server.graphql(IntrospectionQuery.INTROSPECTION_QUERY,
                Map.of(), r.equals("admin") ? Map.of() : Map.of("x-hasura-role", r)));
    }

    private static Set<String> fields(JsonNode introspection, String type) {
        Set<String> names = new HashSet<>();
        for (JsonNode t : introspection.at("/data/__schema/types")) {
            if (t.get("name").asText().equals(type)) {
                (t.get("fields").isNull() ? t.get("inputFields") : t.get("fields"))
                        .forEach(f -> names.add(f.get("name").asText()));
            }
        }
        return names;
    }

    private static JsonNode field(JsonNode introspection, String type, String field) {
        for (JsonNode t : introspection.at("/data/__schema/types")) {
            if (t.get("name").asText().equals(type)) {
                JsonNode fields = t.get("fields").isNull() ? t.get("inputFields") : t.get("fields");
                for (JsonNode f : fields) {
                    if (f.get("name").asText().equals(field)) {
                        return f;
                    }
                }
            }
        }
        throw new AssertionError("no field " + type + "." + field);
    }

    private static Set<String> typeNames(JsonNode introspection) {
        Set<String> names = new HashSet<>();
        introspection.at("/data/__schema/types").forEach(t -> names.add(t.get("name").asText()));
        return names;
    }

    @Test
    void viewsOfferOnlyTheWritesPostgresAccepts() {
        Set<String> mutations = fields(introspect("admin"), "mutation_root");
        for (String view : VIEWS) {
            assertThat(mutations).as(view).noneMatch(m -> m.equals("insert_" + view) || m.equals("insert_" + view
                    + "_one") || m.equals("update_" + view) || m.equals("update_" + view + "_many")
                    || m.equals("delete_" + view));
        }
        assertThat(mutations).noneMatch(m -> m.contains("rental_by_category"));
        assertThat(mutations).contains("insert_actor_name", "update_actor_name", "delete_actor_name",
                "update_actor_name_many", "insert_new_category", "insert_new_category_one");
        assertThat(mutations).doesNotContain("update_new_category", "delete_new_category");
        assertThat(mutations).contains("insert_payment_p2022_01", "delete_payment", "update_film_by_pk");
        // A role given an update permission on a view Postgres cannot update gets no field for it.
        assertThat(fields(introspect("clerk"), "mutation_root")).containsExactlyInAnyOrder("insert_actor",
                "insert_actor_one");
    }

    @Test
    void aViewWrittenThroughByItsTriggerTakesRows() {
        JsonNode answer = server.graphql("mutation { insert_new_category(objects: [{name: \"Noir\"}]) "
                + "{ affected_rows } }");
        assertThat(answer.at("/data/insert_new_category/affected_rows").asInt()).as(answer.toString()).isEqualTo(1);
        assertThat(db.rows("SELECT count(*) FROM category WHERE name = 'Noir'").get(0).get(0)).isEqualTo(1L);
    }

    @Test
    void columnsPostgresFillsItselfAreNeitherInsertedNorUpdated() {
        JsonNode admin = introspect("admin");
        assertThat(fields(admin, "ticket_insert_input")).containsExactly("price");
        assertThat(fields(admin, "ticket_set_input")).containsExactly("price");
        assertThat(fields(admin, "ticket")).containsExactlyInAnyOrder("id", "price", "price_with_tax");
        JsonNode answer = server.graphql("mutation { insert_ticket_one(object: {price: 10}) { id price_with_tax } }");
        assertThat(answer.at("/data/insert_ticket_one/price_with_tax").decimalValue()).as(answer.toString())
                .isEqualByComparingTo("12");
    }

    @Test
    void partitionsAreTablesWithTheirOwnRelationships() {
        assertThat(tables).contains("payment_p2022_01", "payment_p2022_07");
        JsonNode admin = introspect("admin");
        assertThat(fields(admin, "query_root")).contains("payment_p2022_01", "payment_p2022_01_aggregate",
                "payment_p2022_01_by_pk", "payment");
        assertThat(fields(admin, "payment_p2022_01")).contains("customer", "rental", "staff");
        JsonNode answer = server.graphql("{ payment_p2022_01(limit: 1) { amount customer { first_name } } "
                + "customer(limit: 1) { payment_p2022_01s { amount } } }");
        assertThat(answer.has("errors")).as(answer.toString()).isFalse();
    }

    @Test
    void columnCommentsDescribeTheirFieldsWhereHasuraShowsThem() {
        JsonNode admin = introspect("admin");
        String given = "The given name, as credited";
        assertThat(field(admin, "actor", "first_name").get("description").asText()).isEqualTo(given);
        assertThat(field(admin, "actor_insert_input", "first_name").get("description").asText()).isEqualTo(given);
        assertThat(field(admin, "actor_set_input", "first_name").get("description").asText()).isEqualTo(given);
        assertThat(field(admin, "actor_max_fields", "first_name").get("description").asText()).isEqualTo(given);
        assertThat(field(admin, "actor_pk_columns_input", "actor_id").get("description").asText())
                .isEqualTo("Identifies the actor");
        assertThat(field(admin, "actor_bool_exp", "first_name").get("description").isNull()).isTrue();
        assertThat(field(admin, "actor_order_by", "first_name").get("description").isNull()).isTrue();
        assertThat(field(admin, "actor", "last_name").get("description").isNull()).isTrue();
        // The table's configuration names them before Postgres does.
        assertThat(field(admin, "film", "title").get("description").asText()).isEqualTo("As released");
        JsonNode film = StreamSupport.stream(admin.at("/data/__schema/types").spliterator(), false)
                .filter(t -> t.get("name").asText().equals("film")).findFirst().orElseThrow();
        assertThat(film.get("description").asText()).isEqualTo("Every film in the catalogue");
    }

    @Test
    void aRoleSchemaHoldsOnlyTheTypesItsRootsReach() {
        Set<String> reader = typeNames(introspect("reader"));
        assertThat(reader).contains("customer", "customer_bool_exp", "customer_order_by", "customer_select_column");
        assertThat(reader).doesNotContain("customer_aggregate_fields", "customer_aggregate", "customer_max_fields",
                "customer_insert_input", "customer_set_input", "actor", "mpaa_rating");
        Set<String> clerk = typeNames(introspect("clerk"));
        assertThat(clerk).contains("actor_insert_input", "actor_aggregate_fields", "actor_mutation_response");
        assertThat(clerk).doesNotContain("actor_set_input", "actor_info_set_input", "customer");
        assertThat(typeNames(introspect("admin"))).contains("customer_aggregate_fields", "mpaa_rating");
    }

    @Test
    void cachedIsDeclaredAsHasuraDeclaresItAndAccepted() {
        JsonNode directives = introspect("reader").at("/data/__schema/directives");
        JsonNode cached = StreamSupport.stream(directives.spliterator(), false)
                .filter(d -> d.get("name").asText().equals("cached")).findFirst().orElseThrow();
        assertThat(cached.get("description").asText()).isEqualTo("whether this query should be cached (Hasura Cloud only)");
        assertThat(cached.get("locations").toString()).isEqualTo("[\"QUERY\"]");
        assertThat(cached.at("/args/0/name").asText()).isEqualTo("ttl");
        assertThat(cached.at("/args/0/defaultValue").asText()).isEqualTo("60");
        assertThat(cached.at("/args/1/name").asText()).isEqualTo("refresh");
        assertThat(cached.at("/args/1/defaultValue").asText()).isEqualTo("false");
        JsonNode answer = server.graphql("query Cached @cached(ttl: 120) { customer(limit: 1) { customer_id } }",
                Map.of(), Map.of("x-hasura-role", "reader"));
        assertThat(answer.has("errors")).as(answer.toString()).isFalse();
        assertThat(answer.at("/data/customer").isArray()).isTrue();
    }

    @Test
    void everyRolesIntrospectionBuildsAValidClientSchema() throws IOException {
        Path dir = Files.createDirectories(Path.of("target/client-schemas/pagila"));
        List<Path> files = new ArrayList<>();
        for (String role : List.of("admin", "reader", "clerk")) {
            Path file = dir.resolve(role + ".json");
            Files.writeString(file, introspect(role).toString());
            files.add(file);
        }
        // Answered again from the schema's own cache, the same.
        assertThat(server.graphql(IntrospectionQuery.INTROSPECTION_QUERY)).isEqualTo(introspect("admin"));
        ClientSchemaCheck.Outcome outcome = ClientSchemaCheck.run(files);
        assertThat(outcome.exitCode()).as(outcome.output()).isZero();
        assertThat(outcome.output().lines().count()).isEqualTo(3);
        for (String line : outcome.output().lines().toList()) {
            JsonNode result = JSON.readTree(line);
            assertThat(result.get("errors").size()).as(line).isZero();
            assertThat(result.get("types").asInt()).as(line).isPositive();
        }
    }
}
