package io.quarry.engine.sql;

import io.quarry.engine.introspect.Column;
import io.quarry.engine.introspect.PgType;
import io.quarry.engine.model.TableInfo;
import io.quarry.engine.plan.BoolExp;
import io.quarry.engine.plan.Field;
import io.quarry.engine.plan.Mutation;
import io.quarry.engine.plan.Output;
import io.quarry.engine.plan.TableSelect;
import io.quarry.engine.plan.Value;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import static io.quarry.engine.sql.Fragments.column;
import static io.quarry.engine.sql.Fragments.table;
import static io.quarry.engine.sql.Fragments.value;
import static io.quarry.engine.sql.Fragments.written;

/**
 * A mutation field as one statement: {@code WITH _w AS (INSERT | UPDATE | DELETE ... RETURNING *) SELECT data,
 * checked}, where {@code data} is the field's JSON (read from the written rows, relationships included) and
 * {@code checked} whether every written row passes the permission's check. The caller runs the fields of a request
 * in one transaction and rolls it back when a check fails.
 */
public final class MutationCompiler {
    private static final String WRITTEN = "_w";
    private static final PgType TEXT = PgType.builtin("text", 'S');
    /** Whether an upserted row was inserted rather than updated: a name no column can clash with in practice. */
    static final String INSERTED = "\"w.inserted\"";

    private MutationCompiler() {
    }

    public static CompiledMutation compile(Mutation mutation, boolean stringifyNumbers) {
        if (mutation instanceof Mutation.FunctionRows call) {
            return functionRows(call, stringifyNumbers);
        }
        if (mutation instanceof Mutation.Insert insert && insert.nested()) {
            return NestedInserts.compile(insert, stringifyNumbers);
        }
        QueryCompiler reads = QueryCompiler.forStatement(stringifyNumbers);
        Sql write;
        boolean writesNothing = mutation instanceof Mutation.Insert i && i.rows().isEmpty()
                || mutation instanceof Mutation.Update u && u.changes().isEmpty();
        if (writesNothing) {
            // An empty objects list, or an update without changes: Hasura writes nothing and answers no rows.
            write = Sql.of(Sql.raw("SELECT * FROM "), table(mutation.table()), Sql.raw(" WHERE false"));
        } else if (mutation instanceof Mutation.Insert insert) {
            write = insert(insert, reads);
        } else if (mutation instanceof Mutation.Update update) {
            write = update(update, reads);
        } else if (mutation instanceof Mutation.Delete delete) {
            String row = reads.nextAlias();
            write = Sql.of(Sql.raw("DELETE FROM "), table(delete.table()), Sql.raw(" AS " + row + " WHERE "),
                    reads.conditions().condition(delete.where(), row));
        } else {
            throw new AssertionError(mutation);
        }
        // Relationships and computed fields read the tables, which do not show this statement's writes: such
        // answers are read by a second statement from the written rows, as Hasura does.
        boolean readAfter = readsTables(mutation.outputs());
        Sql count = Sql.raw("(SELECT count(*) FROM " + WRITTEN + ")");
        Sql data = readAfter ? writtenRows(List.of(count), Sql.of(Sql.raw("(SELECT coalesce(json_agg("),
                rowText(mutation.table(), WRITTEN), Sql.raw("), '[]') FROM " + WRITTEN + ")")), List.of())
                : data(mutation, reads, Sql.raw(WRITTEN), count);
        String checkRow = reads.nextAlias();
        Optional<Mutation.OnConflict> upsert = mutation instanceof Mutation.Insert i && !writesNothing
                ? i.onConflict().filter(c -> !c.columns().isEmpty()) : Optional.empty();
        Sql checked = rowCheck(mutation.check(), upsert.map(Mutation.OnConflict::check), checkRow, reads);
        Sql allChecked = checked == null ? Sql.raw("true") : Sql.of(Sql.raw("(SELECT coalesce(bool_and("), checked,
                Sql.raw("), true) FROM " + WRITTEN + " AS " + checkRow + ")"));
        String returning = writesNothing ? "" : upsert.isPresent() ? " RETURNING *, (xmax = 0) AS " + INSERTED
                : " RETURNING *";
        return new CompiledMutation(List.of(Sql.of(Sql.raw("WITH " + WRITTEN + " AS ("), write,
                Sql.raw(returning + ") "), answer(data, allChecked)).render()),
                readAfter ? Optional.of(answer(readBack(mutation, QueryCompiler.forStatement(stringifyNumbers)),
                        Sql.raw("true")).render()) : Optional.empty(), List.of());
    }

    /**
     * A mutation function's field: one statement that calls the function in its {@code FROM} (so it runs once) and
     * answers the rows it returns that the role may read, as Hasura does. Rows the function writes elsewhere are
     * seen by the fields after it, not by this statement's own reads of other tables.
     */
    private static CompiledMutation functionRows(Mutation.FunctionRows call, boolean stringifyNumbers) {
        QueryCompiler reads = QueryCompiler.forStatement(stringifyNumbers);
        Sql data = Sql.of(Sql.raw("("), reads.rowsOf(new Field.Rows(call.rows(), List.of()), null), Sql.raw(")"));
        return new CompiledMutation(List.of(answer(data, Sql.raw("true")).render()), Optional.empty(), List.of());
    }

