package io.quarry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.engine.testing.TestDatabase;
import io.quarry.engine.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tracked functions as root fields, and computed fields, scalar and table-returning. */
class FunctionsIT {
    private static TestDatabase db;
    private static TestServer server;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(FunctionsIT.class);
        db.execute("""
                CREATE TABLE author (id int PRIMARY KEY, first text, last text);
                CREATE TABLE book (id int PRIMARY KEY, title text, author_id int REFERENCES author(id), pages int);
                INSERT INTO author VALUES (1, 'Ursula', 'Le Guin'), (2, 'Terry', 'Pratchett');
                INSERT INTO book VALUES (1, 'The Dispossessed', 1, 387), (2, 'Mort', 2, 243), (3, 'Guards! Guards!', 2, 416);
                CREATE FUNCTION search_books(q text, min_pages int DEFAULT 0) RETURNS SETOF book STABLE LANGUAGE sql
                  AS $$ SELECT * FROM book WHERE title ILIKE '%' || q || '%' AND pages >= min_pages $$;
                CREATE FUNCTION full_name(a author) RETURNS text STABLE LANGUAGE sql AS $$ SELECT a.first || ' ' || a.last $$;
                CREATE FUNCTION long_books(a author, over int) RETURNS SETOF book STABLE LANGUAGE sql
                  AS $$ SELECT * FROM book WHERE author_id = a.id AND pages > over $$;
                CREATE FUNCTION all_books(a author) RETURNS SETOF book STABLE LANGUAGE sql
                  AS $$ SELECT * FROM book WHERE author_id = a.id $$;
                CREATE FUNCTION books_of(a author, q text) RETURNS SETOF book STABLE LANGUAGE sql
                  AS $$ SELECT * FROM book WHERE author_id = a.id AND title ILIKE '%' || q || '%' $$;
                CREATE FUNCTION twice(a int) RETURNS int IMMUTABLE LANGUAGE sql AS $$ SELECT a * 2 $$;
                CREATE FUNCTION twice(a bigint) RETURNS bigint IMMUTABLE LANGUAGE sql AS $$ SELECT a * 2 $$;
                """);
        server = TestServer.start(db.url());
        server.metadataOk("""
                {"type":"bulk","args":[
                 {"type":"pg_track_table","args":{"table":"author"}},
                 {"type":"pg_track_table","args":{"table":"book"}},
                 {"type":"pg_track_function","args":{"function":{"schema":"public","name":"search_books"}}},
                 {"type":"pg_track_function","args":{"function":{"schema":"public","name":"books_of"}}},
                 {"type":"pg_add_computed_field","args":{"table":"author","name":"full_name",
                   "definition":{"function":"full_name"}}},
                 {"type":"pg_add_computed_field","args":{"table":"author","name":"long_books",
                   "definition":{"function":"long_books","table_argument":"a"}}},
                 {"type":"pg_add_computed_field","args":{"table":"author","name":"books",
                   "definition":{"function":"all_books"}}}]}
                """);
    }

    @AfterAll
    static void tearDown() {
        server.close();
        db.close();
    }

    private static List<String> titles(JsonNode rows) {
        List<String> out = new java.util.ArrayList<>();
        rows.forEach(r -> out.add(r.get("title").asText()));
        return out;
    }

    @Test
    void aTrackedFunctionIsARootFieldWithArgsAndTheUsualArguments() {
        JsonNode data = server.graphql("{ search_books(args: {q: \"guard\"}) { title } "
                + "long: search_books(args: {q: \"o\", min_pages: 300}, order_by: {pages: desc}, limit: 1) { title } "
                + "search_books_aggregate(args: {q: \"\"}) { aggregate { count sum { pages } } } }").get("data");
        assertThat(titles(data.get("search_books"))).containsExactly("Guards! Guards!");
        assertThat(titles(data.get("long"))).containsExactly("The Dispossessed");
        assertThat(data.at("/search_books_aggregate/aggregate/count").asInt()).isEqualTo(3);
        assertThat(data.at("/search_books_aggregate/aggregate/sum/pages").asInt()).isEqualTo(1046);
    }

    @Test
    void aRowTypedArgumentIsARecordLiteralOfTheRowTypesScalar() {
        JsonNode data = server.graphql("{ books_of(args: {a: \"(2, Terry, Pratchett)\", q: \"guard\"}) { title } }");
        assertThat(titles(data.at("/data/books_of"))).as(data.toString()).containsExactly("Guards! Guards!");
        JsonNode type = server.graphql("{ __type(name: \"books_of_args\") { inputFields { name type { name } } } }");
        assertThat(type.at("/data/__type/inputFields/0/type/name").asText()).isEqualTo("author_scalar");
    }

    @Test
    void aMissingRequiredArgumentIsAValidationError() {
        JsonNode errors = server.graphql("{ search_books(args: {min_pages: 1}) { title } }");
        assertThat(errors.at("/errors/0/extensions/code").asText()).isEqualTo("validation-failed");
    }

    @Test
    void computedFieldsReadAndFilter() {
        JsonNode data = server.graphql("{ author(order_by: {id: asc}) { full_name books(order_by: {id: asc}) { title } "
                + "long_books(args: {over: 400}) { title } } "
                + "pratchett: author(where: {full_name: {_ilike: \"%pratchett\"}}) { id } "
                + "with_mort: author(where: {books: {title: {_eq: \"Mort\"}}}) { id } }").get("data");
        assertThat(data.at("/author/0/full_name").asText()).isEqualTo("Ursula Le Guin");
        assertThat(titles(data.at("/author/1/books"))).containsExactly("Mort", "Guards! Guards!");
        assertThat(titles(data.at("/author/1/long_books"))).containsExactly("Guards! Guards!");
        assertThat(data.at("/author/0/long_books")).isEmpty();
        assertThat(data.at("/pratchett/0/id").asInt()).isEqualTo(2);
        assertThat(data.at("/with_mort/0/id").asInt()).isEqualTo(2);
    }

    @Test
    void anOverloadedFunctionIsReportedInconsistent() {
        TestServer.Response r = server.metadata("{\"type\":\"pg_track_function\",\"args\":{\"function\":\"twice\"}}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().get("error").asText()).contains("overloaded");
    }

    @Test
    void rowsOrderByComputedFieldsAndTheirAggregates() {
        JsonNode data = server.graphql("{ by_name: author(order_by: {full_name: desc}) { id } "
                + "by_books: author(order_by: [{books_aggregate: {count: desc}}, {id: asc}]) { id } "
                + "by_pages: author(order_by: {books_aggregate: {max: {pages: asc}}}) { id } }").get("data");
        assertThat(data.at("/by_name/0/id").asInt()).isEqualTo(1);
        assertThat(data.at("/by_books/0/id").asInt()).isEqualTo(2);
        assertThat(data.at("/by_pages/0/id").asInt()).isEqualTo(1);
    }
}
