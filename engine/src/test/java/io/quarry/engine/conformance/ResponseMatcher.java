package io.quarry.engine.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.parser.Parser;

/**
 * Compares a response with an expected one the way Hasura's test harness does: arrays in order, scalars by value
 * ({@code 1} equals {@code 1.0}; an expected number also matches a numeric string, as the older cases predate
 * stringified numerics), object keys as sets, except inside {@code data} when the
 * case says its keys follow the selection order. Two error responses match when their errors have the same codes
 * and paths ({@code strict}), or always (lenient: how the suite compared them before; messages are advisory either
 * way).
 */
final class ResponseMatcher {
    private ResponseMatcher() {
    }

    /**
     * The first difference, or null when the bodies match. {@code selection} is the query's selection tree (a map
     * from response key to the sub-selection, null for a leaf); with it, objects it describes must list their keys
     * in the expected order.
     */
    static String difference(JsonNode expected, JsonNode actual, Map<String, Object> selection, boolean strict) {
        if (isError(expected) && isError(actual)) {
            if (!strict) {
                return null;
            }
            List<String> want = errors(expected);
            List<String> got = errors(actual);
            return want.equals(got) ? null : "expected errors " + want + ", got " + got + ": " + actual;
        }
        String d = diff(expected, actual, "$", selection == null ? null : Map.of("data", selection));
        if (d != null && isError(actual) && !isError(expected)) {
            return d + ": " + actual.toString();
        }
        return d;
    }

    static boolean isError(JsonNode body) {
        if (body == null) {
            return false;
        }
        if (body.isArray()) {
            boolean any = false;
            for (JsonNode element : body) {
                any |= isError(element);
            }
            return any;
        }
        return body.has("errors") || body.has("error");
    }

    /** Each error's code and path, {@code code@path}: GraphQL's {@code extensions} or the REST body's own keys. */
    static List<String> errors(JsonNode body) {
        List<String> out = new ArrayList<>();
        if (body.isArray()) {
            body.forEach(element -> out.addAll(errors(element)));
        } else if (body.has("errors")) {
            // /v1alpha1/graphql answers {"errors": [{"path", "error", "code"}]}.
            body.get("errors").forEach(e -> {
                JsonNode where = e.has("extensions") ? e.get("extensions") : e;
                out.add(where.path("code").asText() + "@" + where.path("path").asText());
            });
        } else if (body.has("error")) {
            out.add(body.path("code").asText() + "@" + body.path("path").asText());
        }
        return out;
    }

    /** Parses the first operation's selection tree, or null when order cannot be checked (fragments, bad query). */
    static Map<String, Object> selectionTree(String query) {
        try {
            Document document = Parser.parse(query);
            OperationDefinition operation = document.getDefinitionsOfType(OperationDefinition.class).get(0);
            return tree(operation.getSelectionSet());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Map<String, Object> tree(SelectionSet set) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Selection<?> selection : set.getSelections()) {
            if (!(selection instanceof Field field)) {
                throw new IllegalArgumentException("fragments: order not checked");
            }
            String key = field.getAlias() != null ? field.getAlias() : field.getName();
            out.put(key, field.getSelectionSet() == null ? null : tree(field.getSelectionSet()));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static String diff(JsonNode expected, JsonNode actual, String path, Object selection) {
        if (expected == null || expected.isNull()) {
            return actual == null || actual.isNull() ? null : path + ": expected null, got " + actual;
        }
        if (actual == null) {
            return path + ": missing, expected " + expected;
        }
        if (expected.isNumber() && (actual.isNumber() || actual.isTextual())) {
            // Older cases predate stringified numerics: a numeric string compares by its value (see the README).
            java.math.BigDecimal value;
            try {
                value = actual.isNumber() ? actual.decimalValue() : new java.math.BigDecimal(actual.asText());
            } catch (NumberFormatException e) {
                return path + ": expected " + expected + ", got " + actual;
            }
            return expected.decimalValue().compareTo(value) == 0 ? null
                    : path + ": expected " + expected + ", got " + actual;
        }
        if (expected.isArray()) {
            if (!actual.isArray() || actual.size() != expected.size()) {
                return path + ": expected " + expected.size() + " elements, got " + describe(actual);
            }
            for (int i = 0; i < expected.size(); i++) {
                String d = diff(expected.get(i), actual.get(i), path + "[" + i + "]", selection);
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (expected.isObject()) {
            if (!actual.isObject()) {
                return path + ": expected an object, got " + describe(actual);
            }
            List<String> expectedKeys = keys(expected);
            List<String> actualKeys = keys(actual);
            if (!new java.util.HashSet<>(expectedKeys).equals(new java.util.HashSet<>(actualKeys))) {
                return path + ": expected keys " + expectedKeys + ", got " + actualKeys;
            }
            Map<String, Object> fields = selection instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
            if (fields != null && !path.equals("$") && !expectedKeys.equals(actualKeys)) {
                return path + ": expected key order " + expectedKeys + ", got " + actualKeys;
            }
            for (String key : expectedKeys) {
                String d = diff(expected.get(key), actual.get(key), path + "." + key,
                        fields == null ? null : fields.get(key));
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        return expected.equals(actual) ? null : path + ": expected " + expected + ", got " + actual;
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        return keys;
    }

    private static String describe(JsonNode node) {
        String text = node.toString();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
