package io.quarry.engine.model;

import io.quarry.metadata.BoolExpr;
import io.quarry.metadata.JsonValue;
import io.quarry.metadata.PermissionRule;
import io.quarry.metadata.QualifiedTable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a permission against the tables it reads before the permission is served: its columns exist, and its
 * boolean expressions ({@code filter}, {@code check}) name only columns, relationships, computed fields and operators
 * that exist. A permission that fails is reported and left out, so a query never meets it half-resolved.
 */
final class PermissionCheck {
    private final Map<QualifiedTable, TableInfo> tables;

    PermissionCheck(Map<QualifiedTable, TableInfo> tables) {
        this.tables = tables;
    }

    /** What is wrong with a table's permission rule, if anything. */
    Optional<String> problem(TableInfo table, PermissionRule rule) {
        if (rule.columns().isPresent()) {
            for (String column : rule.columns().get().names()) {
                if (table.column(column).isEmpty()) {
                    return Optional.of("\"" + column + "\" does not exist");
                }
            }
        }
        List<Optional<BoolExpr>> expressions;
        if (rule instanceof PermissionRule.Select s) {
            expressions = List.of(s.filter());
        } else if (rule instanceof PermissionRule.Insert i) {
            expressions = List.of(i.check());
        } else if (rule instanceof PermissionRule.Update u) {
            expressions = List.of(u.filter(), u.check());
        } else if (rule instanceof PermissionRule.Delete d) {
            expressions = List.of(d.filter());
        } else {
            throw new AssertionError(rule);
        }
        for (Optional<BoolExpr> exp : expressions) {
            Optional<String> problem = exp.flatMap(e -> expression(table, e));
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    /** A null operand leaves the expression unconstrained, whatever it is written under. */
    static boolean isNull(BoolExpr predicate) {
        return predicate instanceof BoolExpr.Compare c && c.bare()
                && c.operand() instanceof BoolExpr.Operand.Literal l && l.value() instanceof JsonValue.Null;
    }

    private Optional<String> expression(TableInfo table, BoolExpr exp) {
        if (exp instanceof BoolExpr.And and) {
            return first(table, and.items());
        }
        if (exp instanceof BoolExpr.Or or) {
            return first(table, or.items());
        }
        if (exp instanceof BoolExpr.Not not) {
            return expression(table, not.item());
        }
        if (exp instanceof BoolExpr.Exists exists) {
            TableInfo target = tables.get(exists.table());
            return target == null ? Optional.of("table \"" + exists.table() + "\" is not tracked")
                    : expression(target, exists.where());
        }
        if (exp instanceof BoolExpr.Field field) {
            return isNull(field.predicate()) ? Optional.empty() : field(table, field.name(), field.predicate());
        }
        if (exp instanceof BoolExpr.Compare compare) {
            return Optional.of("Unknown operator: " + compare.operator());
        }
        throw new AssertionError(exp);
    }

    private Optional<String> first(TableInfo table, List<BoolExpr> items) {
        for (BoolExpr item : items) {
            Optional<String> problem = expression(table, item);
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    private Optional<String> field(TableInfo table, String name, BoolExpr predicate) {
        if (table.column(name).isPresent() || table.columnByField(name).isPresent()) {
            return operators(predicate);
        }
        Optional<ComputedFieldInfo> computed = table.computedField(name);
        if (computed.isPresent()) {
            Optional<QualifiedTable> returns = computed.get().returnTable();
            if (returns.isPresent() && tables.containsKey(returns.get())) {
                return expression(tables.get(returns.get()), predicate);
            }
            return operators(predicate);
        }
        Optional<RelationshipInfo> relationship = table.relationship(name);
        if (relationship.isEmpty() && name.endsWith("_aggregate")) {
            // An aggregate predicate over an array relationship: the relationship must exist.
            relationship = table.relationship(name.substring(0, name.length() - "_aggregate".length()));
            if (relationship.isPresent()) {
                return Optional.empty();
            }
        }
        if (relationship.isPresent()) {
            TableInfo target = tables.get(relationship.get().target());
            return target == null ? Optional.of("table \"" + relationship.get().target() + "\" is not tracked")
                    : expression(target, predicate);
        }
        return Optional.of("\"" + name + "\" does not exist");
    }

    /** The key an expression is written under. */
    private static String key(BoolExpr exp) {
        if (exp instanceof BoolExpr.And and) {
            return and.key().orElse("_and");
        }
        if (exp instanceof BoolExpr.Or or) {
            return or.key();
        }
        if (exp instanceof BoolExpr.Not not) {
            return not.key();
        }
        if (exp instanceof BoolExpr.Exists exists) {
            return exists.key();
        }
        if (exp instanceof BoolExpr.Field field) {
            return field.name();
        }
        if (exp instanceof BoolExpr.Compare compare) {
            return compare.operator();
        }
        throw new AssertionError(exp);
    }

    /** A column's predicate: comparisons only; a key that is not an operator is reported as one. */
    private static Optional<String> operators(BoolExpr predicate) {
        if (predicate instanceof BoolExpr.Compare) {
            return Optional.empty();
        }
        if (predicate instanceof BoolExpr.And and && and.key().isEmpty()) {
            for (BoolExpr item : and.items()) {
                Optional<String> problem = operators(item);
                if (problem.isPresent()) {
                    return problem;
                }
            }
            return Optional.empty();
        }
        return Optional.of("Unknown operator: " + key(predicate));
    }
}
