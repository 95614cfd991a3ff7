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
 * case says its keys follow the selection order. Two error responses count as a match (messages are advisory).
 */
final class ResponseMatcher {
    private ResponseMatcher() {
    }

    /**
     * The first difference, or null when the bodies match. {@code selection} is the query's selection tree (a map
     * from response key to the sub-selection, null for a leaf); with it, objects it describes must list their keys
     * in the expected order.
     */
    static String difference(JsonNode expected, JsonNode actual, Map<String, Object> selection) {
        if (isError(expected) && isError(actual)) {
            return null;
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
