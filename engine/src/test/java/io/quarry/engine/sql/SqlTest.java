package io.quarry.engine.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.engine.introspect.PgName;
import io.quarry.engine.introspect.PgType;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SqlTest {
    private static final PgType INT4 = PgType.builtin("int4", 'N');
    private static final PgType TEXT = PgType.builtin("text", 'S');

    @Test
    void identifiersAreQuotedWithQuotesDoubled() {
        assertThat(Sql.ident("public", "we\"ird").render().text()).isEqualTo("\"public\".\"we\"\"ird\"");
    }

    @Test
    void parametersAreNumberedInOrderAndSentAsText() {
        SqlStatement s = Sql.of(Sql.raw("SELECT "), Sql.param("1", INT4), Sql.raw(", "), Sql.param("x'); DROP", TEXT),
                Sql.raw(", "), Sql.arrayParam(List.of("1", "2"), INT4)).render();
        assertThat(s.text()).isEqualTo("SELECT $1::text::int4, $2::text, $3::text[]::int4[]");
        assertThat(s.params()).hasSize(3);
        assertThat(s.params().get(1)).isEqualTo("x'); DROP");
        assertThat((String[]) s.params().get(2)).containsExactly("1", "2");
    }

    @Test
    void typesOutsidePgCatalogAreQualifiedAndQuoted() {
        PgType mood = new PgType(new PgName("app", "Mood"), 'e', 'E', Optional.empty(), Optional.empty());
        PgType moods = new PgType(new PgName("app", "_Mood"), 'b', 'A', Optional.of(mood), Optional.empty());
        assertThat(Sql.type(mood).render().text()).isEqualTo("\"app\".\"Mood\"");
        assertThat(Sql.type(moods).render().text()).isEqualTo("\"app\".\"Mood\"[]");
        assertThat(Sql.type(PgType.builtin("char", 'S')).render().text()).isEqualTo("\"pg_catalog\".\"char\"");
        assertThat(Sql.type(PgType.builtin("timestamptz", 'D')).render().text()).isEqualTo("timestamptz");
    }

    @Test
    void jsonKeysMustBeGraphqlNames() {
        assertThat(Sql.key("title_1").render().text()).isEqualTo("'title_1'");
        assertThatThrownBy(() -> Sql.key("x' || pg_sleep(1) || '")).isInstanceOf(IllegalArgumentException.class);
    }
}
