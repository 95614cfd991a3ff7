package io.quarry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.engine.config.EngineConfig;
import io.quarry.engine.config.Protections;
import io.quarry.engine.testing.TestDatabase;
import io.quarry.engine.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** No operation, however its fragments multiply, may stall the engine: the field bound refuses it at once. */
class QueryBoundsIT {
    private static final Map<String, String> USER = Map.of("x-hasura-role", "user");
    private static final Map<String, String> NOBODY = Map.of("x-hasura-role", "nobody");
    private static TestDatabase db;
    private static TestServer server;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(QueryBoundsIT.class);
        db.execute("CREATE TABLE artist (id serial PRIMARY KEY, name text NOT NULL);"
                + "CREATE TABLE album (id serial PRIMARY KEY, title text, artist_id int REFERENCES artist(id));"
                + "INSERT INTO artist (name) VALUES ('Ann');INSERT INTO album (title, artist_id) VALUES ('One', 1);");
        server = TestServer.start(EngineConfig.defaults().withDatabaseUrl(db.url())
                .withProtections(Protections.defaults().withMaxFields(10_000)));
        server.metadataOk("""
                {"type":"bulk","args":[
                 {"type":"pg_track_table","args":{"table":"artist"}},
                 {"type":"pg_track_table","args":{"table":"album"}},
                 {"type":"pg_create_object_relationship","args":{"table":"album","name":"artist",
                   "using":{"foreign_key_constraint_on":"artist_id"}}},
                 {"type":"pg_create_array_relationship","args":{"table":"artist","name":"albums",
                   "using":{"foreign_key_constraint_on":{"table":"album","column":"artist_id"}}}},
                 {"type":"pg_create_select_permission","args":{"table":"artist","role":"user",
                   "permission":{"columns":"*","filter":{}}}},
                 {"type":"pg_create_select_permission","args":{"table":"album","role":"user",
                   "permission":{"columns":"*","filter":{}}}}]}""");
    }

    @AfterAll
    static void tearDown() {
        server.close();
        db.close();
    }

    /** {@code query{...F0} fragment F0 on query_root{...F1 ...F1} ... fragment F29 on query_root{__typename}}. */
    private static String fanOut(int levels) {
        StringBuilder query = new StringBuilder("query{...F0}");
        for (int i = 0; i < levels - 1; i++) {
            query.append(" fragment F").append(i).append(" on query_root{...F").append(i + 1).append(" ...F")
                    .append(i + 1).append('}');
        }
        return query.append(" fragment F").append(levels - 1).append(" on query_root{__typename}").toString();
    }

    private static JsonNode timed(String query, Map<String, String> headers) {
        long start = System.nanoTime();
        JsonNode body = server.graphql(query, Map.of(), headers);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        return body;
    }

    private static void assertTooManyFields(JsonNode body) {
        assertThat(body.has("data")).isFalse();
        assertThat(body.at("/errors/0/extensions/code").asText()).isEqualTo("validation-failed");
        assertThat(body.at("/errors/0/extensions/path").asText()).isEqualTo("$");
        assertThat(body.at("/errors/0/message").asText())
                .isEqualTo("the operation selects more than 10000 fields once its fragments are expanded");
    }

    @Test
    void fragmentFanOutIsRefusedWithinSecondsForEveryRole() {
        String query = fanOut(30);
        assertThat(query.length()).isLessThan(1500);
        assertTooManyFields(timed(query, USER));
        assertTooManyFields(timed(query, NOBODY));
        assertTooManyFields(timed(query, Map.of()));
        // The engine still answers afterwards.
        assertThat(server.graphql("{ artist { name } }", Map.of(), USER).at("/data/artist/0/name").asText())
                .isEqualTo("Ann");
    }

    @Test
    void fanOutWithinTheBoundIsAnswered() {
        JsonNode body = timed(fanOut(5), USER);
        assertThat(body.at("/data/__typename").asText()).isEqualTo("query_root");
    }

    @Test
    void tenThousandAliasesOfOneFieldAreRefusedWithinSeconds() {
        StringBuilder query = new StringBuilder("{");
        for (int i = 0; i < 10_001; i++) {
            query.append(" a").append(i).append(": __typename");
        }
        assertTooManyFields(timed(query.append('}').toString(), USER));
        StringBuilder data = new StringBuilder("{");
        for (int i = 0; i < 5_001; i++) {
            data.append(" a").append(i).append(": artist { id }");
        }
        assertTooManyFields(timed(data.append('}').toString(), USER));
    }

    @Test
    void thirtyLevelsOfARelationshipCycleAreAnsweredWithinSeconds() {
        String query = "{ artist { " + "albums { artist { ".repeat(15) + "name" + " } }".repeat(15) + " } }";
        JsonNode body = timed(query, USER);
        assertThat(body.has("errors")).isFalse();
        JsonNode node = body.at("/data/artist/0");
        for (int i = 0; i < 15; i++) {
            node = node.at("/albums/0/artist");
        }
        assertThat(node.get("name").asText()).isEqualTo("Ann");
    }

    @Test
    void theSameFieldRepeatedWithinTheBoundIsAnsweredWithinSeconds() {
        JsonNode body = timed("{ artist { " + "name ".repeat(9_000) + "} }", USER);
        assertThat(body.at("/data/artist/0/name").asText()).isEqualTo("Ann");
    }
}
