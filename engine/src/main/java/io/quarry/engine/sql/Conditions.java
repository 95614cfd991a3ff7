package io.quarry.engine.sql;

import io.quarry.engine.introspect.PgType;
import io.quarry.engine.plan.BoolExp;
import io.quarry.engine.plan.Field;
import io.quarry.engine.plan.Operand;
import java.util.ArrayList;
import java.util.List;

import static io.quarry.engine.sql.Fragments.call;
import static io.quarry.engine.sql.Fragments.joinCondition;
import static io.quarry.engine.sql.Fragments.table;
import static io.quarry.engine.sql.Fragments.value;

/** Boolean expressions ({@link BoolExp}) as SQL conditions over a row alias. */
final class Conditions {
    private final Aliases aliases;

    Conditions(Aliases aliases) {
        this.aliases = aliases;
    }

    private String alias() {
        return aliases.next();
    }

    static boolean isTrue(BoolExp exp) {
        return exp instanceof BoolExp.And and && and.operands().isEmpty();
    }

    /**
     * A value of the row aliased {@code row}; a redacted one is {@code CASE WHEN <shown> THEN <value> ELSE NULL END},
     * so whatever reads it (a comparison, an aggregate, an ordering) reads null where the role may not see it.
     */
    Sql operand(String row, Operand operand) {
        if (operand instanceof Operand.Redacted r) {
            return shown(r.shown(), row, operand(row, r.operand()));
        }
        if (operand instanceof Operand.Cast c) {
            return Sql.of(Sql.raw("("), operand(row, c.operand()), Sql.raw(")::"), Sql.type(c.type()));
        }
        return Fragments.operand(row, operand);
    }

    /** {@code value} where {@code shown} holds for the row aliased {@code row}, null elsewhere. */
    Sql shown(BoolExp shown, String row, Sql value) {
        return Sql.of(Sql.raw("CASE WHEN "), condition(shown, row), Sql.raw(" THEN "), value,
                Sql.raw(" ELSE NULL END"));
    }

    /** {@code count(*)}, or of the rows where the columns are not null (distinct ones if asked). */
    Sql count(Field.Count count, String row) {
        if (count.columns().isEmpty()) {
            return Sql.raw("count(*)");
        }
        List<Sql> columns = count.columns().stream().map(c -> operand(row, c)).toList();
        Sql counted = columns.size() == 1 ? columns.get(0) : Sql.of(Sql.raw("("), Sql.join(", ", columns), Sql.raw(")"));
        return Sql.of(Sql.raw(count.distinct() ? "count(DISTINCT " : "count("), counted, Sql.raw(")"));
    }

    /** A boolean SQL expression over the row aliased {@code row}. */
    Sql condition(BoolExp exp, String row) {
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
            return Sql.of(operand(row, c.operand()), Sql.raw(" " + c.op().sql() + " "),
                    value(c.value(), c.type(), false, row));
        }
        if (exp instanceof BoolExp.In in) {
            return Sql.of(operand(row, in.operand()), Sql.raw(in.negated() ? " <> ALL(" : " = ANY("),
                    value(in.values(), in.type(), true), Sql.raw(")"));
        }
        if (exp instanceof BoolExp.CountCompare c) {
            String inner = alias();
            List<Sql> conditions = new ArrayList<>();
            conditions.add(joinCondition(c.join(), row, inner));
            if (!isTrue(c.filter())) {
                conditions.add(conjunct(c.filter(), inner));
            }
            return Sql.of(Sql.raw("(SELECT "), count(new Field.Count(c.columns(), c.distinct()), inner),
                    Sql.raw(" FROM "), table(c.table()), Sql.raw(" AS " + inner + " WHERE "),
                    Sql.join(" AND ", conditions), Sql.raw(") " + c.op().sql() + " "),
                    value(c.value(), PgType.builtin("int8", 'N'), false));
        }
        if (exp instanceof BoolExp.Spatial sp) {
            Sql shape = Fragments.fromGeoJson(value(sp.shape(), PgType.builtin("text", 'S'), false), sp.type());
            Sql distance = sp.distance().isPresent()
                    ? Sql.of(Sql.raw(", "), value(sp.distance().get(), PgType.builtin("float8", 'N'), false))
                    : Sql.raw("");
            return Sql.of(Sql.raw(sp.op().function() + "("), operand(row, sp.operand()), Sql.raw(", "), shape, distance,
                    Sql.raw(")"));
        }
        if (exp instanceof BoolExp.HasKeys k) {
            return Sql.of(operand(row, k.operand()), Sql.raw(k.all() ? " ?& " : " ?| "),
                    value(k.keys(), PgType.builtin("text", 'S'), true));
        }
        if (exp instanceof BoolExp.IsNull n) {
            return Sql.of(operand(row, n.operand()), Sql.raw(n.isNull() ? " IS NULL" : " IS NOT NULL"));
        }
        if (exp instanceof BoolExp.Exists e) {
            String inner = alias();
            List<Sql> conditions = new ArrayList<>();
            if (!e.join().isEmpty()) {
                conditions.add(joinCondition(e.join(), row, inner));
            }
            if (!isTrue(e.where()) || conditions.isEmpty()) {
                conditions.add(conjunct(e.where(), inner));
            }
            Sql from = e.source().isPresent() ? call(e.source().get(), row) : table(e.table());
            return Sql.of(Sql.raw("EXISTS (SELECT 1 FROM "), from, Sql.raw(" AS " + inner + " WHERE "),
                    Sql.join(" AND ", conditions), Sql.raw(")"));
        }
        throw new AssertionError(exp);
    }

    /** A condition to be joined to others with AND: a disjunction is parenthesized so AND cannot split it. */
    Sql conjunct(BoolExp exp, String row) {
        Sql condition = condition(exp, row);
        BoolExp effective = exp;
        while (effective instanceof BoolExp.And a && a.operands().size() == 1
                || effective instanceof BoolExp.Or o && o.operands().size() == 1) {
            effective = effective instanceof BoolExp.And a ? a.operands().get(0) : ((BoolExp.Or) effective).operands().get(0);
        }
        return effective instanceof BoolExp.Or or && or.operands().size() > 1
                ? Sql.of(Sql.raw("("), condition, Sql.raw(")")) : condition;
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
}
