package io.quarry.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads and writes a table's {@code computed_fields} ({@link ComputedField}) in Hasura's format, keys as read. */
final class ComputedFieldJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ComputedFieldJson() {
    }

    static List<ComputedField> readAll(JsonNode json, String path) {
        List<ComputedField> fields = new ArrayList<>();
        if (json == null || json.isNull()) {
            return fields;
        }
        ArrayNode array = MetadataJson.array(json, path);
        for (int i = 0; i < array.size(); i++) {
            fields.add(read(array.get(i), path + "[" + i + "]"));
        }
        return fields;
    }

    static ArrayNode writeAll(List<ComputedField> fields) {
        ArrayNode array = NODES.arrayNode();
        fields.forEach(f -> array.add(write(f)));
        return array;
    }

    /** An entry {@code {name, definition, comment}}; Hasura ignores (and so does not export) other keys. */
    static ComputedField read(JsonNode json, String path) {
        ObjectNode field = MetadataJson.object(json, path);
        List<String> keys = new ArrayList<>();
        field.fieldNames().forEachRemaining(k -> {
            if (Set.of("name", "definition", "comment").contains(k)) {
                keys.add(k);
            }
        });
        return new ComputedField(MetadataJson.text(field.get("name"), path + ".name"),
                definition(field.get("definition"), path + ".definition"),
                optionalText(field.get("comment"), path + ".comment"), keys);
    }

    static ObjectNode write(ComputedField field) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        values.put("name", NODES.textNode(field.name()));
        values.put("definition", definition(field.definition()));
        values.put("comment", field.comment().<JsonNode>map(NODES::textNode).orElse(null));
        return OrderedKeys.write(field.keys(), values, Set.of(), Map.of());
    }

    static ComputedField.Definition definition(JsonNode json, String path) {
        ObjectNode definition = MetadataJson.object(json, path);
        List<String> keys = new ArrayList<>();
        Map<String, JsonValue> other = new LinkedHashMap<>();
        definition.fields().forEachRemaining(e -> {
            keys.add(e.getKey());
            if (!Set.of("function", "table_argument", "session_argument").contains(e.getKey())) {
                other.put(e.getKey(), ExpressionJson.readValue(e.getValue()));
            }
        });
        return new ComputedField.Definition(MetadataJson.readTable(definition.get("function"), path + ".function"),
                optionalText(definition.get("table_argument"), path + ".table_argument"),
                optionalText(definition.get("session_argument"), path + ".session_argument"), other, keys);
    }

    static ObjectNode definition(ComputedField.Definition definition) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        values.put("function", MetadataJson.writeTable(definition.function()));
        values.put("table_argument", definition.tableArgument().<JsonNode>map(NODES::textNode).orElse(null));
        values.put("session_argument", definition.sessionArgument().<JsonNode>map(NODES::textNode).orElse(null));
        return OrderedKeys.write(definition.keys(), values, Set.of(), definition.other());
    }

    private static Optional<String> optionalText(JsonNode json, String path) {
        return json == null || json.isNull() ? Optional.empty() : Optional.of(MetadataJson.text(json, path));
    }
}
