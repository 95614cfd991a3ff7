package io.quarry.engine.sql;

import io.quarry.engine.error.ApiError;
import io.quarry.engine.error.ErrorCode;
import io.quarry.engine.model.TableInfo;
import io.quarry.engine.plan.BoolExp;
import io.quarry.engine.plan.Mutation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.quarry.engine.sql.Fragments.column;
import static io.quarry.engine.sql.Fragments.table;
import static io.quarry.engine.sql.Fragments.written;

/**
 * A nested insert (rows that bring rows of other tables through relationships): a write, then a read. The write is
 * a statement with a data-modifying CTE per row, in dependency order: a row's object-relationship parents, the row
 * (copying their columns), then its array-relationship children (copying its columns). A statement cannot read the
 * rows it writes through the tables, so the field's answer and the permission checks (which may follow
 * relationships to new rows) are the work of a second statement, reading the written rows from the write's answer
 * as record texts. Postgres plans a statement of thousands of CTEs in time that grows faster than their number, so
 * a large insert writes in several statements (top-level rows with everything written with them, up to
 * {@link #CHUNK} CTEs each), whose answers the read takes together.
 */
final class NestedInserts {
    static final int CHUNK = 256;

    private final QueryCompiler reads;
    private final List<Chunk> chunks = new ArrayList<>();
    private final Map<Checks, Integer> groups = new LinkedHashMap<>();
    private final List<CompiledMutation.Requirement> required = new ArrayList<>();
    /** CTEs so far, over all chunks: the next one's index. */
    private int written;

    /** The rows one write statement writes: its CTEs, its top-level rows, its rows of each group to check. */
    private static final class Chunk {
        final List<Sql> ctes = new ArrayList<>();
        final List<Integer> indices = new ArrayList<>();
        final List<Sql> top = new ArrayList<>();
        final Map<Integer, List<Integer>> members = new LinkedHashMap<>();
    }

    /** What the rows of a group must pass: their table's insert check, and an upsert's update check. */
    private record Checks(TableInfo table, BoolExp check, Optional<BoolExp> updateCheck) {
    }

    /** A column a row copies from a row written before it, in the CTE {@code from}. */
    private record Copy(String column, String from, String fromColumn) {
    }

    private NestedInserts(boolean stringifyNumbers) {
        this.reads = QueryCompiler.forStatement(stringifyNumbers);
    }

    static CompiledMutation compile(Mutation.Insert insert, boolean stringifyNumbers) {
        NestedInserts nested = new NestedInserts(stringifyNumbers);
        for (Mutation.Row row : insert.rows()) {
            if (nested.chunks.isEmpty() || nested.chunk().ctes.size() >= CHUNK) {
                nested.chunks.add(new Chunk());
            }
            nested.row(insert, row, List.of(), true);
        }
        List<SqlStatement> writes = nested.chunks.stream().map(nested::write).toList();
        return new CompiledMutation(writes, Optional.of(nested.read(insert)), nested.required);
    }

    private Chunk chunk() {
        return chunks.get(chunks.size() - 1);
    }

    private static String cte(int index) {
        return "_n" + index;
    }

