package io.quarry.engine.request;

import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What API limits measure of an operation, as Hasura measures it: a node is a field with a selection set, and the
 * depth is the most such fields nested in one another ({@code { author { name } }} has depth 1). Introspection
 * root fields count for neither.
 *
 * @param introspects whether a root field is {@code __schema} or {@code __type}
 */
public record OperationShape(int depth, long nodes, boolean introspects) {

    /** The shape of a validated operation; fragments are measured once each. */
    static OperationShape of(Document document, OperationDefinition operation) {
        Map<String, FragmentDefinition> fragments = new HashMap<>();
        document.getDefinitionsOfType(FragmentDefinition.class).forEach(f -> fragments.putIfAbsent(f.getName(), f));
        Measure measure = new Measure(fragments);
        Set<String> roots = new HashSet<>();
        measure.rootNames(operation.getSelectionSet(), roots, new HashSet<>());
        boolean introspects = roots.contains("__schema") || roots.contains("__type");
        int[] depth = {0};
        long nodes = measure.measure(operation.getSelectionSet(), true, depth);
        return new OperationShape(depth[0], nodes, introspects);
    }

    private static final class Measure {
        private final Map<String, FragmentDefinition> fragments;
        private final Map<String, long[]> known = new HashMap<>();

        Measure(Map<String, FragmentDefinition> fragments) {
            this.fragments = fragments;
        }

        /** Nodes below {@code set}; the deepest nesting goes to {@code depth[0]}. */
        long measure(SelectionSet set, boolean root, int[] depth) {
            if (set == null) {
                return 0;
            }
            long nodes = 0;
            for (Selection<?> selection : set.getSelections()) {
                if (selection instanceof Field f) {
                    if (f.getSelectionSet() == null || root && f.getName().startsWith("__")) {
                        continue;
                    }
                    int[] below = {0};
                    nodes += 1 + measure(f.getSelectionSet(), false, below);
                    depth[0] = Math.max(depth[0], 1 + below[0]);
                } else if (selection instanceof InlineFragment i) {
                    nodes += measure(i.getSelectionSet(), root, depth);
                } else if (selection instanceof FragmentSpread s && fragments.containsKey(s.getName())) {
                    long[] fragment = fragment(s.getName(), root);
                    nodes += fragment[0];
                    depth[0] = Math.max(depth[0], (int) fragment[1]);
                }
            }
            return nodes;
        }

        private long[] fragment(String name, boolean root) {
            String key = (root ? "^" : "") + name;
            long[] cached = known.get(key);
            if (cached != null) {
                return cached;
            }
            int[] depth = {0};
            long nodes = measure(fragments.get(name).getSelectionSet(), root, depth);
            long[] result = {nodes, depth[0]};
            known.put(key, result);
            return result;
        }

        void rootNames(SelectionSet set, Set<String> names, Set<String> seen) {
            for (Selection<?> selection : set.getSelections()) {
                if (selection instanceof Field f) {
                    names.add(f.getName());
                } else if (selection instanceof InlineFragment i) {
                    rootNames(i.getSelectionSet(), names, seen);
                } else if (selection instanceof FragmentSpread s && fragments.containsKey(s.getName())
                        && seen.add(s.getName())) {
                    rootNames(fragments.get(s.getName()).getSelectionSet(), names, seen);
                }
            }
        }
    }
}
