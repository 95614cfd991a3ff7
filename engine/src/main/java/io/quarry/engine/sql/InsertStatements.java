package io.quarry.engine.sql;

import io.quarry.engine.introspect.Column;
import io.quarry.engine.introspect.PgType;
import io.quarry.engine.model.TableInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * Inserts of rows given as JSON objects, for the v1 {@code insert} command: Postgres turns the objects into rows
 * of the table's type ({@code jsonb_populate_record}), so each value is parsed as its column's type. PostGIS values
 * are GeoJSON, which the types' own input does not read: they are taken out of the object and converted apart.
 */
public final class InsertStatements {
    private static final String ROW = "_r";
    private static final String OBJECT = "_o";

    private InsertStatements() {
    }

    /** {@code INSERT INTO t (cols) SELECT cols FROM jsonb_array_elements($1) ...}; json is an array of objects. */
    public static SqlStatement fromJson(TableInfo table, List<String> columns, String jsonArray) {
        Sql target = Fragments.table(table);
        List<Sql> names = new ArrayList<>();
        List<Sql> values = new ArrayList<>();
        List<Sql> spatial = new ArrayList<>();
        for (String name : columns) {
            names.add(Sql.ident(name));
            PgType type = table.relation().column(name).map(Column::type).orElse(null);
            if (type != null && Fragments.isGeometry(type)) {
                Sql key = Sql.param(name, PgType.builtin("text", 'S'));
                spatial.add(key);
                values.add(Fragments.fromGeoJson(Sql.of(Sql.raw(OBJECT + ".v -> "), key), type));
            } else {
                values.add(Fragments.column(ROW, name));
            }
        }
        Sql object = Sql.raw(OBJECT + ".v");
        if (!spatial.isEmpty()) {
            object = Sql.of(object, Sql.raw(" - ARRAY["), Sql.join(", ", spatial), Sql.raw("]"));
        }
        return Sql.of(Sql.raw("INSERT INTO "), target, Sql.raw(" ("), Sql.join(", ", names), Sql.raw(") SELECT "),
                Sql.join(", ", values), Sql.raw(" FROM jsonb_array_elements("),
                Sql.param(jsonArray, PgType.builtin("jsonb", 'U')), Sql.raw(") AS " + OBJECT + "(v), "
                        + "jsonb_populate_record(NULL::"), target, Sql.raw(", "), object,
                Sql.raw(") AS " + ROW)).render();
    }
}