    /** Adds the CTEs of {@code row} and of the rows written with it; answers the index of the row's own. */
    private int row(Mutation.Insert insert, Mutation.Row row, List<Copy> copied, boolean topLevel) {
        TableInfo table = insert.table();
        List<Copy> copies = new ArrayList<>(copied);
        for (Mutation.Related parent : row.parents()) {
            int first = row(parent.insert(), parent.insert().rows().get(0), List.of(), false);
            required.add(new CompiledMutation.Requirement(first, new ApiError(ErrorCode.NOT_SUPPORTED,
                    row.path() + "." + parent.name(), "cannot proceed to insert object relation \"" + parent.name()
                    + "\" since insert to table \"" + parent.insert().table().name() + "\" affects zero rows")));
            parent.join().forEach(j -> copies.add(new Copy(j.outerColumn(), cte(first), j.innerColumn())));
        }
        int index = written++;
        String target = reads.nextAlias();
        List<Sql> names = new ArrayList<>();
        List<Sql> values = new ArrayList<>();
        row.values().forEach((name, value) -> {
            names.add(Sql.ident(name));
            values.add(value == null ? Sql.raw("NULL") : written(value, MutationCompiler.type(table, name)));
        });
        LinkedHashSet<String> sources = new LinkedHashSet<>();
        for (Copy copy : copies) {
            names.add(Sql.ident(copy.column()));
            values.add(column(copy.from(), copy.fromColumn()));
            sources.add(copy.from());
        }
        Sql rows;
        if (names.isEmpty()) {
            rows = Sql.raw(" DEFAULT VALUES");
        } else if (sources.isEmpty()) {
            rows = Sql.of(Sql.raw(" ("), Sql.join(", ", names), Sql.raw(") VALUES ("), Sql.join(", ", values),
                    Sql.raw(")"));
        } else {
            rows = Sql.of(Sql.raw(" ("), Sql.join(", ", names), Sql.raw(") SELECT "), Sql.join(", ", values),
                    Sql.raw(" FROM " + String.join(", ", sources)));
        }
        Sql conflict = insert.onConflict().map(c -> MutationCompiler.onConflict(c, table, target, reads))
                .orElse(Sql.raw(""));
        Optional<BoolExp> updateCheck = insert.onConflict().filter(c -> !c.columns().isEmpty())
                .map(Mutation.OnConflict::check);
        String returning = updateCheck.isPresent() ? " RETURNING *, (xmax = 0) AS " + MutationCompiler.INSERTED
                : " RETURNING *";
        Chunk chunk = chunk();
        chunk.ctes.add(Sql.of(Sql.raw(cte(index) + " AS (INSERT INTO "), table(table), Sql.raw(" AS " + target),
                rows, conflict, Sql.raw(returning + ")")));
        chunk.indices.add(index);
        if (topLevel) {
            chunk.top.add(Sql.of(Sql.raw("(SELECT "), MutationCompiler.rowText(table, cte(index)),
                    Sql.raw(" FROM " + cte(index) + ")")));
        }
        Checks checks = new Checks(table, insert.check(), updateCheck);
        if (!Conditions.isTrue(insert.check()) || updateCheck.filter(c -> !Conditions.isTrue(c)).isPresent()) {
            int group = groups.computeIfAbsent(checks, c -> groups.size());
            chunk.members.computeIfAbsent(group, g -> new ArrayList<>()).add(index);
        }
        if (!row.children().isEmpty()) {
            required.add(new CompiledMutation.Requirement(index, new ApiError(ErrorCode.NOT_SUPPORTED, row.path(),
                    "cannot proceed to insert array relations since insert to table \"" + table.name()
                            + "\" affects zero rows")));
        }
        for (Mutation.Related child : row.children()) {
            List<Copy> copy = child.join().stream().map(j -> new Copy(j.innerColumn(), cte(index), j.outerColumn()))
                    .toList();
            child.insert().rows().forEach(r -> row(child.insert(), r, copy, false));
        }
        return index;
    }

    /**
     * {@code WITH _n0 AS (INSERT ...), ... SELECT {"counts": rows written by each CTE, "top": the top-level rows,
     * "groups": the rows of each group that has checks, with whether each was inserted}}.
     */
    private SqlStatement write(Chunk chunk) {
        List<Sql> counts = chunk.indices.stream().map(i -> Sql.raw("(SELECT count(*) FROM " + cte(i) + ")")).toList();
        List<Sql> checked = new ArrayList<>();
        groups.forEach((checks, group) -> {
            List<Sql> parts = new ArrayList<>();
            for (int member : chunk.members.getOrDefault(group, List.of())) {
                String inserted = checks.updateCheck().isPresent() ? cte(member) + "." + MutationCompiler.INSERTED
                        : "true";
                parts.add(Sql.of(Sql.raw("SELECT "), MutationCompiler.rowText(checks.table(), cte(member)),
                        Sql.raw(" AS v, " + inserted + " AS i FROM " + cte(member))));
            }
            checked.add(parts.isEmpty() ? Sql.raw("'[]'::json") : Sql.of(Sql.raw("(SELECT coalesce(json_agg("
                    + "json_build_object('v', g.v, 'i', g.i)), '[]') FROM ("), Sql.join(" UNION ALL ", parts),
                    Sql.raw(") AS g)")));
        });
        Sql top = Sql.of(Sql.raw("to_json(ARRAY["), Sql.join(", ", chunk.top), Sql.raw("]::text[])"));
        return Sql.of(Sql.raw("WITH "), Sql.join(", ", chunk.ctes), Sql.raw(" "), MutationCompiler.answer(
                MutationCompiler.writtenRows(counts, top, checked), Sql.raw("true"))).render();
    }

    /** The field's answer from the written top-level rows, and whether every checked row passes. */
    private SqlStatement read(Mutation.Insert insert) {
        Sql written = Sql.previous();
        Sql data = MutationCompiler.readBack(insert, reads);
        List<Sql> passes = new ArrayList<>();
        int group = 0;
        for (Checks checks : groups.keySet()) {
            String row = reads.nextAlias();
            passes.add(Sql.of(Sql.raw("(SELECT coalesce(bool_and("),
                    MutationCompiler.rowCheck(checks.check(), checks.updateCheck(), row, reads),
                    Sql.raw("), true) FROM (SELECT (r.v::"), table(checks.table()), Sql.raw(").*, r.i AS "
                            + MutationCompiler.INSERTED + " FROM json_to_recordset("), written,
                    Sql.raw(" -> 'groups' -> " + group++ + ") AS r(v text, i boolean)) AS " + row + ")")));
        }
        Sql checked = passes.isEmpty() ? Sql.raw("true") : Sql.join(" AND ", passes);
        return MutationCompiler.answer(data, checked).render();
    }
}
