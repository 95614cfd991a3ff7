package io.quarry.engine.sql;

import io.quarry.engine.plan.BoolExp;
import io.quarry.engine.plan.Field;
import io.quarry.engine.plan.Join;
import io.quarry.engine.plan.OrderBy;
import io.quarry.engine.plan.Output;
import io.quarry.engine.plan.TableSelect;
import io.quarry.engine.introspect.PgType;
import io.quarry.engine.model.TableInfo;
import java.util.ArrayList;
import java.util.List;

/** Compiles the outputs of a query operation into one statement returning one row with one JSON text column. */
public final class QueryCompiler {
    /** {@code json_build_object} takes at most 100 arguments. */
    private static final int MAX_PAIRS = 50;

    /** The types whose values do not fit a JSON number everywhere, returned as strings when asked. */
    private static final java.util.Set<String> BIG_NUMBERS = java.util.Set.of("int8", "numeric", "float8");

    private final boolean stringifyNumbers;
    private int aliases;

    private QueryCompiler(boolean stringifyNumbers) {
        this.stringifyNumbers = stringifyNumbers;
    }

    public static SqlStatement query(List<Output> outputs) {
        return query(outputs, false);
    }

    /** With {@code stringifyNumbers}, bigint, numeric and double precision values come back as JSON strings. */
    public static SqlStatement query(List<Output> outputs, boolean stringifyNumbers) {
        QueryCompiler compiler = new QueryCompiler(stringifyNumbers);
        List<Sql> values = new ArrayList<>();
        for (Output output : outputs) {
            values.add(compiler.rootValue(output.field()));
        }
        return Sql.of(Sql.raw("SELECT "), compiler.object(outputs, values), Sql.raw("::text AS data")).render();
    }

    private String alias() {
        return "_" + aliases++;
    }

    private Sql rootValue(Field field) {
        if (field instanceof Field.Typename t) {
            return Sql.key(t.name());
        }
        return Sql.of(Sql.raw("("), subquery(field, null), Sql.raw(")"));
    }

    /** The JSON object of a row: {@code json_build_object('k', v, ...)}. */
    private Sql object(List<Output> outputs, List<Sql> values) {
        List<Sql> items = new ArrayList<>();
        boolean pairs = outputs.size() <= MAX_PAIRS;
        for (int i = 0; i < outputs.size(); i++) {
            String key = outputs.get(i).key();
            items.add(pairs ? Sql.of(Sql.key(key), Sql.raw(", "), values.get(i))
                    : Sql.of(values.get(i), Sql.raw(" AS "), Sql.ident(key)));
        }
        if (pairs) {
            return Sql.of(Sql.raw("json_build_object("), Sql.join(", ", items), Sql.raw(")"));
        }
        // Past json_build_object's argument limit, the values become the named columns of a row.
        String row = alias();
        return Sql.of(Sql.raw("(SELECT row_to_json(" + row + ") FROM (SELECT "), Sql.join(", ", items),
                Sql.raw(") AS " + row + ")"));
    }

    /**
     * A subquery with one column {@code value}: a JSON array of rows for {@link Field.Rows}, one row object (or no
     * row) for {@link Field.Row}. {@code outer} is the alias of the row it is joined to, or null at the root.
     */
    private Sql subquery(Field field, String outer) {
        boolean many = field instanceof Field.Rows;
        TableSelect select = many ? ((Field.Rows) field).select() : ((Field.Row) field).select();
        List<Join> join = many ? ((Field.Rows) field).join() : ((Field.Row) field).join();
        String row = alias();
        List<Sql> laterals = new ArrayList<>();
        List<Sql> values = new ArrayList<>();
        for (Output output : select.outputs()) {
            values.add(value(output.field(), row, laterals));
        }
        Sql object = object(select.outputs(), values);
        Sql value;
        if (many) {
            Sql order = select.orderBy().isEmpty() ? Sql.raw("") : Sql.of(Sql.raw(" ORDER BY "), orderBy(select, row));
            value = Sql.of(Sql.raw("coalesce(json_agg("), object, order, Sql.raw("), '[]'::json)"));
        } else {
            value = object;
        }
        return Sql.of(Sql.raw("SELECT "), value, Sql.raw(" AS value FROM "), base(select, join, outer, row, many),
                Sql.join("", laterals));
    }

    private Sql value(Field field, String row, List<Sql> laterals) {
        if (field instanceof Field.Column c) {
            Sql column = Sql.of(Sql.raw(row + "."), Sql.ident(c.column()));
            PgType type = c.type().underlying();
            boolean big = "pg_catalog".equals(type.name().schema()) && BIG_NUMBERS.contains(type.name().name());
            return stringifyNumbers && big ? Sql.of(column, Sql.raw("::text")) : column;
        }
        if (field instanceof Field.Typename t) {
            return Sql.key(t.name());
        }
        if (field instanceof Field.Rows || field instanceof Field.Row) {
            String lateral = alias();
            laterals.add(Sql.of(Sql.raw(" LEFT JOIN LATERAL ("), subquery(field, row),
                    Sql.raw(") AS " + lateral + " ON true")));
            return Sql.raw(lateral + ".value");
        }
        throw new AssertionError(field);
    }

