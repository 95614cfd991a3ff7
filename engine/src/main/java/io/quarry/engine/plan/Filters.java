package io.quarry.engine.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.engine.error.ApiError;
import io.quarry.engine.introspect.PgType;
import io.quarry.engine.model.ColumnInfo;
import io.quarry.engine.model.ComputedFieldInfo;
import io.quarry.engine.model.RelationshipInfo;
import io.quarry.engine.model.TableInfo;
import io.quarry.engine.schema.RoleSchema;
import io.quarry.metadata.BoolExpr;
import io.quarry.metadata.MetadataJson;
import io.quarry.metadata.QualifiedTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Hasura's boolean expressions as {@link BoolExp} trees, in one of two modes. A request's {@code where} is read
 * against the role's view (GraphQL field names), and a relationship filter includes the permission of the table it
 * leads to. A permission's {@code filter} is read against the whole table (column names), its values may be session
 * variables ({@code "X-Hasura-User-Id"}), and it may use {@code _exists}: permissions arrive as typed
 * {@link BoolExpr}s, read once with the metadata, which {@link PermissionFilters} walks using the comparisons here;
 * the JSON form of that mode is left for a v1 command's {@code where}, which is written the same way.
 */
final class Filters {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PgType TEXT = PgType.builtin("text", 'S');

    private final RoleSchema schema;
    private final boolean permission;

    private Filters(RoleSchema schema, boolean permission) {
        this.schema = schema;
        this.permission = permission;
    }

    /** A request's {@code where} on {@code table}. */
    static BoolExp boolExp(RoleSchema schema, TableInfo table, Map<?, ?> exp, String path) {
        return new Filters(schema, false).expression(table, exp, path);
    }

    /** The rows of {@code table} the role may read: its permission's filter, or everything. */
    static BoolExp permissionFilter(RoleSchema schema, TableInfo table) {
        return schema.permission(table.name()).map(p -> permissionExpression(schema, table, p.filter()))
                .orElse(BoolExp.TRUE);
    }

    /**
     * A permission's boolean expression (a filter or a write permission's check) on {@code table}, compiled the first
     * time a request needs it and kept with the role's schema: later requests only bind its session variables.
     * A permission that cannot be compiled throws each time, as it did the first time.
     */
    static BoolExp permissionExpression(RoleSchema schema, TableInfo table, BoolExpr exp) {
        return schema.derived().get(new PermissionKey(table.name(), exp), BoolExp.class,
                () -> new PermissionFilters(new Filters(schema, true), schema).expression(full(schema, table), exp, "$"));
    }

    /**
     * A permission expression of a table. The expressions are those of the role's metadata version, each read once,
     * so the same instance means the same expression: compared by identity, no tree is walked to find it.
     */
    private record PermissionKey(QualifiedTable table, BoolExpr exp) {
        @Override
        public boolean equals(Object other) {
            return other instanceof PermissionKey key && key.exp == exp && key.table.equals(table);
        }

        @Override
        public int hashCode() {
            return 31 * table.hashCode() + System.identityHashCode(exp);
        }
    }

    /** A v1 command's {@code where}, spelled as permissions are ({@code $eq}, bare values). */
    static BoolExp permissionStyle(RoleSchema schema, TableInfo table, Map<?, ?> exp, String path) {
        return new Filters(schema, true).expression(table, exp, path);
    }

    /** A column preset: a value, or the session variable it names. */
    static Value presetValue(BoolExpr.Operand value) {
        if (value instanceof BoolExpr.Operand.SessionVariable variable) {
            return new Value.Session(variable.key());
        }
        if (value instanceof BoolExpr.Operand.Literal literal) {
            return new Value.Text(ParamText.of(literal.value().plain()));
        }
        throw new IllegalArgumentException("a preset is a value or a session variable: " + value);
    }

    /** Where an inherited role may see {@code field} of {@code table}, when not everywhere. */
    static Optional<BoolExp> redaction(RoleSchema schema, TableInfo table, String field) {
        return schema.permission(table.name()).map(p -> p.redactions().get(field))
                .map(filter -> permissionExpression(schema, table, filter));
    }

