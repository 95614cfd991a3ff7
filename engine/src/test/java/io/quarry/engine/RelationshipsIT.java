package io.quarry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.engine.testing.TestDatabase;
import io.quarry.engine.testing.TestServer;
import io.quarry.engine.testing.Tracking;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Relationships of every shape: multi-column keys, one-to-one, and mappings given by hand. */
class RelationshipsIT {
    private static TestDatabase db;
    private static TestServer server;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(RelationshipsIT.class);
        db.execute("""
                CREATE TABLE orders (region int, number int, note text, PRIMARY KEY (region, number));
                CREATE TABLE order_line (id int PRIMARY KEY, region int, number int, item text,
                  FOREIGN KEY (number, region) REFERENCES orders(number, region));
                CREATE TABLE person (id int PRIMARY KEY, name text);
                CREATE TABLE passport (id int PRIMARY KEY, person_id int UNIQUE REFERENCES person(id), code text);
                CREATE TABLE note (id int PRIMARY KEY, person_ref int, body text);
                INSERT INTO orders VALUES (1, 10, 'first'), (2, 10, 'other region');
                INSERT INTO order_line VALUES (1, 1, 10, 'apple'), (2, 1, 10, 'pear'), (3, 2, 10, 'fig');
                INSERT INTO person VALUES (1, 'Ann'), (2, 'Bob');
                INSERT INTO passport VALUES (5, 1, 'P-1');
                INSERT INTO note VALUES (1, 2, 'hello'), (2, 2, 'again');
                """);
        server = TestServer.start(db.url());
        Tracking.trackAll(server, "public", List.of("orders", "order_line", "person", "passport", "note"));
    }

    @AfterAll
    static void tearDown() {
        server.close();
        db.close();
    }

    @Test
    void multiColumnForeignKeysJoinOnEveryColumn() {
        JsonNode data = server.graphql("{ orders(order_by: {region: asc}) { note order_lines(order_by: {id: asc}) "
                + "{ item orders { note } } } }").get("data");
        assertThat(data.at("/orders/0/order_lines").size()).isEqualTo(2);
        assertThat(data.at("/orders/1/order_lines/0/item").asText()).isEqualTo("fig");
        assertThat(data.at("/orders/1/order_lines/0/orders/note").asText()).isEqualTo("other region");
    }

    @Test
    void aUniqueForeignKeyIsSuggestedAsOneToOne() {
        JsonNode data = server.graphql("{ person(order_by: {id: asc}) { name passport { code person { name } } } }")
                .get("data");
        assertThat(data.at("/person/0/passport/code").asText()).isEqualTo("P-1");
        assertThat(data.at("/person/0/passport/person/name").asText()).isEqualTo("Ann");
        assertThat(data.at("/person/1/passport").isNull()).isTrue();
    }

    @Test
    void manualRelationshipsMapColumnsGivenByHand() {
        server.metadataOk("""
                {"type":"bulk","args":[
                 {"type":"pg_create_object_relationship","args":{"table":"note","name":"author",
                  "using":{"manual_configuration":{"remote_table":"person","column_mapping":{"person_ref":"id"}}}}},
                 {"type":"pg_create_array_relationship","args":{"table":"person","name":"notes",
                  "using":{"manual_configuration":{"remote_table":{"schema":"public","name":"note"},
                  "column_mapping":{"id":"person_ref"}}}}}]}
                """);
        JsonNode data = server.graphql("{ person(where: {notes: {body: {_eq: \"again\"}}}) { name "
                + "notes(order_by: {id: asc}) { body author { name } } } }").get("data");
        assertThat(data.at("/person").size()).isEqualTo(1);
        assertThat(data.at("/person/0/notes/1/body").asText()).isEqualTo("again");
        assertThat(data.at("/person/0/notes/0/author/name").asText()).isEqualTo("Bob");
        server.metadataOk("{\"type\":\"pg_drop_relationship\",\"args\":{\"table\":\"person\",\"relationship\":\"notes\"}}");
        assertThat(server.graphql("{ person { notes { body } } }").at("/errors/0/extensions/code").asText())
                .isEqualTo("validation-failed");
    }

    @Test
    void objectRelationshipsOnNullableKeysAreNullableInTheSchema() {
        JsonNode type = server.graphql("{ __type(name: \"passport\") { fields { name type { kind name ofType { name } } } } }")
                .at("/data/__type/fields");
        for (JsonNode field : type) {
            if (field.get("name").asText().equals("person")) {
                // passport.person_id is nullable, so the relationship may find nothing.
                assertThat(field.at("/type/kind").asText()).isEqualTo("OBJECT");
            }
        }
        JsonNode line = server.graphql("{ __type(name: \"order_line\") { fields { name type { kind } } } }")
                .at("/data/__type/fields");
        assertThat(line.toString()).contains("\"name\":\"orders\",\"type\":{\"kind\":\"OBJECT\"}");
    }

    @Test
    void suggestionsFollowHasurasRules() {
        // Either end of the key being asked for is enough.
        JsonNode byTarget = server.metadataOk("{\"type\":\"pg_suggest_relationships\",\"args\":{\"tables\":[\"person\"]}}");
        assertThat(byTarget.get("relationships")).hasSize(2);
        JsonNode first = byTarget.at("/relationships/0");
        assertThat(first.get("type").asText()).isEqualTo("object");
        assertThat(first.at("/from/table/name").asText()).isEqualTo("passport");
        assertThat(first.at("/from/constraint_name").asText()).isEqualTo("passport_person_id_fkey");
        assertThat(first.at("/to").has("constraint_name")).isFalse();
        // The reverse of a key on unique columns is one-to-one.
        assertThat(byTarget.at("/relationships/1/type").asText()).isEqualTo("object");
        assertThat(byTarget.at("/relationships/1/to/constraint_name").asText()).isEqualTo("passport_person_id_fkey");
        // Tracked ones are left out when asked.
        JsonNode omitted = server.metadataOk("{\"type\":\"pg_suggest_relationships\",\"args\":{\"tables\":[\"person\"],"
                + "\"omit_tracked\":true}}");
        assertThat(omitted.get("relationships")).isEmpty();
    }
}
