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
import io.quarry.metadata.JsonValue;
import io.quarry.metadata.MetadataJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A permission's boolean expression, read once with the metadata into a {@link BoolExpr}, as the plan's
 * {@link BoolExp}: a walk over records, with nothing parsed. Names are the table's column names (not GraphQL field
 * names), session variables stay variables, and a relationship leads to every row of its table (the permission
 * sees it all). The comparisons themselves are {@link Filters}', so a permission and a request's {@code where}
 * compare alike.
 */
final class PermissionFilters {
    private static final PgType TEXT = PgType.builtin("text", 'S');
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Filters filters;
    private final RoleSchema schema;

    PermissionFilters(Filters filters, RoleSchema schema) {
        this.filters = filters;
        this.schema = schema;
    }

    /** The expression as an object's keys taken together, as Hasura reads it: one key is itself, more are ANDed. */
    BoolExp expression(TableInfo table, BoolExpr exp, String path) {
        List<BoolExpr> keys = exp instanceof BoolExpr.And and && and.key().isEmpty() ? and.items() : List.of(exp);
        List<BoolExp> all = new ArrayList<>();
        for (BoolExpr key : keys) {
            if (key instanceof BoolExpr.Field field && isNull(field.predicate())) {
                continue; // A null operand leaves the expression unconstrained, as in Hasura.
            }
            all.add(key(table, key, path));
        }
        return all.size() == 1 ? all.get(0) : new BoolExp.And(all);
    }

    private BoolExp key(TableInfo table, BoolExpr exp, String path) {
        if (exp instanceof BoolExpr.And and) {
            return new BoolExp.And(list(table, and.items(), path + "._and"));
        }
        if (exp instanceof BoolExpr.Or or) {
            return new BoolExp.Or(list(table, or.items(), path + "._or"));
        }
        if (exp instanceof BoolExpr.Not not) {
            return new BoolExp.Not(expression(table, not.item(), path + "._not"));
        }
        if (exp instanceof BoolExpr.Exists exists) {
            String at = path + "._exists";
            TableInfo target = schema.model().table(exists.table()).orElseThrow(() -> ApiError.validation(at,
                    "table \"" + exists.table() + "\" is not tracked"));
            return new BoolExp.Exists(target, List.of(), expression(target, exists.where(), at + "._where"),
                    Optional.empty());
        }
        if (exp instanceof BoolExpr.Field field) {
            return field(table, field.name(), field.predicate(), path + "." + field.name());
        }
        if (exp instanceof BoolExpr.Compare compare) {
            throw ApiError.validation(path + "." + compare.operator(), "an operator needs a column");
        }
        throw new AssertionError(exp);
    }

    private List<BoolExp> list(TableInfo table, List<BoolExpr> items, String path) {
        List<BoolExp> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            out.add(expression(table, items.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    private BoolExp field(TableInfo table, String field, BoolExpr predicate, String path) {
        Optional<ColumnInfo> column = table.column(field).or(() -> table.columnByField(field));
        if (column.isPresent()) {
            String name = column.get().name();
            return comparisons(new Operand.Column(name), column.get().type(), predicate, path);
        }
        Optional<ComputedFieldInfo> computed = table.computedField(field).filter(c -> !c.hasArguments());
        if (computed.isPresent()) {
            ComputedFieldInfo c = computed.get();
            FunctionCall call = Planner.rowCall(c, table);
            if (c.isScalar()) {
                return comparisons(new Operand.Call(call), c.function().returnType(), predicate, path);
            }
            TableInfo target = schema.model().table(c.returnTable().orElseThrow()).orElseThrow();
            return new BoolExp.Exists(target, List.of(), expression(target, predicate, path), Optional.of(call));
        }
        if (field.endsWith("_aggregate") && table.relationship(field).isEmpty()) {
            // Aggregate predicates in permissions are rare; their shape is read the way a request's is.
            Map<?, ?> value = JSON.convertValue(MetadataJson.writeBoolExpr(predicate), Map.class);
            return filters.aggregatePredicate(table, field, value, path);
        }
        RelationshipInfo rel = table.relationship(field).orElseThrow(() -> ApiError.validation(path,
                "field '" + field + "' not found in type: '" + table.typeName() + "_bool_exp'"));
        TableInfo target = schema.model().table(rel.target()).orElseThrow(() -> ApiError.validation(path,
                "field '" + field + "' not found in type: '" + table.typeName() + "_bool_exp'"));
        return new BoolExp.Exists(target, Planner.joins(rel), expression(target, predicate, path), Optional.empty());
    }

    /** A column's comparisons: one, or several ANDed ({@code {}} compares nothing). */
    private BoolExp comparisons(Operand column, PgType type, BoolExpr predicate, String path) {
        List<BoolExpr> compares = predicate instanceof BoolExpr.And and && and.key().isEmpty() ? and.items()
                : List.of(predicate);
        List<BoolExp> all = new ArrayList<>();
        for (BoolExpr item : compares) {
            if (!(item instanceof BoolExpr.Compare compare)) {
                String key = item instanceof BoolExpr.Field f ? f.name() : "_and";
                throw ApiError.validation(path + "." + key, "field '" + key + "' not found in comparison expression");
            }
            BoolExpr.Operand operand = compare.operand();
            if (operand instanceof BoolExpr.Operand.Literal literal && literal.value() instanceof JsonValue.Null) {
                continue;
            }
            String op = compare.op();
            if (operand instanceof BoolExpr.Operand.Cast cast) {
                all.add(cast(column, cast, path + "._cast"));
            } else {
                all.add(filters.comparison(column, type, op, plain(operand), path));
            }
        }
        return all.size() == 1 ? all.get(0) : new BoolExp.And(all);
    }

    /** {@code _cast: {text: {...}}}: comparisons on the value cast to text. */
    private BoolExp cast(Operand column, BoolExpr.Operand.Cast cast, String path) {
        List<BoolExp> all = new ArrayList<>();
        cast.casts().forEach((target, predicate) -> {
            if (!"String".equals(target) && !"text".equals(target)) {
                throw ApiError.validation(path + "." + target, "cannot cast to '" + target + "'");
            }
            all.add(comparisons(new Operand.Cast(column, TEXT), TEXT, predicate, path + "." + target));
        });
        return all.size() == 1 ? all.get(0) : new BoolExp.And(all);
    }

    /** An operand as {@link Filters} compares it: a plain value, a column's name, or the session variable itself. */
    private static Object plain(BoolExpr.Operand operand) {
        if (operand instanceof BoolExpr.Operand.Literal literal) {
            return literal.value().plain();
        }
        if (operand instanceof BoolExpr.Operand.SessionVariable) {
            return operand;
        }
        if (operand instanceof BoolExpr.Operand.ColumnRef ref) {
            return ref.bare() ? ref.path().get(0) : ref.path();
        }
        throw new AssertionError(operand);
    }

    private static boolean isNull(BoolExpr predicate) {
        return predicate instanceof BoolExpr.Compare c && c.bare()
                && c.operand() instanceof BoolExpr.Operand.Literal l && l.value() instanceof JsonValue.Null;
    }
}
