package io.quarry.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads and writes a source's {@code customization} ({@link SourceCustomization}) in Hasura's format, keys as read. */
final class CustomizationJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CustomizationJson() {
    }

    static SourceCustomization read(JsonNode json, String path) {
        ObjectNode customization = MetadataJson.object(json, path);
        List<String> keys = new ArrayList<>();
        Map<String, JsonValue> other = others(customization, Set.of("root_fields", "type_names", "naming_convention"),
                keys);
        JsonNode rootFields = customization.get("root_fields");
        JsonNode typeNames = customization.get("type_names");
        return new SourceCustomization(
                absent(rootFields) ? Optional.empty() : Optional.of(rootFields(rootFields, path + ".root_fields")),
                absent(typeNames) ? Optional.empty() : Optional.of(typeNames(typeNames, path + ".type_names")),
                text(customization.get("naming_convention"), path + ".naming_convention"), other, keys);
    }

    static ObjectNode write(SourceCustomization customization) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        values.put("root_fields", customization.rootFields().<JsonNode>map(CustomizationJson::write).orElse(null));
        values.put("type_names", customization.typeNames().<JsonNode>map(CustomizationJson::write).orElse(null));
        values.put("naming_convention", text(customization.namingConvention()));
        return OrderedKeys.write(customization.keys(), values, Set.of(), customization.other());
    }

    private static SourceCustomization.RootFields rootFields(JsonNode json, String path) {
        ObjectNode fields = MetadataJson.object(json, path);
        List<String> keys = new ArrayList<>();
        Map<String, JsonValue> other = others(fields, Set.of("namespace", "prefix", "suffix"), keys);
        return new SourceCustomization.RootFields(text(fields.get("namespace"), path + ".namespace"),
                text(fields.get("prefix"), path + ".prefix"), text(fields.get("suffix"), path + ".suffix"), other,
                keys);
    }

    private static ObjectNode write(SourceCustomization.RootFields fields) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        values.put("namespace", text(fields.namespace()));
        values.put("prefix", text(fields.prefix()));
        values.put("suffix", text(fields.suffix()));
        return OrderedKeys.write(fields.keys(), values, Set.of(), fields.other());
    }

    private static SourceCustomization.TypeNames typeNames(JsonNode json, String path) {
        ObjectNode names = MetadataJson.object(json, path);
        Map<String, String> mapping = new LinkedHashMap<>();
        JsonNode map = names.get("mapping");
        if (!absent(map)) {
            MetadataJson.object(map, path + ".mapping").fields().forEachRemaining(e -> mapping.put(e.getKey(),
                    MetadataJson.text(e.getValue(), path + ".mapping." + e.getKey())));
        }
        List<String> keys = new ArrayList<>();
        Map<String, JsonValue> other = others(names, Set.of("prefix", "suffix", "mapping"), keys);
        return new SourceCustomization.TypeNames(text(names.get("prefix"), path + ".prefix"),
                text(names.get("suffix"), path + ".suffix"), mapping, other, keys);
    }

    private static ObjectNode write(SourceCustomization.TypeNames names) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        values.put("prefix", text(names.prefix()));
        values.put("suffix", text(names.suffix()));
        ObjectNode mapping = NODES.objectNode();
        names.mapping().forEach(mapping::put);
        values.put("mapping", mapping);
        return OrderedKeys.write(names.keys(), values, names.mapping().isEmpty() ? Set.of("mapping") : Set.of(),
                names.other());
    }

    /** The keys of {@code node} in order into {@code keys}; the values of those not {@code known}. */
    private static Map<String, JsonValue> others(ObjectNode node, Set<String> known, List<String> keys) {
        Map<String, JsonValue> other = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            keys.add(e.getKey());
            if (!known.contains(e.getKey())) {
                other.put(e.getKey(), ExpressionJson.readValue(e.getValue()));
            }
        });
        return other;
    }

    private static boolean absent(JsonNode json) {
        return json == null || json.isNull();
    }

    private static Optional<String> text(JsonNode json, String path) {
        return absent(json) ? Optional.empty() : Optional.of(MetadataJson.text(json, path));
    }

    private static JsonNode text(Optional<String> value) {
        return value.<JsonNode>map(NODES::textNode).orElse(null);
    }
}
