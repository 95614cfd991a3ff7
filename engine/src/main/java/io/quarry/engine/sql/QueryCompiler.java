package io.quarry.engine.sql;

import io.quarry.engine.plan.Field;
import io.quarry.engine.plan.Join;
import io.quarry.engine.plan.OrderBy;
import io.quarry.engine.plan.OrderKey;
import io.quarry.engine.plan.Output;
import io.quarry.engine.plan.TableSelect;
import io.quarry.engine.introspect.PgType;
import java.util.ArrayList;
import java.util.List;

import static io.quarry.engine.sql.Fragments.call;
import static io.quarry.engine.sql.Fragments.column;
import static io.quarry.engine.sql.Fragments.functionName;
import static io.quarry.engine.sql.Fragments.isBigNumber;
import static io.quarry.engine.sql.Fragments.isGeometry;
import static io.quarry.engine.sql.Fragments.joinCondition;
import static io.quarry.engine.sql.Fragments.table;

/** Compiles the outputs of a query operation into one statement returning one row with one JSON text column. */
public final class QueryCompiler {
    /** The rank of a row among the nodes of an aggregate selection, when a permission caps them. */
    private static final String NODE_RANK = "n.rank";

    /** {@code json_build_object} takes at most 100 arguments. */
    private static final int MAX_PAIRS = 50;

    private final boolean stringifyNumbers;
    private final Aliases aliases = new Aliases();
    private final Conditions predicates = new Conditions(aliases);

    private QueryCompiler(boolean stringifyNumbers) {
        this.stringifyNumbers = stringifyNumbers;
    }

    public static SqlStatement query(List<Output> outputs) {
        return query(outputs, false);
    }

    /** With {@code stringifyNumbers}, bigint, numeric and double precision values come back as JSON strings. */
    public static SqlStatement query(List<Output> outputs, boolean stringifyNumbers) {
        return root(outputs, stringifyNumbers).render();
    }

    /** The statement of a subscription's outputs, polled for many subscribers at once (see {@link MultiplexedQuery}). */
    public static MultiplexedQuery multiplexed(List<Output> outputs, boolean stringifyNumbers) {
        return MultiplexedQuery.of(root(outputs, stringifyNumbers));
    }

    private static Sql root(List<Output> outputs, boolean stringifyNumbers) {
        QueryCompiler compiler = new QueryCompiler(stringifyNumbers);
        List<Sql> values = new ArrayList<>();
        for (Output output : outputs) {
            values.add(compiler.rootValue(output.field()));
        }
        return Sql.of(Sql.raw("SELECT "), Sql.answer(compiler.object(outputs, values)));
    }

    private String alias() {
        return aliases.next();
    }

    private Sql rootValue(Field field) {
        if (field instanceof Field.Typename t) {
            return Sql.key(t.name());
        }
        if (field instanceof Field.Json j) {
            return Sql.param(j.json(), PgType.builtin("json", 'U'));
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
        return subquery(field, outer, null);
    }

    /** A compiler sharing one alias sequence with a statement built elsewhere (mutations). */
    static QueryCompiler forStatement(boolean stringifyNumbers) {
        return new QueryCompiler(stringifyNumbers);
    }

    Conditions conditions() {
        return predicates;
    }

    String nextAlias() {
        return alias();
    }

    /** A {@link Field.Rows} or {@link Field.Row} subquery reading the rows of {@code from} (a CTE) instead of its table. */
    Sql rowsOf(Field field, Sql from) {
        return subquery(field, null, from);
    }

    private Sql subquery(Field field, String outer, Sql from) {
        if (field instanceof Field.Aggregate aggregate) {
            return aggregate(aggregate, outer);
        }
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
            Sql order = select.orderBy().isEmpty() ? Sql.raw("")
                    : Sql.of(Sql.raw(" ORDER BY "), orderBy(select, row, false));
            value = Sql.of(Sql.raw("coalesce(json_agg("), object, order, Sql.raw("), '[]'::json)"));
        } else {
            value = object;
        }
        return Sql.of(Sql.raw("SELECT "), value, Sql.raw(" AS value FROM "), base(select, join, outer, row, many, from),
                Sql.join("", laterals));
    }