    /** The rows a select reads: {@code (SELECT * FROM t AS _n WHERE ... ORDER BY ... LIMIT ...) AS _n}. */
    private Sql base(TableSelect select, List<Join> join, String outer, String row, boolean many) {
        List<Sql> conditions = new ArrayList<>();
        for (Join j : join) {
            conditions.add(Sql.of(Sql.raw(row + "."), Sql.ident(j.innerColumn()), Sql.raw(" = " + outer + "."),
                    Sql.ident(j.outerColumn())));
        }
        if (!isTrue(select.where())) {
            conditions.add(condition(select.where(), row));
        }
        List<Sql> parts = new ArrayList<>();
        parts.add(Sql.of(Sql.raw("(SELECT * FROM "), table(select.table()), Sql.raw(" AS " + row)));
        if (!conditions.isEmpty()) {
            parts.add(Sql.of(Sql.raw(" WHERE "), Sql.join(" AND ", conditions)));
        }
        if (!select.orderBy().isEmpty()) {
            parts.add(Sql.of(Sql.raw(" ORDER BY "), orderBy(select, row)));
        }
        if (!many) {
            parts.add(Sql.raw(" LIMIT 1"));
        } else if (select.limit().isPresent()) {
            parts.add(Sql.of(Sql.raw(" LIMIT "), Sql.bigint(select.limit().getAsLong())));
        }
        if (select.offset().isPresent()) {
            parts.add(Sql.of(Sql.raw(" OFFSET "), Sql.bigint(select.offset().getAsLong())));
        }
        parts.add(Sql.raw(") AS " + row));
        return Sql.join("", parts);
    }

    private static Sql table(TableInfo table) {
        return Sql.ident(table.pgName().schema(), table.pgName().name());
    }

    private static Sql orderBy(TableSelect select, String row) {
        List<Sql> keys = new ArrayList<>();
        for (OrderBy key : select.orderBy()) {
            keys.add(Sql.of(Sql.raw(row + "."), Sql.ident(key.column()),
                    Sql.raw((key.descending() ? " DESC" : " ASC") + (key.nullsFirst() ? " NULLS FIRST" : " NULLS LAST"))));
        }
        return Sql.join(", ", keys);
    }

    private static boolean isTrue(BoolExp exp) {
        return exp instanceof BoolExp.And and && and.operands().isEmpty();
    }

    /** A boolean SQL expression over the row aliased {@code row}. */
    private Sql condition(BoolExp exp, String row) {
        if (exp instanceof BoolExp.And and) {
            return and.operands().isEmpty() ? Sql.raw("true") : group(and.operands(), " AND ", row);
        }
        if (exp instanceof BoolExp.Or or) {
            return or.operands().isEmpty() ? Sql.raw("false") : group(or.operands(), " OR ", row);
        }
        if (exp instanceof BoolExp.Not not) {
            return Sql.of(Sql.raw("NOT ("), condition(not.operand(), row), Sql.raw(")"));
        }
        if (exp instanceof BoolExp.Compare c) {
            return Sql.of(column(row, c.column()), Sql.raw(" " + c.op().sql() + " "), Sql.param(c.value(), c.type()));
        }
        if (exp instanceof BoolExp.In in) {
            return Sql.of(column(row, in.column()), Sql.raw(in.negated() ? " <> ALL(" : " = ANY("),
                    Sql.arrayParam(in.values(), in.type()), Sql.raw(")"));
        }
        if (exp instanceof BoolExp.IsNull n) {
            return Sql.of(column(row, n.column()), Sql.raw(n.isNull() ? " IS NULL" : " IS NOT NULL"));
        }
        if (exp instanceof BoolExp.Exists e) {
            String inner = alias();
            List<Sql> conditions = new ArrayList<>();
            for (Join j : e.join()) {
                conditions.add(Sql.of(column(inner, j.innerColumn()), Sql.raw(" = "), column(row, j.outerColumn())));
            }
            if (!isTrue(e.where())) {
                conditions.add(condition(e.where(), inner));
            }
            return Sql.of(Sql.raw("EXISTS (SELECT 1 FROM "), table(e.table()), Sql.raw(" AS " + inner + " WHERE "),
                    Sql.join(" AND ", conditions), Sql.raw(")"));
        }
        throw new AssertionError(exp);
    }

    private Sql group(List<BoolExp> operands, String separator, String row) {
        if (operands.size() == 1) {
            return condition(operands.get(0), row);
        }
        List<Sql> parts = new ArrayList<>();
        for (BoolExp operand : operands) {
            parts.add(Sql.of(Sql.raw("("), condition(operand, row), Sql.raw(")")));
        }
        return Sql.join(separator, parts);
    }

    private static Sql column(String row, String column) {
        return Sql.of(Sql.raw(row + "."), Sql.ident(column));
    }
}
