package io.quarry.engine.plan;

import io.quarry.engine.model.TableInfo;
import io.quarry.engine.schema.RoleSchema;
import java.util.Optional;

/**
 * What an inherited role sees of a column or computed field its parent roles show in some rows only: the value where
 * one of the parents that may see it admits the row, null elsewhere. Hasura reads every use of such a value that way
 * (the selection, aggregates and their predicates, {@code order_by}, {@code distinct_on}, {@code where}), so nothing
 * the role cannot read leaks through a sum, an ordering or a filter. A value every parent shows stays as it is, and
 * the statement stays the plain one.
 */
final class Redactions {
    private final RoleSchema schema;

    Redactions(RoleSchema schema) {
        this.schema = schema;
    }

    /** The rows of {@code table} where the role sees {@code field} (a column or computed field name), if not all. */
    Optional<BoolExp> shown(TableInfo table, String field) {
        return Filters.redaction(schema, table, field).filter(shown -> !everywhere(shown));
    }

    /** A parent that may see the field in every row shows it everywhere: no condition to write. */
    private static boolean everywhere(BoolExp shown) {
        if (shown instanceof BoolExp.And and) {
            return and.operands().stream().allMatch(Redactions::everywhere);
        }
        return shown instanceof BoolExp.Or or && or.operands().stream().anyMatch(Redactions::everywhere);
    }

    Operand operand(TableInfo table, String field, Operand value) {
        return shown(table, field).<Operand>map(s -> new Operand.Redacted(value, s)).orElse(value);
    }

    Operand column(TableInfo table, String column) {
        return operand(table, column, new Operand.Column(column));
    }

    OrderKey key(TableInfo table, String field, OrderKey key) {
        return shown(table, field).<OrderKey>map(s -> new OrderKey.Redacted(key, s)).orElse(key);
    }

    Field field(TableInfo table, String field, Field value) {
        return shown(table, field).<Field>map(s -> new Field.Redacted(value, s)).orElse(value);
    }
}