    private Sql value(Field field, String row, List<Sql> laterals) {
        if (field instanceof Field.Column c) {
            Sql column = column(row, c.column());
            if (isGeometry(c.type())) {
                // PostGIS values go out as GeoJSON, as Hasura returns them.
                return Sql.of(Sql.raw("ST_AsGeoJSON("), column, Sql.raw(", 15, 4)::json"));
            }
            return stringifyNumbers && isBigNumber(c.type()) ? Sql.of(column, Sql.raw("::text")) : column;
        }
        if (field instanceof Field.Typename t) {
            return Sql.key(t.name());
        }
        if (field instanceof Field.Redacted r) {
            return predicates.shown(r.condition(), row, value(r.field(), row, laterals));
        }
        if (field instanceof Field.Computed c) {
            Sql value = call(c.call(), row);
            return stringifyNumbers && isBigNumber(c.type()) ? Sql.of(value, Sql.raw("::text")) : value;
        }
        if (field instanceof Field.JsonColumn j) {
            return Sql.of(column(row, j.column()), Sql.raw(" #> "), Sql.arrayParam(j.path(), PgType.builtin("text", 'S')));
        }
        if (field instanceof Field.Rows || field instanceof Field.Row || field instanceof Field.Aggregate) {
            String lateral = alias();
            laterals.add(Sql.of(Sql.raw(" LEFT JOIN LATERAL ("), subquery(field, row),
                    Sql.raw(") AS " + lateral + " ON true")));
            return Sql.raw(lateral + ".value");
        }
        throw new AssertionError(field);
    }

    /**
     * A subquery with one column {@code value}: the object of a {@code <table>_aggregate} field, whose aggregates
     * and nodes are computed together over the same selected rows.
     */
    private Sql aggregate(Field.Aggregate aggregate, String outer) {
        TableSelect select = aggregate.select();
        String row = alias();
        List<Sql> laterals = new ArrayList<>();
        List<Sql> values = new ArrayList<>();
        for (Output output : select.outputs()) {
            Field field = output.field();
            if (field instanceof Field.Nodes nodes) {
                List<Sql> nodeValues = new ArrayList<>();
                for (Output node : nodes.outputs()) {
                    nodeValues.add(value(node.field(), row, laterals));
                }
                Sql order = select.orderBy().isEmpty() ? Sql.raw("")
                        : Sql.of(Sql.raw(" ORDER BY "), orderBy(select, row, false));
                Sql capped = select.nodeLimit().isEmpty() ? Sql.raw("") : Sql.of(Sql.raw(" FILTER (WHERE "),
                        column(row, NODE_RANK), Sql.raw(" <= "), Sql.bigint(select.nodeLimit().getAsLong()), Sql.raw(")"));
                values.add(Sql.of(Sql.raw("coalesce(json_agg("), object(nodes.outputs(), nodeValues), order,
                        Sql.raw(")"), capped, Sql.raw(", '[]'::json)")));
            } else if (field instanceof Field.Aggregates aggregates) {
                values.add(aggregates(aggregates, row));
            } else if (field instanceof Field.Typename t) {
                values.add(Sql.key(t.name()));
            } else {
                throw new AssertionError(field);
            }
        }
        return Sql.of(Sql.raw("SELECT "), object(select.outputs(), values), Sql.raw(" AS value FROM "),
                base(select, aggregate.join(), outer, row, true, null), Sql.join("", laterals));
    }

    private Sql aggregates(Field.Aggregates aggregates, String row) {
        List<Sql> values = new ArrayList<>();
        for (Output output : aggregates.outputs()) {
            Field field = output.field();
            if (field instanceof Field.Count count) {
                values.add(predicates.count(count, row));
            } else if (field instanceof Field.Function function) {
                String sqlName = functionName(function.name());
                List<Sql> results = new ArrayList<>();
                for (Output column : function.outputs()) {
                    if (column.field() instanceof Field.Typename t) {
                        results.add(Sql.key(t.name()));
                        continue;
                    }
                    Field.Column c = aggregatedColumn(column.field());
                    boolean statistic = !sqlName.equals("sum") && !sqlName.equals("max") && !sqlName.equals("min");
                    // Statistics are Float in the schema: double precision, whatever the column's type.
                    Sql result = Sql.of(Sql.raw(sqlName + "("), aggregated(column.field(), row),
                            Sql.raw(statistic ? ")::float8" : ")"));
                    results.add(stringifyNumbers && (statistic || isBigNumber(c.type()))
                            ? Sql.of(result, Sql.raw("::text")) : result);
                }
                values.add(object(function.outputs(), results));
            } else if (field instanceof Field.Typename t) {
                values.add(Sql.key(t.name()));
            } else {
                throw new AssertionError(field);
            }
        }
        return object(aggregates.outputs(), values);
    }

