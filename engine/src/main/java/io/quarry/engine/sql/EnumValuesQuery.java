package io.quarry.engine.sql;

import io.quarry.engine.introspect.PgName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the rows of enum tables in one statement: a JSON array with, per table, an array of
 * {@code [value, comment]} pairs ordered by value.
 */
public final class EnumValuesQuery {
    private EnumValuesQuery() {
    }

    /** {@code tables} maps each enum table to its key column and, optionally, its comment column. */
    public static SqlStatement statement(Map<PgName, List<String>> tables) {
        List<Sql> parts = new ArrayList<>();
        for (Map.Entry<PgName, List<String>> e : tables.entrySet()) {
            Sql value = Sql.ident(e.getValue().get(0));
            Sql comment = e.getValue().size() > 1 ? Sql.ident(e.getValue().get(1)) : Sql.raw("NULL");
            parts.add(Sql.of(Sql.raw("(SELECT coalesce(json_agg(json_build_array("), value, Sql.raw(", "), comment,
                    Sql.raw(") ORDER BY "), value, Sql.raw("), '[]'::json) FROM "),
                    Sql.ident(e.getKey().schema(), e.getKey().name()), Sql.raw(")")));
        }
        return Sql.of(Sql.raw("SELECT "), Sql.answer(Sql.of(Sql.raw("json_build_array("), Sql.join(", ", parts),
                Sql.raw(")")))).render();
    }
}
