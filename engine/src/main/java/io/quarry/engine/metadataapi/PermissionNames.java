package io.quarry.engine.metadataapi;

import io.quarry.metadata.BoolExpr;
import io.quarry.metadata.Columns;
import io.quarry.metadata.PermissionRule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The names of a table's own fields in its permission rules: finding them (for dependencies) and renaming them. */
final class PermissionNames {
    private PermissionNames() {
    }

    /** Whether a rule names {@code field}: among its computed fields or presets, or in its boolean expressions. */
    static boolean names(PermissionRule rule, String field) {
        if (rule instanceof PermissionRule.Select s) {
            return s.computedFields().contains(field) || names(s.filter(), field);
        }
        if (rule instanceof PermissionRule.Insert i) {
            return i.set().containsKey(field) || names(i.check(), field);
        }
        if (rule instanceof PermissionRule.Update u) {
            return u.set().containsKey(field) || names(u.filter(), field) || names(u.check(), field);
        }
        if (rule instanceof PermissionRule.Delete d) {
            return names(d.filter(), field);
        }
        throw new AssertionError(rule);
    }

    private static boolean names(Optional<BoolExpr> exp, String field) {
        return exp.filter(e -> names(e, field)).isPresent();
    }

    private static boolean names(BoolExpr exp, String field) {
        if (exp instanceof BoolExpr.And and) {
            return and.items().stream().anyMatch(i -> names(i, field));
        }
        if (exp instanceof BoolExpr.Or or) {
            return or.items().stream().anyMatch(i -> names(i, field));
        }
        if (exp instanceof BoolExpr.Not not) {
            return names(not.item(), field);
        }
        if (exp instanceof BoolExpr.Exists exists) {
            return names(exists.where(), field);
        }
        if (exp instanceof BoolExpr.Field f) {
            return f.name().equals(field) || names(f.predicate(), field);
        }
        return false;
    }

    /**
     * The rule with the table's columns renamed ({@code names}: old to new) where it names them itself: its columns,
     * presets, and the fields its expressions test on the table (not those of tables they lead to).
     */
    static PermissionRule renameColumns(PermissionRule rule, Map<String, String> names) {
        if (rule instanceof PermissionRule.Select s) {
            return new PermissionRule.Select(columns(s.columns(), names), s.computedFields(), rename(s.filter(), names),
                    s.limit(), s.allowAggregations(), s.queryRootFields(), s.subscriptionRootFields(), s.other(),
                    s.keys());
        }
        if (rule instanceof PermissionRule.Insert i) {
            return new PermissionRule.Insert(rename(i.check(), names), set(i.set(), names), columns(i.columns(), names),
                    i.backendOnly(), i.other(), i.keys());
        }
        if (rule instanceof PermissionRule.Update u) {
            return new PermissionRule.Update(columns(u.columns(), names), rename(u.filter(), names),
                    rename(u.check(), names), set(u.set(), names), u.backendOnly(), u.other(), u.keys());
        }
        if (rule instanceof PermissionRule.Delete d) {
            return new PermissionRule.Delete(rename(d.filter(), names), d.backendOnly(), d.other(), d.keys());
        }
        throw new AssertionError(rule);
    }

    private static Optional<Columns> columns(Optional<Columns> columns, Map<String, String> names) {
        return columns.map(c -> c.all() ? c : Columns.of(c.names().stream().map(n -> names.getOrDefault(n, n)).toList()));
    }

    private static Map<String, BoolExpr.Operand> set(Map<String, BoolExpr.Operand> set, Map<String, String> names) {
        Map<String, BoolExpr.Operand> out = new LinkedHashMap<>();
        set.forEach((column, value) -> out.put(names.getOrDefault(column, column), value));
        return out;
    }

    private static Optional<BoolExpr> rename(Optional<BoolExpr> exp, Map<String, String> names) {
        return exp.map(e -> rename(e, names));
    }

    private static BoolExpr rename(BoolExpr exp, Map<String, String> names) {
        if (exp instanceof BoolExpr.And and) {
            return new BoolExpr.And(rename(and.items(), names), and.key());
        }
        if (exp instanceof BoolExpr.Or or) {
            return new BoolExpr.Or(rename(or.items(), names), or.key());
        }
        if (exp instanceof BoolExpr.Not not) {
            return new BoolExpr.Not(rename(not.item(), names), not.key());
        }
        if (exp instanceof BoolExpr.Field f) {
            return new BoolExpr.Field(names.getOrDefault(f.name(), f.name()), f.predicate());
        }
        return exp; // _exists and comparisons name other tables' columns, or none.
    }

    private static List<BoolExpr> rename(List<BoolExpr> items, Map<String, String> names) {
        return items.stream().map(i -> rename(i, names)).toList();
    }
}
