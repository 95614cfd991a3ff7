package io.quarry.engine.sql;

import io.quarry.engine.introspect.PgType;
import io.quarry.engine.model.TableInfo;
import io.quarry.engine.plan.FunctionCall;
import io.quarry.engine.plan.Join;
import io.quarry.engine.plan.Operand;
import io.quarry.engine.plan.Value;
import java.util.ArrayList;
import java.util.List;

/** The small pieces every compiled statement is built of: columns, tables, values, function calls. */
final class Fragments {
    /** The types whose values do not fit a JSON number everywhere, returned as strings when asked. */
    static final java.util.Set<String> BIG_NUMBERS = java.util.Set.of("int8", "numeric", "float8");

    private Fragments() {
    }

    /** The SQL aggregate for a GraphQL aggregate field: only these names reach the SQL text. */
    static String functionName(String name) {
        return switch (name) {
            case "sum" -> "sum";
            case "avg" -> "avg";
            case "max" -> "max";
            case "min" -> "min";
            case "stddev" -> "stddev";
            case "stddev_pop" -> "stddev_pop";
            case "stddev_samp" -> "stddev_samp";
            case "variance" -> "variance";
            case "var_pop" -> "var_pop";
            case "var_samp" -> "var_samp";
            default -> throw new IllegalArgumentException("not an aggregate function: " + name);
        };
    }

    static boolean isGeometry(PgType type) {
        String name = type.underlying().name().name();
        return name.equals("geometry") || name.equals("geography");
    }

    static boolean isBigNumber(PgType type) {
        PgType t = type.underlying();
        return "pg_catalog".equals(t.name().schema()) && BIG_NUMBERS.contains(t.name().name());
    }

    /**
     * A function call: arguments with a name by name ({@code "q" => $1::text}), the others by position; a row
     * argument is the row aliased {@code row}, rebuilt as a value of its table's type from the table's columns.
     */
    static Sql call(FunctionCall call, String row) {
        List<Sql> arguments = new ArrayList<>();
        for (FunctionCall.Argument argument : call.arguments()) {
            Sql value;
            if (argument instanceof FunctionCall.Argument.Value v) {
                value = Sql.param(v.text(), v.type());
            } else if (argument instanceof FunctionCall.Argument.Session) {
                value = Sql.session();
            } else if (argument instanceof FunctionCall.Argument.Row r) {
                List<Sql> columns = r.table().relation().columns().stream().map(c -> column(row, c.name())).toList();
                value = Sql.of(Sql.raw("ROW("), Sql.join(", ", columns), Sql.raw(")::"), table(r.table()));
            } else {
                throw new AssertionError(argument);
            }
            arguments.add(argument.name().isPresent()
                    ? Sql.of(Sql.ident(argument.name().get()), Sql.raw(" => "), value) : value);
        }
        return Sql.of(Sql.ident(call.function().schema(), call.function().name()), Sql.raw("("),
                Sql.join(", ", arguments), Sql.raw(")"));
    }

    static Sql table(TableInfo table) {
        return Sql.ident(table.pgName().schema(), table.pgName().name());
    }

    static Sql joinCondition(List<Join> join, String outer, String inner) {
        List<Sql> conditions = new ArrayList<>();
        for (Join j : join) {
            conditions.add(Sql.of(column(inner, j.innerColumn()), Sql.raw(" = "), column(outer, j.outerColumn())));
        }
        return Sql.join(" AND ", conditions);
    }

    /** A value typed as {@code type}: a parameter, or a session variable; {@code list} for an array of them. */
    static Sql value(Value value, PgType type, boolean list) {
        if (value instanceof Value.Text t) {
            return Sql.param(t.text(), type);
        }
        if (value instanceof Value.Texts t) {
            return Sql.arrayParam(t.texts(), type);
        }
        if (value instanceof Value.Session s) {
            return Sql.session(s.variable(), type, list);
        }
        throw new AssertionError(value);
    }

    /** A value written to a column: PostGIS columns take GeoJSON, as Hasura's geometry and geography scalars do. */
    static Sql written(Value value, PgType type) {
        if (value instanceof Value.Text && isGeometry(type)) {
            return fromGeoJson(value(value, PgType.builtin("text", 'S'), false), type);
        }
        return value(value, type, false);
    }

    /** A GeoJSON text or json expression as a value of the PostGIS {@code type} (geometry or geography). */
    static Sql fromGeoJson(Sql geoJson, PgType type) {
        Sql shape = Sql.of(Sql.raw("ST_GeomFromGeoJSON("), geoJson, Sql.raw(")"));
        return "geography".equals(type.underlying().name().name()) ? Sql.of(shape, Sql.raw("::geography")) : shape;
    }

    /** A value compared with the row aliased {@code row}: another of its columns, or as {@link #value}. */
    static Sql value(Value value, PgType type, boolean list, String row) {
        return value instanceof Value.Column c ? column(row, c.column()) : value(value, type, list);
    }

    /** A column or computed field of the row; casts and redactions are {@link Conditions#operand}'s. */
    static Sql operand(String row, Operand operand) {
        if (operand instanceof Operand.Column c) {
            return column(row, c.name());
        }
        if (operand instanceof Operand.Call c) {
            return call(c.call(), row);
        }
        throw new AssertionError(operand);
    }

    static Sql column(String row, String column) {
        return Sql.of(Sql.raw(row + "."), Sql.ident(column));
    }
}
