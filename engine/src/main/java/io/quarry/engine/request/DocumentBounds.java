package io.quarry.engine.request;

import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import io.quarry.engine.error.ApiError;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Counts the fields each operation of a document selects once its fragments are expanded, before anything else
 * reads the document. Expansion can multiply: thirty fragments that each spread the next twice select 2^30 fields
 * from a body of a kilobyte, and graphql-java's validator (overlapping fields) and normalizer walk every one of them.
 * The count is computed once per fragment, so it costs the size of the text however large the expansion.
 */
final class DocumentBounds {
    private final Map<String, FragmentDefinition> fragments = new HashMap<>();
    private final Map<String, Long> sizes = new HashMap<>();
    private final Set<String> expanding = new HashSet<>();

    private DocumentBounds(Document document) {
        for (FragmentDefinition f : document.getDefinitionsOfType(FragmentDefinition.class)) {
            fragments.putIfAbsent(f.getName(), f);
        }
    }

    /** Refuses a document one of whose operations selects more than {@code maxFields} fields. */
    static void check(Document document, int maxFields) {
        DocumentBounds bounds = new DocumentBounds(document);
        for (OperationDefinition op : document.getDefinitionsOfType(OperationDefinition.class)) {
            if (bounds.size(op.getSelectionSet()) > maxFields) {
                throw ApiError.validation("$", "the operation selects more than " + maxFields
                        + " fields once its fragments are expanded");
            }
        }
    }

    private long size(SelectionSet set) {
        if (set == null) {
            return 0;
        }
        long total = 0;
        for (Selection<?> selection : set.getSelections()) {
            if (selection instanceof Field f) {
                total = plus(total, plus(1, size(f.getSelectionSet())));
            } else if (selection instanceof InlineFragment i) {
                total = plus(total, size(i.getSelectionSet()));
            } else if (selection instanceof FragmentSpread s) {
                total = plus(total, fragment(s.getName()));
            }
        }
        return total;
    }

    /** A fragment's expanded size; unknown and cyclic fragments count nothing here, validation refuses them. */
    private long fragment(String name) {
        Long known = sizes.get(name);
        if (known != null) {
            return known;
        }
        FragmentDefinition definition = fragments.get(name);
        if (definition == null || !expanding.add(name)) {
            return 0;
        }
        long size = size(definition.getSelectionSet());
        expanding.remove(name);
        sizes.put(name, size);
        return size;
    }

    private static long plus(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
