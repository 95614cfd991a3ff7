package io.quarry.engine.plan;

import io.quarry.engine.model.TableInfo;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One mutation root field: what it writes, the {@code check} written rows must pass (a permission's), and its
 * outputs. With {@code one}, the outputs are those of the single written row ({@code insert_<t>_one},
 * {@code _by_pk}); otherwise {@link Field.AffectedRows}, {@link Field.Returning} and {@link Field.Typename}.
 */
public sealed interface Mutation {
    TableInfo table();

    BoolExp check();

    List<Output> outputs();

    boolean one();

    /**
     * Rows to insert. With {@code onConflict}, a row that violates the constraint updates the row it conflicts with
     * instead (or is skipped).
     */
    record Insert(TableInfo table, List<Row> rows, BoolExp check, Optional<OnConflict> onConflict,
            List<Output> outputs, boolean one) implements Mutation {
        public Insert {
            Objects.requireNonNull(table, "table");
            rows = List.copyOf(rows);
            Objects.requireNonNull(check, "check");
            Objects.requireNonNull(onConflict, "onConflict");
            outputs = List.copyOf(outputs);
        }

        /** Whether some row brings rows of other tables with it (a nested insert). */
        public boolean nested() {
            return rows.stream().anyMatch(r -> !r.parents().isEmpty() || !r.children().isEmpty());
        }
    }

    /**
     * A row to insert: values by column name (a column left out takes its default), the rows inserted first whose
     * columns it copies (object relationships), and the rows inserted after it that copy its columns (array
     * relationships). {@code path} locates the row in the request, for errors.
     */
    record Row(Map<String, Value> values, List<Related> parents, List<Related> children, String path) {
        public Row {
            values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
            parents = List.copyOf(parents);
            children = List.copyOf(children);
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * An insert through relationship {@code name}: in each join, {@code outerColumn} is the row's column and
     * {@code innerColumn} the related row's.
     */
    record Related(String name, List<Join> join, Insert insert) {
        public Related {
            Objects.requireNonNull(name, "name");
            join = List.copyOf(join);
            Objects.requireNonNull(insert, "insert");
        }
    }

    /**
     * An upsert: on a conflict with {@code constraint}, the existing row takes the inserted values of
     * {@code columns} and the update permission's presets ({@code set}), if it passes {@code where} (the request's
     * and the update permission's filter) and then {@code check}; without columns the row is skipped.
     */
    record OnConflict(String constraint, List<String> columns, Map<String, Value> set, BoolExp where, BoolExp check) {
        public OnConflict {
            Objects.requireNonNull(constraint, "constraint");
            columns = List.copyOf(columns);
            set = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(set));
            Objects.requireNonNull(where, "where");
            Objects.requireNonNull(check, "check");
        }
    }

    /** Changes columns of the rows {@code where} selects, at most one change per column. */
    record Update(TableInfo table, BoolExp where, List<Change> changes, BoolExp check, List<Output> outputs,
            boolean one) implements Mutation {
        public Update {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(where, "where");
            changes = List.copyOf(changes);
            Objects.requireNonNull(check, "check");
            outputs = List.copyOf(outputs);
        }
    }

    /** A column's change: its operator (Hasura's update argument it came from) and operand; a null one is SQL NULL. */
    record Change(String column, ChangeOp op, Value value) {
        public Change {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(op, "op");
        }
    }

    /** {@code _set}, {@code _inc}, and the jsonb ones: {@code _append}, {@code _prepend}, {@code _delete_*}. */
    enum ChangeOp {
        SET, INC, APPEND, PREPEND, DELETE_KEY, DELETE_ELEM, DELETE_AT_PATH
    }

    /**
     * A call of a mutation function: calling it is the write, and its answer is the rows it returns that the role
     * may read ({@code rows} selects them from the call).
     */
    record FunctionRows(TableSelect rows) implements Mutation {
        public FunctionRows {
            Objects.requireNonNull(rows, "rows");
            if (rows.source().isEmpty()) {
                throw new IllegalArgumentException("a function mutation reads the rows of a function call");
            }
        }

        @Override
        public TableInfo table() {
            return rows.table();
        }

        @Override
        public BoolExp check() {
            return BoolExp.TRUE;
        }

        @Override
        public List<Output> outputs() {
            return rows.outputs();
        }

        @Override
        public boolean one() {
            return false;
        }
    }

    record Delete(TableInfo table, BoolExp where, List<Output> outputs, boolean one) implements Mutation {
        public Delete {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(where, "where");
            outputs = List.copyOf(outputs);
        }

        @Override
        public BoolExp check() {
            return BoolExp.TRUE;
        }
    }
}