    /** What every mutation statement answers: {@code SELECT data, checked}. */
    static Sql answer(Sql data, Sql checked) {
        return Sql.of(Sql.raw("SELECT "), Sql.answer(data), Sql.raw(", "), checked, Sql.raw(" AS checked"));
    }

    /**
     * What a write that a read follows answers ({@link CompiledMutation}): the rows written by each CTE, the
     * top-level rows as record texts ({@code top}, a JSON array), the rows of each group to check.
     */
    static Sql writtenRows(List<Sql> counts, Sql top, List<Sql> groups) {
        // ARRAY[...], unlike json_build_array, takes any number of elements.
        return Sql.of(Sql.raw("json_build_object('counts', to_json(ARRAY["), Sql.join(", ", counts),
                Sql.raw("]::int8[]), 'top', "), top, Sql.raw(", 'groups', to_json(ARRAY["), Sql.join(", ", groups),
                Sql.raw("]::json[]))"));
    }

    /** Whether outputs read more than the written rows' own columns. */
    private static boolean readsTables(List<Output> outputs) {
        return outputs.stream().map(Output::field).anyMatch(f -> f instanceof Field.Returning returning
                ? readsTables(returning.outputs())
                : !(f instanceof Field.Column || f instanceof Field.JsonColumn || f instanceof Field.Typename
                || f instanceof Field.AffectedRows));
    }

    /** A written row as the text of a record of its table's type, to be read back with {@code ::table}. */
    static Sql rowText(TableInfo table, String written) {
        List<Sql> columns = table.relation().columns().stream().map(c -> column(written, c.name())).toList();
        return Sql.of(Sql.raw("ROW("), Sql.join(", ", columns), Sql.raw(")::text"));
    }

    /**
     * A field's JSON read from the answer of its write ({@code {"counts": [...], "top": [...]}}, the rows it wrote
     * as record texts), in a statement after it that sees every written row.
     */
    static Sql readBack(Mutation mutation, QueryCompiler reads) {
        Sql written = Sql.previous();
        Sql rows = Sql.of(Sql.raw("(SELECT (r.v::"), table(mutation.table()), Sql.raw(").* FROM "
                + "json_array_elements_text("), written, Sql.raw(" -> 'top') WITH ORDINALITY AS r(v, n) "
                + "WHERE r.v IS NOT NULL ORDER BY r.n)"));
        Sql affected = Sql.of(Sql.raw("(SELECT coalesce(sum(c::int), 0) FROM json_array_elements_text("), written,
                Sql.raw(" -> 'counts') AS c)"));
        return data(mutation, reads, rows, affected);
    }

    /**
     * Whether the written row aliased {@code row} passes its check: an upserted row that was updated rather than
     * inserted, the update permission's check. Null when every row passes.
     */
    static Sql rowCheck(BoolExp check, Optional<BoolExp> updateCheck, String row, QueryCompiler reads) {
        if (updateCheck.isPresent() && !(Conditions.isTrue(check) && Conditions.isTrue(updateCheck.get()))) {
            return Sql.of(Sql.raw("CASE WHEN " + row + "." + INSERTED + " THEN "),
                    reads.conditions().condition(check, row), Sql.raw(" ELSE "),
                    reads.conditions().condition(updateCheck.get(), row), Sql.raw(" END"));
        }
        return Conditions.isTrue(check) ? null : reads.conditions().condition(check, row);
    }

    /**
     * A mutation field's JSON, reading the written rows from {@code from}: the row's outputs, or
     * {@code affected_rows} (counted by {@code affected}), {@code returning} and {@code __typename}.
     */
    static Sql data(Mutation mutation, QueryCompiler reads, Sql from, Sql affected) {
        if (mutation.one()) {
            return Sql.of(Sql.raw("("), reads.rowsOf(new Field.Row(rows(mutation, mutation.outputs()), List.of()), from),
                    Sql.raw(")"));
        }
        List<Sql> pairs = new ArrayList<>();
        for (Output output : mutation.outputs()) {
            Sql value;
            if (output.field() instanceof Field.AffectedRows) {
                value = affected;
            } else if (output.field() instanceof Field.Returning r) {
                value = Sql.of(Sql.raw("("), reads.rowsOf(new Field.Rows(rows(mutation, r.outputs()), List.of()),
                        from), Sql.raw(")"));
            } else {
                value = Sql.key(((Field.Typename) output.field()).name());
            }
            pairs.add(Sql.of(Sql.key(output.key()), Sql.raw(", "), value));
        }
        return Sql.of(Sql.raw("json_build_object("), Sql.join(", ", pairs), Sql.raw(")"));
    }

