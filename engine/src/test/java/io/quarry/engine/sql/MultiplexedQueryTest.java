package io.quarry.engine.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.engine.introspect.PgType;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultiplexedQueryTest {
    private static final PgType INT = PgType.builtin("int4", 'N');
    private static final PgType TEXT = PgType.builtin("text", 'S');

    @Test
    void eachValueIsReadFromTheSubscribersRow() {
        Sql query = Sql.of(Sql.raw("SELECT "), Sql.param("5", INT), Sql.raw(", "),
                Sql.arrayParam(List.of("a", "b"), TEXT), Sql.raw(", "), Sql.session("x-hasura-user-id", INT, false),
                Sql.raw(" AS data"));
        MultiplexedQuery multiplexed = MultiplexedQuery.of(query);
        assertThat(multiplexed.text()).isEqualTo("SELECT _subs.subscriber, _result.data FROM unnest($1::text[], "
                + "$2::text[]) WITH ORDINALITY AS _subs(session, params, subscriber) LEFT JOIN LATERAL (SELECT "
                + "(_subs.params::json->>0)::text::int4, ARRAY(SELECT json_array_elements_text(_subs.params::json->1))"
                + "::text[], (_subs.session::json->>'x-hasura-user-id')::text::int4 AS data) AS _result ON true "
                + "ORDER BY _subs.subscriber");
        assertThat(multiplexed.values()).hasSize(2);
        assertThat(multiplexed.values().get(0)).isEqualTo("5");
        assertThat((String[]) multiplexed.values().get(1)).containsExactly("a", "b");
        assertThat(multiplexed.sessionVariables()).containsExactly("x-hasura-user-id");
        assertThat(multiplexed.wholeSession()).isFalse();
    }

    @Test
    void theSameShapeWithOtherValuesIsTheSameStatement() {
        MultiplexedQuery one = MultiplexedQuery.of(Sql.of(Sql.raw("SELECT "), Sql.param("1", INT)));
        MultiplexedQuery two = MultiplexedQuery.of(Sql.of(Sql.raw("SELECT "), Sql.param("2", INT)));
        assertThat(one.text()).isEqualTo(two.text());
        assertThat(one.values()).isNotEqualTo(two.values());
        SqlStatement batch = one.batch(List.of("{}", "{}"), List.of("[\"1\"]", "[\"2\"]"));
        assertThat(batch.params()).hasSize(2);
        assertThat((String[]) batch.params().get(1)).containsExactly("[\"1\"]", "[\"2\"]");
    }
}
