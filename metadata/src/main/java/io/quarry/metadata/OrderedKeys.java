package io.quarry.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes an object of a typed record the way it was read. The same metadata reaches us in two key orders (the
 * server's export and the CLI's alphabetical project folder), so records remember the {@code keys} they were read
 * with and are written back in that order; a key read as null is written null.
 */
final class OrderedKeys {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private OrderedKeys() {
    }

    /**
     * The {@code keys} read, in order, from {@code values} (the modelled keys in Hasura's order, a Java null for one
     * without a value) or {@code other} (the keys not modelled); then the modelled keys not read that have a value
     * other than their default ({@code defaults}); then the other keys not read.
     */
    static ObjectNode write(List<String> keys, Map<String, JsonNode> values, Set<String> defaults,
            Map<String, JsonValue> other) {
        ObjectNode node = NODES.objectNode();
        for (String key : keys) {
            if (values.containsKey(key)) {
                JsonNode value = values.get(key);
                node.set(key, value == null ? NODES.nullNode() : value);
            } else if (other.containsKey(key)) {
                node.set(key, ExpressionJson.writeValue(other.get(key)));
            }
        }
        values.forEach((key, value) -> {
            if (!keys.contains(key) && value != null && !defaults.contains(key)) {
                node.set(key, value);
            }
        });
        other.forEach((key, value) -> {
            if (!node.has(key)) {
                node.set(key, ExpressionJson.writeValue(value));
            }
        });
        return node;
    }
}