    /** The column an aggregate function reads: a {@link Field.Column}, or one an inherited role sees in some rows. */
    private static Field.Column aggregatedColumn(Field field) {
        if (field instanceof Field.Redacted r) {
            return aggregatedColumn(r.field());
        }
        return (Field.Column) field;
    }

    /** What an aggregate function reads of a column: its value, or null where the role may not see it. */
    private Sql aggregated(Field field, String row) {
        if (field instanceof Field.Redacted r) {
            return predicates.shown(r.condition(), row, aggregated(r.field(), row));
        }
        return column(row, ((Field.Column) field).column());
    }

    /**
     * The rows a select reads: {@code (SELECT * FROM t AS _n WHERE ... ORDER BY ... LIMIT ...) AS _n}. Postgres pulls
     * such a subquery up into the statement when it neither limits nor orders, so it costs nothing to keep.
     */
    private Sql base(TableSelect select, List<Join> join, String outer, String row, boolean many, Sql fromRows) {
        List<Sql> conditions = new ArrayList<>();
        if (!join.isEmpty()) {
            conditions.add(joinCondition(join, outer, row));
        }
        if (!Conditions.isTrue(select.where())) {
            conditions.add(predicates.conjunct(select.where(), row));
        }
        List<Sql> parts = new ArrayList<>();
        Sql distinct = Sql.raw("");
        if (!select.distinctOn().isEmpty()) {
            List<Sql> keys = select.distinctOn().stream().map(k -> distinctKey(select, k, row)).toList();
            distinct = Sql.of(Sql.raw("DISTINCT ON ("), Sql.join(", ", keys), Sql.raw(") "));
        }
        // Keys beyond the row's own columns are computed once here, named, and ordered by name inside and out.
        List<Sql> computed = new ArrayList<>();
        for (int i = 0; i < select.orderBy().size(); i++) {
            OrderKey key = select.orderBy().get(i).key();
            if (!(key instanceof OrderKey.Column)) {
                computed.add(Sql.of(Sql.raw(", "), orderValue(key, row), Sql.raw(" AS "), Sql.ident(orderName(i))));
            }
        }
        if (select.nodeLimit().isPresent()) {
            // A window cannot name this select's own output columns, so computed keys are written out again.
            List<Sql> keys = new ArrayList<>();
            for (OrderBy order : select.orderBy()) {
                keys.add(Sql.of(orderValue(order.key(), row), Sql.raw((order.descending() ? " DESC" : " ASC")
                        + (order.nullsFirst() ? " NULLS FIRST" : " NULLS LAST"))));
            }
            Sql rankOrder = keys.isEmpty() ? Sql.raw("") : Sql.of(Sql.raw("ORDER BY "), Sql.join(", ", keys));
            computed.add(Sql.of(Sql.raw(", row_number() OVER ("), rankOrder, Sql.raw(") AS "), Sql.ident(NODE_RANK)));
        }
        Sql from = fromRows != null ? fromRows
                : select.source().isPresent() ? call(select.source().get(), outer) : table(select.table());
        parts.add(Sql.of(Sql.raw("(SELECT "), distinct, Sql.raw("*"), Sql.join("", computed), Sql.raw(" FROM "),
                from, Sql.raw(" AS " + row)));
        if (!conditions.isEmpty()) {
            parts.add(Sql.of(Sql.raw(" WHERE "), Sql.join(" AND ", conditions)));
        }
        // The aggregate orders what it collects; the rows are ordered here only when the order decides which ones
        // are read (a limit, an offset, DISTINCT ON, or the one row of an object): a sort saved for each parent row.
        boolean picks = !many || select.limit().isPresent() || select.offset().isPresent()
                || !select.distinctOn().isEmpty();
        if (!select.orderBy().isEmpty() && picks) {
            parts.add(Sql.of(Sql.raw(" ORDER BY "), orderBy(select, row, true)));
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

    /**
     * The ORDER BY list of a select: columns by their qualified name, computed keys by the name given in the base
     * select ({@code inner}, bare) or as a column of it (outside).
     */
    private static Sql orderBy(TableSelect select, String row, boolean inner) {
        List<Sql> keys = new ArrayList<>();
        for (int i = 0; i < select.orderBy().size(); i++) {
            OrderBy order = select.orderBy().get(i);
            Sql key;
            if (order.key() instanceof OrderKey.Column c) {
                key = column(row, c.column());
            } else {
                key = inner ? Sql.ident(orderName(i)) : column(row, orderName(i));
            }
            keys.add(Sql.of(key, Sql.raw((order.descending() ? " DESC" : " ASC")
                    + (order.nullsFirst() ? " NULLS FIRST" : " NULLS LAST"))));
        }
        return Sql.join(", ", keys);
    }

    /**
     * A {@code DISTINCT ON} key: Postgres wants the leading ORDER BY keys to be the same expressions, so a key also
     * ordered by (always, when there is an order) is named as the ORDER BY names it.
     */
    private Sql distinctKey(TableSelect select, OrderKey key, String row) {
        for (int i = 0; i < select.orderBy().size(); i++) {
            if (select.orderBy().get(i).key().equals(key) && !(key instanceof OrderKey.Column)) {
                return Sql.ident(orderName(i));
            }
        }
        return orderValue(key, row);
    }

    /** The name of a computed order key; the dot keeps it apart from any column a table can have unquoted. */
    private static String orderName(int index) {
        return "o." + index;
    }

    /** The value of an order key for the row aliased {@code row}. */
    private Sql orderValue(OrderKey key, String row) {
        if (key instanceof OrderKey.Column c) {
            return column(row, c.column());
        }
        if (key instanceof OrderKey.Redacted r) {
            return predicates.shown(r.shown(), row, orderValue(r.key(), row));
        }
        if (key instanceof OrderKey.Related r) {
            String related = alias();
            return Sql.of(Sql.raw("(SELECT "), orderValue(r.key(), related), Sql.raw(" FROM "), table(r.table()),
                    Sql.raw(" AS " + related + " WHERE "), joinCondition(r.join(), row, related),
                    permitted(r.where(), related), Sql.raw(" LIMIT 1)"));
        }
        if (key instanceof OrderKey.Computed c) {
            return call(c.call(), row);
        }
        if (key instanceof OrderKey.Aggregate a) {
            String related = alias();
            Sql value = a.column().isEmpty() ? Sql.raw("count(*)") : Sql.of(Sql.raw(functionName(a.function()) + "("),
                    predicates.operand(related, a.column().get()), Sql.raw(")"));
            Sql from = a.source().isPresent() ? call(a.source().get(), row) : table(a.table());
            List<Sql> conditions = new ArrayList<>();
            if (!a.join().isEmpty()) {
                conditions.add(joinCondition(a.join(), row, related));
            }
            if (!Conditions.isTrue(a.where())) {
                conditions.add(predicates.conjunct(a.where(), related));
            }
            Sql where = conditions.isEmpty() ? Sql.raw("")
                    : Sql.of(Sql.raw(" WHERE "), Sql.join(" AND ", conditions));
            return Sql.of(Sql.raw("(SELECT "), value, Sql.raw(" FROM "), from, Sql.raw(" AS " + related), where,
                    Sql.raw(")"));
        }
        throw new AssertionError(key);
    }

    /** {@code AND <where>} over the row aliased {@code row}, or nothing when every row may be read. */
    private Sql permitted(io.quarry.engine.plan.BoolExp where, String row) {
        return Conditions.isTrue(where) ? Sql.raw("") : Sql.of(Sql.raw(" AND "), predicates.conjunct(where, row));
    }

}
