package io.quarry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.engine.testing.PrometheusText;
import io.quarry.engine.testing.TestDatabase;
import io.quarry.engine.testing.TestServer;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Queries with variables are compiled once per document and shape of variables, then only bound: each request
 * below must answer exactly as the same query written with its values inline, whatever was cached before it.
 */
class PlanCacheIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ADMIN = Map.of();
    private static final Map<String, String> READER = Map.of("x-hasura-role", "reader", "x-hasura-author-id", "1");
    private static TestDatabase db;
    private static TestServer server;

    /** An enum value: a string in variables, a bare name inline. */
    private record Enum(String name) {
    }

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(PlanCacheIT.class);
        db.execute("""
                CREATE TABLE author (id int PRIMARY KEY, name text NOT NULL);
                CREATE TABLE book (id int PRIMARY KEY, title text NOT NULL, author_id int REFERENCES author,
                  price numeric, spec jsonb, published date);
                INSERT INTO author VALUES (1, 'Ann'), (2, 'Bo');
                INSERT INTO book VALUES (1, 'Alpha', 1, 10, '{"a": 1}', '2001-01-01'),
                  (2, 'beta', 1, NULL, '{"b": "x"}', '2010-05-05'), (3, 'Gamma', 2, 25.5, '{"a": 2}', NULL),
                  (4, 'delta', 1, 3, '{"a": 1, "b": "y"}', '2020-02-02');
                """);
        server = TestServer.start(db.url());
        server.metadataOk("""
                {"type": "bulk", "args": [
                  {"type": "pg_track_table", "args": {"table": "author"}},
                  {"type": "pg_track_table", "args": {"table": "book"}},
                  {"type": "pg_create_object_relationship", "args": {"table": "book", "name": "author",
                    "using": {"foreign_key_constraint_on": "author_id"}}},
                  {"type": "pg_create_select_permission", "args": {"table": "book", "role": "reader", "permission": {
                    "columns": ["id", "title", "price"], "filter": {"author_id": {"_eq": "X-Hasura-Author-Id"}},
                    "limit": 2}}}]}
                """);
    }

    @AfterAll
    static void tearDown() {
        server.close();
        db.close();
    }

    @Test
    void keysAndFiltersBindTheirValues() {
        same("$id: Int!", "book_by_pk(id: $id) { title author { name } }", ADMIN,
                vars("id", 1), vars("id", 2), vars("id", 99), vars("id", 3));
        same("$t: String, $p: numeric", "book(where: {title: {_ilike: $t}, price: {_gt: $p}}, order_by: {id: asc}) "
                + "{ id }", ADMIN, vars("t", "%a%", "p", 5), vars("t", "%", "p", null), vars("t", "b%", "p", 0),
                vars("t", "%A", "p", "2"), vars("t", "%", "p", null));
        same("$d: date", "book(where: {published: {_lt: $d}}, order_by: {id: asc}) { id }", ADMIN,
                vars("d", "2005-01-01"), vars("d", "2030-01-01"), vars("d", null));
        same("$a: Int!, $b: Int!", "x: book_by_pk(id: $a) { id } y: book_by_pk(id: $b) { id }", ADMIN,
                vars("a", 1, "b", 1), vars("a", 1, "b", 2), vars("a", 2, "b", 1));
        same("$a: Int!", "x: book_by_pk(id: $a) { id } y: book(where: {id: {_eq: $a}}) { id }", ADMIN,
                vars("a", 1), vars("a", 2));
        same("$p: numeric", "book_aggregate(where: {price: {_gte: $p}}) { aggregate { count sum { price } } }", ADMIN,
                vars("p", 0), vars("p", 10), vars("p", 100));
    }

    @Test
    void listsEnumsBooleansAndObjectsShapeTheStatement() {
        same("$ids: [Int!]", "book(where: {id: {_in: $ids}}, order_by: {id: asc}) { id }", ADMIN,
                vars("ids", List.of(1)), vars("ids", List.of(2, 3, 4)), vars("ids", List.of()), vars("ids", List.of(4)));
        same("$dir: order_by", "book(order_by: {title: $dir}) { id }", ADMIN,
                vars("dir", new Enum("asc")), vars("dir", new Enum("desc")), vars("dir", new Enum("asc")));
        same("$none: Boolean", "book(where: {price: {_is_null: $none}}, order_by: {id: asc}) { id }", ADMIN,
                vars("none", true), vars("none", false));
        same("$skip: Boolean!", "book(order_by: {id: asc}) { id title @skip(if: $skip) }", ADMIN,
                vars("skip", true), vars("skip", false));
        same("$w: book_bool_exp", "book(where: $w, order_by: {id: asc}) { id }", ADMIN,
                vars("w", Map.of("title", Map.of("_eq", "Alpha"))), vars("w", Map.of("id", Map.of("_gt", 2))));
        same("$spec: jsonb, $k: String!", "book(where: {spec: {_contains: $spec}, _or: [{spec: {_has_key: $k}}, "
                + "{id: {_eq: 1}}]}, order_by: {id: asc}) { id }", ADMIN,
                vars("spec", Map.of("a", 1), "k", "b"), vars("spec", Map.of("b", "x"), "k", "a"),
                vars("spec", "x", "k", "c"));
    }

    @Test
    void limitsAndOffsetsKeepThePermissionsRowLimit() {
        same("$lim: Int, $off: Int", "book(limit: $lim, offset: $off, order_by: {id: asc}) { id }", ADMIN,
                vars("lim", 2, "off", 0), vars("lim", 1, "off", 1), vars("lim", 5, "off", 2));
        same("$lim: Int", "book(limit: $lim, order_by: {id: asc}) { id }", READER,
                vars("lim", 1), vars("lim", 5), vars("lim", 2));
        same("$t: String!", "book(where: {title: {_ilike: $t}}, order_by: {id: asc}) { id title }", READER,
                vars("t", "%"), vars("t", "%ta"), vars("t", "g%"));
    }

    @Test
    void mutationsBindTheirVariablesToo() {
        String update = "mutation ($id: Int!, $t: String!) { update_book_by_pk(pk_columns: {id: $id}, "
                + "_set: {title: $t}) { id title } }";
        double hits = hits();
        for (int id : new int[] {1, 2, 4, 2}) {
            String title = "T" + id + "-" + System.nanoTime();
            JsonNode answer = server.graphql(update, Map.of("id", id, "t", title), ADMIN);
            assertThat(answer.at("/data/update_book_by_pk/title").asText()).as(answer.toString()).isEqualTo(title);
            assertThat(db.rows("SELECT title FROM book WHERE id = " + id)).containsExactly(List.of(title));
        }
        assertThat(hits()).isEqualTo(hits + 3);
        assertThat(server.graphql(update, Map.of("id", 77, "t", "none"), ADMIN).at("/data/update_book_by_pk").isNull())
                .isTrue();

        String insert = "mutation Add($id: Int!, $name: String!) { a: insert_author_one(object: {id: $id, name: $name}) "
                + "{ id name } b: __typename }";
        for (int id : new int[] {10, 11, 12}) {
            JsonNode answer = server.graphql(insert, Map.of("id", id, "name", "N" + id), ADMIN);
            assertThat(answer.get("data").toString())
                    .isEqualTo("{\"a\":{\"id\":" + id + ",\"name\":\"N" + id + "\"},\"b\":\"mutation_root\"}");
        }
        JsonNode duplicate = server.graphql(insert, Map.of("id", 10, "name", "again"), ADMIN);
        assertThat(duplicate.at("/errors/0/extensions/code").asText()).isEqualTo("constraint-violation");
        assertThat(duplicate.at("/errors/0/extensions/path").asText()).isEqualTo("$.selectionSet.insert_author_one.args.object");
        assertThat(db.rows("SELECT name FROM author WHERE id = 10")).containsExactly(List.of("N10"));
        db.execute("DELETE FROM author WHERE id >= 10");
    }

    @Test
    void aValueItsTypeRefusesGetsTheSameErrorWhetherOrNotTheShapeIsCached() {
        String fresh = "query ($id: Int!) { book_by_pk(id: $id) { id } }";
        JsonNode first = server.graphql(fresh, Map.of("id", "one"), ADMIN);
        String cached = "query ($id: Int!)  { book_by_pk(id: $id) { id } }";
        assertThat(server.graphql(cached, Map.of("id", 1), ADMIN).at("/data/book_by_pk/id").asInt()).isEqualTo(1);
        assertThat(server.graphql(cached, Map.of("id", "one"), ADMIN)).isEqualTo(first);
        assertThat(first.at("/errors/0/extensions/code").asText()).isEqualTo("validation-failed");

        String limit = "query ($n: Int) { book(limit: $n) { id } }";
        assertThat(server.graphql(limit, Map.of("n", 1), ADMIN).at("/data/book").size()).isEqualTo(1);
        assertThat(server.graphql(limit, Map.of("n", -1), ADMIN).at("/errors/0/message").asText())
                .contains("non-negative");
        String offset = "query ($n: Int) { book(offset: $n) { id } }";
        assertThat(server.graphql(offset, Map.of("n", 1), ADMIN).at("/data/book").size()).isEqualTo(3);
        assertThat(server.graphql(offset, Map.of("n", 1.5), ADMIN).has("errors")).isTrue();
    }

    @Test
    void aRepeatedShapeIsBoundFromTheCacheNotCompiledAgain() {
        String query = "query Titles($t: String!) { book(where: {title: {_ilike: $t}}) { id } }";
        server.graphql(query, Map.of("t", "%"), ADMIN);
        double hits = hits();
        for (String t : List.of("a%", "b%", "%a", "%")) {
            assertThat(server.graphql(query, Map.of("t", t), ADMIN).has("data")).isTrue();
        }
        assertThat(hits()).isEqualTo(hits + 4);
    }

    private static double hits() {
        return PrometheusText.parse(server.get("/v1/metrics").text())
                .value("quarry_plan_cache_requests_total", Map.of("result", "hit")).orElse(0.0);
    }

    /**
     * Runs {@code body} with each set of variables, in order, and checks each answer against the same query with
     * the values written inline (a different document, so compiled on its own).
     */
    @SafeVarargs
    private static void same(String declarations, String body, Map<String, String> headers,
            Map<String, Object>... sets) {
        String query = "query Q(" + declarations + ") { " + body + " }";
        for (Map<String, Object> values : sets) {
            Map<String, Object> variables = new LinkedHashMap<>();
            values.forEach((k, v) -> variables.put(k, v instanceof Enum e ? e.name() : v));
            JsonNode bound = server.graphql(query, variables, headers);
            String inline = body;
            for (String name : values.keySet().stream().sorted(Comparator.comparing(String::length).reversed())
                    .toList()) {
                inline = inline.replace("$" + name, literal(values.get(name)));
            }
            JsonNode expected = server.graphql("{ " + inline + " }", Map.of(), headers);
            assertThat(expected.has("data")).as(inline + " " + expected).isTrue();
            assertThat(bound).as(query + " with " + variables).isEqualTo(expected);
        }
    }

    private static String literal(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Enum e) {
            return e.name();
        }
        if (value instanceof String s) {
            return JSON.valueToTree(s).toString();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(PlanCacheIT::literal).collect(Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(e -> e.getKey() + ": " + literal(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        return value.toString();
    }

    private static Map<String, Object> vars(Object... pairs) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], pairs[i + 1]);
        }
        return out;
    }
}
