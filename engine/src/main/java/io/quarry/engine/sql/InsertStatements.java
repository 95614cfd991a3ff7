package io.quarry.engine.sql;

import io.quarry.engine.introspect.PgName;
import java.util.ArrayList;
import java.util.List;

/**
 * Inserts of rows given as JSON objects, for the v1 {@code insert} command: Postgres turns the objects into rows
 * of the table's type ({@code json_populate_recordset}), so each value is parsed as its column's type.
 */
public final class InsertStatements {
    private InsertStatements() {
    }

    /** {@code INSERT INTO t (cols) SELECT cols FROM json_populate_recordset(NULL::t, $1)}; json is an array. */
    public static SqlStatement fromJson(PgName table, List<String> columns, String jsonArray) {
        Sql target = Sql.ident(table.schema(), table.name());
        List<Sql> names = new ArrayList<>();
        columns.forEach(c -> names.add(Sql.ident(c)));
        Sql list = Sql.join(", ", names);
        return Sql.of(Sql.raw("INSERT INTO "), target, Sql.raw(" ("), list, Sql.raw(") SELECT "), list,
                Sql.raw(" FROM json_populate_recordset(NULL::"), target, Sql.raw(", "),
                Sql.param(jsonArray, io.quarry.engine.introspect.PgType.builtin("json", 'U')), Sql.raw(")")).render();
    }
}
