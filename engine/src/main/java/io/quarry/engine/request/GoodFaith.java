package io.quarry.engine.request;

import io.quarry.engine.error.ApiError;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * graphql-java's good-faith limits on introspection ({@code graphql.introspection.GoodFaithIntrospection}), kept
 * as its execution applied them: at most 500 fields and 20 levels, and each field that can reach back into the
 * schema's cycle selected once. The fields are the executed ones, fragments expanded and merged as
 * {@link FieldNode}s are, counted in the order graphql-java builds them (a field's children before its grandchildren),
 * so that a query over both limits fails with the same one.
 */
final class GoodFaith {
    private static final int MAX_FIELDS = 500;
    private static final int MAX_DEPTH = 20;
    private static final String PREFIX = "This request is not asking for introspection in good faith - ";
    /** Fields that may be selected once, by their coordinates, in a fixed order of checking. */
    private static final List<String> ONCE = List.of("Query.__schema", "Query.__type", "__Type.fields",
            "__Type.inputFields", "__Type.interfaces", "__Type.possibleTypes");

    private GoodFaith() {
    }

    /** Throws graphql-java's error, as a validation error, unless the executed {@code roots} keep within limits. */
    static void check(List<FieldNode> roots) {
        Map<String, Integer> seen = new HashMap<>();
        int[] fields = {0};
        count(roots, fields);
        for (FieldNode root : roots) {
            visit(root, 1, fields, seen);
        }
        for (String coordinates : ONCE) {
            if (seen.getOrDefault(coordinates, 0) > 1) {
                throw ApiError.validation("$", PREFIX + coordinates + " is present too often!");
            }
        }
    }

    private static void visit(FieldNode field, int depth, int[] fields, Map<String, Integer> seen) {
        if (depth > MAX_DEPTH) {
            throw tooBig("Maximum query depth exceeded. " + depth + " > " + MAX_DEPTH);
        }
        seen.merge(field.parentType() + '.' + field.name(), 1, Integer::sum);
        count(field.children(), fields);
        for (FieldNode child : field.children()) {
            visit(child, depth + 1, fields, seen);
        }
    }

    private static void count(List<FieldNode> created, int[] fields) {
        fields[0] += created.size();
        if (fields[0] > MAX_FIELDS) {
            throw tooBig("Maximum field count exceeded. " + (MAX_FIELDS + 1) + " > " + MAX_FIELDS);
        }
    }

    private static ApiError tooBig(String message) {
        return ApiError.validation("$", PREFIX + "the query is too big: " + message);
    }
}