    private static TableInfo full(RoleSchema schema, TableInfo table) {
        return schema.model().table(table.name()).orElse(table);
    }

    private BoolExp expression(TableInfo table, Map<?, ?> exp, String path) {
        List<BoolExp> all = new ArrayList<>();
        for (Map.Entry<?, ?> e : exp.entrySet()) {
            String key = operator((String) e.getKey());
            Object value = e.getValue();
            String at = path + "." + key;
            if (value == null) {
                continue; // A null operand leaves the expression unconstrained, as in Hasura.
            }
            switch (key) {
                case "_and" -> all.add(new BoolExp.And(list(table, value, at)));
                case "_or" -> all.add(new BoolExp.Or(list(table, value, at)));
                case "_not" -> all.add(new BoolExp.Not(expression(table, (Map<?, ?>) value, at)));
                case "_exists" -> all.add(exists((Map<?, ?>) value, at));
                // A bare value is shorthand for _eq.
                default -> all.add(fieldExp(table, key, value instanceof Map<?, ?> m ? m : Map.of("_eq", value), at));
            }
        }
        return all.size() == 1 ? all.get(0) : new BoolExp.And(all);
    }

    private List<BoolExp> list(TableInfo table, Object value, String path) {
        List<?> items = value instanceof List<?> l ? l : List.of(value);
        List<BoolExp> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            out.add(expression(table, (Map<?, ?>) items.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    /** Permissions may spell operators with {@code $} ({@code $eq}, {@code $and}) as well as {@code _}. */
    private String operator(String key) {
        return permission && key.startsWith("$") ? "_" + key.substring(1) : key;
    }

    /** {@code _exists: {_table, _where}}: some row of any tracked table matches, unrelated to the current row. */
    private BoolExp exists(Map<?, ?> value, String path) {
        if (!permission) {
            throw ApiError.validation(path, "field '_exists' not found in boolean expression");
        }
        QualifiedTable name = MetadataJson.readTable(JSON.valueToTree(value.get("_table")), path + "._table");
        TableInfo table = schema.model().table(name).orElseThrow(() -> ApiError.validation(path,
                "table \"" + name + "\" is not tracked"));
        Map<?, ?> where = value.get("_where") instanceof Map<?, ?> w ? w : Map.of();
        return new BoolExp.Exists(table, List.of(), expression(table, where, path + "._where"), Optional.empty());
    }

    private Optional<ColumnInfo> column(TableInfo table, String key) {
        return permission ? table.column(key).or(() -> table.columnByField(key)) : table.columnByField(key);
    }

    private Optional<TableInfo> target(RelationshipInfo rel) {
        return permission ? schema.model().table(rel.target()) : schema.target(rel);
    }

    private BoolExp fieldExp(TableInfo table, String field, Map<?, ?> value, String path) {
        var column = column(table, field);
        if (column.isPresent()) {
            String name = column.get().name();
            return comparison(seen(table, name, new Operand.Column(name)), column.get().type(), value, path);
        }
        var computed = table.computedField(field).filter(c -> !c.hasArguments());
        if (computed.isPresent()) {
            ComputedFieldInfo c = computed.get();
            FunctionCall call = Planner.rowCall(c, table);
            if (c.isScalar()) {
                return comparison(seen(table, field, new Operand.Call(call)), c.function().returnType(), value, path);
            }
            TableInfo target = permission ? schema.model().table(c.returnTable().orElseThrow()).orElseThrow()
                    : schema.tablesByName().get(c.returnTable().orElseThrow());
            return new BoolExp.Exists(target, List.of(), withPermission(target, expression(target, value, path)),
                    Optional.of(call));
        }
        if (field.endsWith("_aggregate") && table.relationship(field).isEmpty()) {
            return aggregatePredicate(table, field, value, path);
        }
        RelationshipInfo rel = table.relationship(field).orElseThrow(() -> ApiError.validation(path,
                "field '" + field + "' not found in type: '" + table.typeName() + "_bool_exp'"));
        TableInfo target = target(rel).orElseThrow(() -> ApiError.validation(path,
                "field '" + field + "' not found in type: '" + table.typeName() + "_bool_exp'"));
        return new BoolExp.Exists(target, Planner.joins(rel), withPermission(target, expression(target, value, path)),
                Optional.empty());
    }

    /**
     * A request's filter compares what the role sees: a value an inherited role sees in some rows only is null in the
     * others (Hasura's "filtering by column is applied against redacted column value"). A permission sees it all.
     */
    private Operand seen(TableInfo table, String field, Operand value) {
        return permission ? value : new Redactions(schema).operand(table, field, value);
    }

    /** A request's filter through a relationship sees only the rows the role may read there. */
    private BoolExp withPermission(TableInfo target, BoolExp where) {
        if (permission) {
            return where;
        }
        BoolExp allowed = permissionFilter(schema, target);
        return allowed == BoolExp.TRUE ? where : new BoolExp.And(List.of(allowed, where));
    }

    /** {@code <rel>_aggregate: {count: {predicate, filter, arguments, distinct}}}. */
    BoolExp aggregatePredicate(TableInfo table, String field, Map<?, ?> value, String path) {
        String relName = field.substring(0, field.length() - "_aggregate".length());
        RelationshipInfo rel = table.relationship(relName).orElseThrow(() -> ApiError.validation(path,
                "field '" + field + "' not found in type: '" + table.typeName() + "_bool_exp'"));
        TableInfo target = target(rel).orElseThrow();
        Map<?, ?> count = (Map<?, ?>) value.get("count");
        if (count == null) {
            return BoolExp.TRUE;
        }
        BoolExp filter = withPermission(target, count.get("filter") instanceof Map<?, ?> f
                ? expression(target, f, path + ".count.filter") : BoolExp.TRUE);
        List<Operand> columns = count.get("arguments") instanceof List<?> args ? args.stream()
                .map(a -> target.columnByField(a.toString()).orElseThrow().name())
                .map(c -> seen(target, c, new Operand.Column(c))).toList() : List.of();
        boolean distinct = Boolean.TRUE.equals(count.get("distinct"));
        List<BoolExp> all = new ArrayList<>();
        if (!(count.get("predicate") instanceof Map<?, ?> predicate)) {
            throw ApiError.validation(path + ".count", "missing required field 'predicate'");
        }
        predicate.forEach((op, operand) -> {
            if (operand != null) {
                all.add(new BoolExp.CountCompare(target, Planner.joins(rel), filter, columns, distinct,
                        countOp((String) op, path), new Value.Text(ParamText.of(operand))));
            }
        });
        return all.size() == 1 ? all.get(0) : new BoolExp.And(all);
    }

    private static BoolExp.CompareOp countOp(String op, String path) {
        return switch (op) {
            case "_eq" -> BoolExp.CompareOp.EQ;
            case "_neq" -> BoolExp.CompareOp.NEQ;
            case "_gt" -> BoolExp.CompareOp.GT;
            case "_gte" -> BoolExp.CompareOp.GTE;
            case "_lt" -> BoolExp.CompareOp.LT;
            case "_lte" -> BoolExp.CompareOp.LTE;
            default -> throw ApiError.validation(path + ".count.predicate." + op,
                    "operator '" + op + "' is not supported in aggregate predicates");
        };
    }

    private BoolExp comparison(Operand column, PgType type, Map<?, ?> ops, String path) {
        List<BoolExp> all = new ArrayList<>();
        for (Map.Entry<?, ?> e : ops.entrySet()) {
            Object operand = e.getValue();
            if (operand == null) {
                continue;
            }
            String op = operator((String) e.getKey());
            all.add(op.equals("_cast") ? cast(column, (Map<?, ?>) operand, path + "._cast")
                    : comparison(column, type, op, operand, path));
        }
        return all.size() == 1 ? all.get(0) : new BoolExp.And(all);
    }

    /**
     * One comparison, {@code op} spelled with {@code _} ({@code _cast} aside): {@code operand} is a plain value, or
     * in a permission a {@link BoolExpr.Operand.SessionVariable}.
     */
    BoolExp comparison(Operand column, PgType type, String op, Object operand, String path) {
        return switch (op) {
        case "_eq" -> compare(column, type, BoolExp.CompareOp.EQ, operand);
        case "_neq" -> compare(column, type, BoolExp.CompareOp.NEQ, operand);
        case "_gt" -> compare(column, type, BoolExp.CompareOp.GT, operand);
        case "_gte" -> compare(column, type, BoolExp.CompareOp.GTE, operand);
        case "_lt" -> compare(column, type, BoolExp.CompareOp.LT, operand);
        case "_lte" -> compare(column, type, BoolExp.CompareOp.LTE, operand);
        case "_like" -> compare(column, type, BoolExp.CompareOp.LIKE, operand);
        case "_nlike" -> compare(column, type, BoolExp.CompareOp.NLIKE, operand);
        case "_ilike" -> compare(column, type, BoolExp.CompareOp.ILIKE, operand);
        case "_nilike" -> compare(column, type, BoolExp.CompareOp.NILIKE, operand);
        case "_similar" -> compare(column, type, BoolExp.CompareOp.SIMILAR, operand);
        case "_nsimilar" -> compare(column, type, BoolExp.CompareOp.NSIMILAR, operand);
        case "_regex" -> compare(column, type, BoolExp.CompareOp.REGEX, operand);
        case "_nregex" -> compare(column, type, BoolExp.CompareOp.NREGEX, operand);
        case "_iregex" -> compare(column, type, BoolExp.CompareOp.IREGEX, operand);
        case "_niregex" -> compare(column, type, BoolExp.CompareOp.NIREGEX, operand);
        case "_contains" -> compare(column, type, BoolExp.CompareOp.CONTAINS, operand);
        case "_contained_in" -> compare(column, type, BoolExp.CompareOp.CONTAINED_IN, operand);
        case "_has_key" -> new BoolExp.Compare(column, TEXT, BoolExp.CompareOp.HAS_KEY, value(operand, false));
        case "_has_keys_any", "_has_keys_all" -> new BoolExp.HasKeys(column, op.equals("_has_keys_all"),
                values(operand));
        case "_ceq", "_cne", "_cgt", "_cgte", "_clt", "_clte" -> columnCompare(op, column, type, operand, path);
        case "_st_contains" -> spatial(column, type, BoolExp.SpatialOp.CONTAINS, operand);
        case "_st_crosses" -> spatial(column, type, BoolExp.SpatialOp.CROSSES, operand);
        case "_st_equals" -> spatial(column, type, BoolExp.SpatialOp.EQUALS, operand);
        case "_st_intersects" -> spatial(column, type, BoolExp.SpatialOp.INTERSECTS, operand);
        case "_st_overlaps" -> spatial(column, type, BoolExp.SpatialOp.OVERLAPS, operand);
        case "_st_touches" -> spatial(column, type, BoolExp.SpatialOp.TOUCHES, operand);
        case "_st_within" -> spatial(column, type, BoolExp.SpatialOp.WITHIN, operand);
        case "_st_d_within" -> {
            Map<?, ?> within = (Map<?, ?>) operand;
            yield new BoolExp.Spatial(column, type, BoolExp.SpatialOp.D_WITHIN, value(within.get("from"), true),
                    Optional.of(value(within.get("distance"), false)));
        }
        case "_in" -> in(column, type, false, operand);
        case "_nin" -> in(column, type, true, operand);
        case "_is_null" -> {
            if (!(operand instanceof Boolean isNull)) {
                throw ApiError.validation(path + "._is_null", "expected a boolean for _is_null");
            }
            yield new BoolExp.IsNull(column, isNull);
        }
        default -> throw ApiError.validation(path + "." + op,
                "field '" + op + "' not found in comparison expression");
        };
    }

    private BoolExp compare(Operand column, PgType type, BoolExp.CompareOp op, Object operand) {
        return new BoolExp.Compare(column, type, op, value(operand, isJson(type)));
    }

    /**
     * {@code _cast: {String: {...}}}: comparisons on the value cast to another type (text, so far). Permissions and
     * v1 commands name the Postgres type ({@code text}) where GraphQL names the scalar.
     */
    private BoolExp cast(Operand column, Map<?, ?> casts, String path) {
        List<BoolExp> all = new ArrayList<>();
        casts.forEach((target, ops) -> {
            if (!"String".equals(target) && !(permission && "text".equals(target))) {
                throw ApiError.validation(path + "." + target, "cannot cast to '" + target + "'");
            }
            all.add(comparison(new Operand.Cast(column, TEXT), TEXT, (Map<?, ?>) ops, path + "." + target));
        });
        return all.size() == 1 ? all.get(0) : new BoolExp.And(all);
    }

    private BoolExp spatial(Operand column, PgType type, BoolExp.SpatialOp op, Object shape) {
        return new BoolExp.Spatial(column, type, op, value(shape, true), Optional.empty());
    }

    /** Comparison with another column of the row: {@code {"_cgt": "reserve_price"}}. */
    private BoolExp columnCompare(String op, Operand column, PgType type, Object other, String path) {
        BoolExp.CompareOp compare = switch (op) {
            case "_ceq" -> BoolExp.CompareOp.EQ;
            case "_cne" -> BoolExp.CompareOp.NEQ;
            case "_cgt" -> BoolExp.CompareOp.GT;
            case "_cgte" -> BoolExp.CompareOp.GTE;
            case "_clt" -> BoolExp.CompareOp.LT;
            default -> BoolExp.CompareOp.LTE;
        };
        if (!(other instanceof String name)) {
            throw ApiError.validation(path + "." + op, "expected a column name");
        }
        return new BoolExp.Compare(column, type, compare, new Value.Column(name));
    }

    /** An operand's value: in a permission, a string naming a session variable is that variable. */
    private Value value(Object operand, boolean json) {
        if (operand instanceof BoolExpr.Operand.SessionVariable variable) {
            return new Value.Session(variable.key());
        }
        if (permission && operand instanceof String s && BoolExpr.Operand.SessionVariable.is(s)) {
            return new Value.Session(s.toLowerCase(Locale.ROOT));
        }
        return new Value.Text(json ? ParamText.json(operand) : ParamText.of(operand));
    }

    /** A json or jsonb value is JSON whatever its shape: the GraphQL string "a" is the JSON string "a". */
    private static boolean isJson(PgType type) {
        String name = type.underlying().name().name();
        return "pg_catalog".equals(type.underlying().name().schema()) && (name.equals("json") || name.equals("jsonb"));
    }


    private BoolExp in(Operand column, PgType type, boolean negated, Object operand) {
        return new BoolExp.In(column, type, negated, values(operand));
    }

    /** A list operand: its items, or in a permission a session variable holding a Postgres array literal. */
    private Value values(Object operand) {
        if (operand instanceof BoolExpr.Operand.SessionVariable variable) {
            return new Value.Session(variable.key());
        }
        if (permission && operand instanceof String s && BoolExpr.Operand.SessionVariable.is(s)) {
            return new Value.Session(s.toLowerCase(Locale.ROOT));
        }
        List<?> items = operand instanceof List<?> l ? l : List.of(operand);
        return new Value.Texts(items.stream().map(ParamText::of).toList());
    }

    /** The row of {@code table} whose primary key columns equal {@code values} (by GraphQL field name). */
    static BoolExp primaryKey(TableInfo table, Map<?, ?> values) {
        List<BoolExp> keys = new ArrayList<>();
        for (ColumnInfo column : table.primaryKey().orElseThrow()) {
            keys.add(new BoolExp.Compare(new Operand.Column(column.name()), column.type(), BoolExp.CompareOp.EQ,
                    new Value.Text(ParamText.of(values.get(column.field())))));
        }
        return new BoolExp.And(keys);
    }
}
