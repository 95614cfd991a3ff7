package io.quarry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.engine.testing.TestDatabase;
import io.quarry.engine.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Operators beyond the ones Chinook's golden queries use: jsonb, _cast, regular expressions. */
class OperatorsIT {
    private static TestDatabase db;
    private static TestServer server;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(OperatorsIT.class);
        db.execute("""
                CREATE TABLE product (id int PRIMARY KEY, name text, spec jsonb);
                INSERT INTO product VALUES (1, 'Phone X', '{"ram": 4, "os": "droid"}'),
                  (2, 'Laptop Y', '{"ram": 16, "disk": "ssd"}'), (3, 'Tablet', '"plain"');
                """);
        server = TestServer.start(db.url());
        server.metadataOk("{\"type\":\"pg_track_table\",\"args\":{\"table\":\"product\"}}");
    }

    @AfterAll
    static void tearDown() {
        server.close();
        db.close();
    }

    private static String ids(String where) {
        return server.graphql("{ product(where: " + where + ", order_by: {id: asc}) { id } }").get("data").get("product")
                .toString();
    }

    @Test
    void jsonbOperators() {
        assertThat(ids("{spec: {_has_key: \"disk\"}}")).isEqualTo("[{\"id\":2}]");
        assertThat(ids("{spec: {_has_keys_any: [\"os\", \"disk\"]}}")).isEqualTo("[{\"id\":1},{\"id\":2}]");
        assertThat(ids("{spec: {_has_keys_all: [\"ram\", \"os\"]}}")).isEqualTo("[{\"id\":1}]");
        assertThat(ids("{spec: {_contains: {ram: 16}}}")).isEqualTo("[{\"id\":2}]");
        assertThat(ids("{spec: {_eq: \"plain\"}}")).isEqualTo("[{\"id\":3}]");
        assertThat(ids("{spec: {_cast: {String: {_ilike: \"%droid%\"}}}}")).isEqualTo("[{\"id\":1}]");
    }

    @Test
    void textPatterns() {
        assertThat(ids("{name: {_regex: \"^[A-Z][a-z]+ [A-Z]$\"}}")).isEqualTo("[{\"id\":1},{\"id\":2}]");
        assertThat(ids("{name: {_iregex: \"^tab\"}}")).isEqualTo("[{\"id\":3}]");
        assertThat(ids("{name: {_similar: \"%(X|Y)\"}}")).isEqualTo("[{\"id\":1},{\"id\":2}]");
        assertThat(ids("{name: {_nsimilar: \"%(X|Y)\"}}")).isEqualTo("[{\"id\":3}]");
    }
}