    /** The written rows, read back as the outputs ask; they are the table's rows as written. */
    private static TableSelect rows(Mutation mutation, List<Output> outputs) {
        return new TableSelect(mutation.table(), BoolExp.TRUE, List.of(), List.of(), OptionalLong.empty(),
                OptionalLong.empty(), outputs, Optional.empty(), OptionalLong.empty());
    }

    /** {@code INSERT INTO t (columns) VALUES (...), (...)}; a column a row leaves out takes its default. */
    private static Sql insert(Mutation.Insert insert, QueryCompiler reads) {
        TableInfo table = insert.table();
        String target = reads.nextAlias();
        Sql into = Sql.of(Sql.raw("INSERT INTO "), table(table), Sql.raw(" AS " + target));
        Sql conflict = insert.onConflict().map(c -> onConflict(c, table, target, reads)).orElse(Sql.raw(""));
        Set<String> columns = new LinkedHashSet<>();
        insert.rows().forEach(r -> columns.addAll(r.values().keySet()));
        if (columns.isEmpty()) {
            // Rows of defaults only: one column set to DEFAULT gives each row its own (DEFAULT VALUES gives one row).
            columns.add(table.relation().columns().get(0).name());
        }
        List<Sql> names = columns.stream().map(Sql::ident).toList();
        List<Sql> rows = new ArrayList<>();
        for (Mutation.Row r : insert.rows()) {
            Map<String, Value> row = r.values();
            List<Sql> values = new ArrayList<>();
            for (String name : columns) {
                if (!row.containsKey(name)) {
                    values.add(Sql.raw("DEFAULT"));
                } else if (row.get(name) == null) {
                    values.add(Sql.raw("NULL"));
                } else {
                    values.add(written(row.get(name), type(table, name)));
                }
            }
            rows.add(Sql.of(Sql.raw("("), Sql.join(", ", values), Sql.raw(")")));
        }
        return Sql.of(into, Sql.raw(" ("), Sql.join(", ", names), Sql.raw(") VALUES "), Sql.join(", ", rows), conflict);
    }

    /** {@code ON CONFLICT ON CONSTRAINT c DO NOTHING}, or {@code DO UPDATE SET} the given columns where allowed. */
    static Sql onConflict(Mutation.OnConflict conflict, TableInfo table, String row, QueryCompiler reads) {
        Sql target = Sql.of(Sql.raw(" ON CONFLICT ON CONSTRAINT "), Sql.ident(conflict.constraint()));
        if (conflict.columns().isEmpty()) {
            return Sql.of(target, Sql.raw(" DO NOTHING"));
        }
        List<Sql> assignments = new ArrayList<>();
        conflict.columns().forEach(c -> assignments.add(Sql.of(Sql.ident(c), Sql.raw(" = EXCLUDED."), Sql.ident(c))));
        conflict.set().forEach((name, v) -> assignments.add(Sql.of(Sql.ident(name), Sql.raw(" = "),
                v == null ? Sql.raw("NULL") : written(v, type(table, name)))));
        return Sql.of(target, Sql.raw(" DO UPDATE SET "), Sql.join(", ", assignments), Sql.raw(" WHERE "),
                reads.conditions().condition(conflict.where(), row));
    }

    private static Sql update(Mutation.Update update, QueryCompiler reads) {
        String row = reads.nextAlias();
        List<Sql> assignments = new ArrayList<>();
        for (Mutation.Change change : update.changes()) {
            assignments.add(Sql.of(Sql.ident(change.column()), Sql.raw(" = "), changed(change, update.table(), row)));
        }
        return Sql.of(Sql.raw("UPDATE "), table(update.table()), Sql.raw(" AS " + row + " SET "),
                Sql.join(", ", assignments), Sql.raw(" WHERE "), reads.conditions().condition(update.where(), row));
    }

    /** The new value of a changed column of the row aliased {@code row}. */
    private static Sql changed(Mutation.Change change, TableInfo table, String row) {
        Value v = change.value();
        if (v == null) {
            return Sql.raw("NULL");
        }
        PgType type = type(table, change.column());
        Sql old = column(row, change.column());
        return switch (change.op()) {
            case SET -> written(v, type);
            case INC -> Sql.of(old, Sql.raw(" + "), value(v, type, false));
            case APPEND -> Sql.of(old, Sql.raw(" || "), value(v, type, false));
            case PREPEND -> Sql.of(value(v, type, false), Sql.raw(" || "), old);
            case DELETE_KEY -> Sql.of(old, Sql.raw(" - "), value(v, TEXT, false));
            case DELETE_ELEM -> Sql.of(old, Sql.raw(" - "), value(v, PgType.builtin("int4", 'N'), false));
            case DELETE_AT_PATH -> Sql.of(old, Sql.raw(" #- "), value(v, TEXT, true));
        };
    }

    static PgType type(TableInfo table, String column) {
        return table.relation().column(column).map(Column::type).orElseThrow();
    }
}
