package io.quarry.engine.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.engine.error.ApiError;
import io.quarry.engine.introspect.PgType;
import io.quarry.engine.model.ColumnInfo;
import io.quarry.engine.model.ComputedFieldInfo;
import io.quarry.engine.model.RelationshipInfo;
import io.quarry.engine.model.TableInfo;
import io.quarry.engine.schema.RoleSchema;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Hasura's boolean expressions ({@code <table>_bool_exp} values) as {@link BoolExp} trees. */
final class Filters {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PgType TEXT = PgType.builtin("text", 'S');

    private Filters() {
    }

    static BoolExp boolExp(RoleSchema schema, TableInfo table, Map<?, ?> exp, String path) {
        List<BoolExp> all = new ArrayList<>();
        for (Map.Entry<?, ?> e : exp.entrySet()) {
            String key = (String) e.getKey();
            Object value = e.getValue();
            String at = path + "." + key;
            if (value == null) {
                continue; // A null operand leaves the expression unconstrained, as in Hasura.
            }
            switch (key) {
                case "_and" -> all.add(new BoolExp.And(list(schema, table, value, at)));
                case "_or" -> all.add(new BoolExp.Or(list(schema, table, value, at)));
                case "_not" -> all.add(new BoolExp.Not(boolExp(schema, table, (Map<?, ?>) value, at)));
                default -> all.add(fieldExp(schema, table, key, (Map<?, ?>) value, at));
            }
        }
        return all.size() == 1 ? all.get(0) : new BoolExp.And(all);
    }

    private static List<BoolExp> list(RoleSchema schema, TableInfo table, Object value, String path) {
        List<?> items = value instanceof List<?> l ? l : List.of(value);
        List<BoolExp> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            out.add(boolExp(schema, table, (Map<?, ?>) items.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    private static BoolExp fieldExp(RoleSchema schema, TableInfo table, String field, Map<?, ?> value, String path) {
        var column = table.columnByField(field);
        if (column.isPresent()) {
            return comparison(new Operand.Column(column.get().name()), column.get().type(), value, path);
        }
        var computed = table.computedField(field).filter(c -> !c.hasArguments());
        if (computed.isPresent()) {
            ComputedFieldInfo c = computed.get();
            FunctionCall call = Planner.rowCall(c, table);
            if (c.isScalar()) {
                return comparison(new Operand.Call(call), c.function().returnType(), value, path);
            }
            TableInfo target = schema.tablesByName().get(c.returnTable().orElseThrow());
            return new BoolExp.Exists(target, List.of(), boolExp(schema, target, value, path), Optional.of(call));
        }
        if (field.endsWith("_aggregate") && table.relationship(field).isEmpty()) {
            return aggregatePredicate(schema, table, field, value, path);
        }
        RelationshipInfo rel = table.relationship(field).orElseThrow(() -> ApiError.validation(path,
                "field '" + field + "' not found in type: '" + table.typeName() + "_bool_exp'"));
        TableInfo target = schema.target(rel).orElseThrow(() -> ApiError.validation(path,
                "field '" + field + "' not found in type: '" + table.typeName() + "_bool_exp'"));
        return new BoolExp.Exists(target, Planner.joins(rel), boolExp(schema, target, value, path), Optional.empty());
    }

    /** {@code <rel>_aggregate: {count: {predicate, filter, arguments, distinct}}}. */
    private static BoolExp aggregatePredicate(RoleSchema schema, TableInfo table, String field, Map<?, ?> value,
            String path) {
        String relName = field.substring(0, field.length() - "_aggregate".length());
        RelationshipInfo rel = table.relationship(relName).orElseThrow(() -> ApiError.validation(path,
                "field '" + field + "' not found in type: '" + table.typeName() + "_bool_exp'"));
        TableInfo target = schema.target(rel).orElseThrow();
        Map<?, ?> count = (Map<?, ?>) value.get("count");
        if (count == null) {
            return BoolExp.TRUE;
        }
        BoolExp filter = count.get("filter") instanceof Map<?, ?> f
                ? boolExp(schema, target, f, path + ".count.filter") : BoolExp.TRUE;
        List<String> columns = count.get("arguments") instanceof List<?> args
                ? args.stream().map(a -> target.columnByField(a.toString()).orElseThrow().name()).toList() : List.of();
        boolean distinct = Boolean.TRUE.equals(count.get("distinct"));
        List<BoolExp> all = new ArrayList<>();
        ((Map<?, ?>) count.get("predicate")).forEach((op, operand) -> {
            if (operand != null) {
                all.add(new BoolExp.CountCompare(target, Planner.joins(rel), filter, columns, distinct,
                        countOp((String) op, path), text(operand)));
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

    private static BoolExp comparison(Operand column, PgType type, Map<?, ?> ops, String path) {
        List<BoolExp> all = new ArrayList<>();
        for (Map.Entry<?, ?> e : ops.entrySet()) {
            Object operand = e.getValue();
            if (operand == null) {
                continue;
            }
            String op = (String) e.getKey();
            BoolExp exp = switch (op) {
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
                case "_has_key" -> new BoolExp.Compare(column, TEXT, BoolExp.CompareOp.HAS_KEY, text(operand));
                case "_has_keys_any", "_has_keys_all" -> new BoolExp.HasKeys(column, op.equals("_has_keys_all"),
                        ((List<?>) operand).stream().map(Filters::text).toList());
                case "_in" -> in(column, type, false, operand);
                case "_nin" -> in(column, type, true, operand);
                case "_is_null" -> new BoolExp.IsNull(column, (Boolean) operand);
                default -> throw ApiError.validation(path + "." + op,
                        "field '" + op + "' not found in comparison expression");
            };
            all.add(exp);
        }
        return all.size() == 1 ? all.get(0) : new BoolExp.And(all);
    }

    private static BoolExp compare(Operand column, PgType type, BoolExp.CompareOp op, Object operand) {
        return new BoolExp.Compare(column, type, op, isJson(type) ? json(operand) : text(operand));
    }

    /** A json or jsonb value is JSON whatever its shape: the GraphQL string "a" is the JSON string "a". */
    private static boolean isJson(PgType type) {
        String name = type.underlying().name().name();
        return "pg_catalog".equals(type.underlying().name().schema()) && (name.equals("json") || name.equals("jsonb"));
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("value cannot be written as JSON", e);
        }
    }

    private static BoolExp in(Operand column, PgType type, boolean negated, Object operand) {
        List<?> items = operand instanceof List<?> l ? l : List.of(operand);
        return new BoolExp.In(column, type, negated, items.stream().map(Filters::text).toList());
    }

    /** A coerced GraphQL value as the text Postgres parses: JSON for lists and objects. */
    static String text(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return json(value);
    }
}
