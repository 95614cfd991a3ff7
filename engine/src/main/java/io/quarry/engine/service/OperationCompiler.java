package io.quarry.engine.service;

import io.quarry.engine.plan.MutationPlanner;
import io.quarry.engine.plan.Planner;
import io.quarry.engine.request.FieldNode;
import io.quarry.engine.request.OperationPreparer;
import io.quarry.engine.request.Prepared;
import io.quarry.engine.sql.CompiledMutation;
import io.quarry.engine.sql.MutationCompiler;
import io.quarry.engine.sql.QueryCompiler;
import java.util.ArrayList;
import java.util.List;

/** Plans and compiles a prepared query or mutation into what runs it. */
record OperationCompiler(boolean stringifyNumbers) {

    CompiledOperation compile(OperationPreparer preparer, Prepared prepared) {
        if (prepared instanceof Prepared.Query query) {
            return new CompiledOperation.Query(QueryCompiler.query(
                    Planner.query(preparer.schema(), query.roots(), query.answered()), stringifyNumbers));
        }
        if (prepared instanceof Prepared.Mutation mutation) {
            return mutation(preparer, mutation);
        }
        throw new IllegalArgumentException("neither a query nor a mutation: " + prepared);
    }

    /** A mutation's fields, to run in order in one transaction answering {@code {"data": {...}}}. */
    private CompiledOperation.Mutation mutation(OperationPreparer preparer, Prepared.Mutation mutation) {
        List<CompiledOperation.Mutation.Root> roots = new ArrayList<>();
        List<CompiledMutation> fields = new ArrayList<>();
        List<String> errorPaths = new ArrayList<>();
        for (MutationPlanner.Step step : MutationPlanner.plan(preparer.schema(), mutation.roots())) {
            String errorPath = errorPath(mutation.roots(), step.key());
            step.mutations().forEach(m -> {
                fields.add(MutationCompiler.compile(m, stringifyNumbers));
                errorPaths.add(errorPath);
            });
            roots.add(new CompiledOperation.Mutation.Root(step.key(), step.typename(), step.many(),
                    step.mutations().size()));
        }
        return new CompiledOperation.Mutation(roots, fields, errorPaths);
    }

    /**
     * Where Hasura reports what goes wrong while a mutation field runs: an insert's rows
     * ({@code $.selectionSet.insert_author.args.objects}, or {@code .object}), otherwise {@code $}.
     */
    private static String errorPath(List<FieldNode> roots, String key) {
        for (FieldNode root : roots) {
            if (root.key().equals(key)) {
                for (String rows : List.of("objects", "object")) {
                    if (root.arguments().containsKey(rows)) {
                        return "$.selectionSet." + root.name() + ".args." + rows;
                    }
                }
            }
        }
        return "$";
    }
}
