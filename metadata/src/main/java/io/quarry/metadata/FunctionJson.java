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

/**
 * Reads and writes a source's tracked {@code functions} ({@link TrackedFunction}) and the top-level
 * {@code inherited_roles} ({@link InheritedRole}) in Hasura's format, keys as read.
 */
final class FunctionJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private FunctionJson() {
    }

    static List<TrackedFunction> readAll(JsonNode json, String path) {
        List<TrackedFunction> out = new ArrayList<>();
        if (json == null || json.isNull()) {
            return out;
        }
        ArrayNode array = MetadataJson.array(json, path);
        for (int i = 0; i < array.size(); i++) {
            out.add(read(array.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    static ArrayNode writeAll(List<TrackedFunction> functions) {
        ArrayNode array = NODES.arrayNode();
        functions.forEach(f -> array.add(write(f)));
        return array;
    }

    static TrackedFunction read(JsonNode json, String path) {
        ObjectNode entry = MetadataJson.object(json, path);
        List<String> keys = new ArrayList<>();
        Map<String, JsonValue> other = new LinkedHashMap<>();
        entry.fields().forEachRemaining(e -> {
            keys.add(e.getKey());
            if (!Set.of("function", "configuration", "permissions", "comment").contains(e.getKey())) {
                other.put(e.getKey(), ExpressionJson.readValue(e.getValue()));
            }
        });
        JsonNode config = entry.get("configuration");
        List<String> roles = new ArrayList<>();
        JsonNode permissions = entry.get("permissions");
        if (permissions != null && !permissions.isNull()) {
            ArrayNode array = MetadataJson.array(permissions, path + ".permissions");
            for (int i = 0; i < array.size(); i++) {
                String at = path + ".permissions[" + i + "]";
                roles.add(MetadataJson.text(MetadataJson.object(array.get(i), at).get("role"), at + ".role"));
            }
        }
        return new TrackedFunction(MetadataJson.readTable(entry.get("function"), path + ".function"),
                config == null || config.isNull() ? Optional.empty()
                        : Optional.of(readConfiguration(config, path + ".configuration")),
                roles, optionalText(entry.get("comment"), path + ".comment"), other, keys);
    }

    static ObjectNode write(TrackedFunction function) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        values.put("function", MetadataJson.writeTable(function.function()));
        values.put("configuration", function.configuration().<JsonNode>map(FunctionJson::writeConfiguration)
                .orElse(null));
        ArrayNode permissions = NODES.arrayNode();
        function.permissions().forEach(role -> permissions.addObject().put("role", role));
        values.put("permissions", function.permissions().isEmpty() && !function.keys().contains("permissions")
                ? null : permissions);
        values.put("comment", function.comment().<JsonNode>map(NODES::textNode).orElse(null));
        return OrderedKeys.write(function.keys(), values, Set.of(), function.other());
    }

    static TrackedFunction.Configuration readConfiguration(JsonNode json, String path) {
        ObjectNode config = MetadataJson.object(json, path);
        List<String> keys = new ArrayList<>();
        Map<String, JsonValue> other = new LinkedHashMap<>();
        config.fields().forEachRemaining(e -> {
            keys.add(e.getKey());
            if (!Set.of("custom_name", "custom_root_fields", "session_argument", "exposed_as").contains(e.getKey())) {
                other.put(e.getKey(), ExpressionJson.readValue(e.getValue()));
            }
        });
        JsonNode rootFields = config.get("custom_root_fields");
        return new TrackedFunction.Configuration(optionalText(config.get("custom_name"), path + ".custom_name"),
                rootFields == null || rootFields.isNull() ? Optional.empty()
                        : Optional.of(readRootFields(rootFields, path + ".custom_root_fields")),
                optionalText(config.get("session_argument"), path + ".session_argument"),
                optionalText(config.get("exposed_as"), path + ".exposed_as"), other, keys);
    }

    static ObjectNode writeConfiguration(TrackedFunction.Configuration config) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        values.put("custom_name", text(config.customName()));
        values.put("custom_root_fields", config.customRootFields().<JsonNode>map(FunctionJson::writeRootFields)
                .orElse(null));
        values.put("session_argument", text(config.sessionArgument()));
        values.put("exposed_as", text(config.exposedAs()));
        return OrderedKeys.write(config.keys(), values, Set.of(), config.other());
    }

    private static TrackedFunction.RootFields readRootFields(JsonNode json, String path) {
        ObjectNode fields = MetadataJson.object(json, path);
        List<String> keys = new ArrayList<>();
        Map<String, JsonValue> other = new LinkedHashMap<>();
        fields.fields().forEachRemaining(e -> {
            keys.add(e.getKey());
            if (!e.getKey().equals("function") && !e.getKey().equals("function_aggregate")) {
                other.put(e.getKey(), ExpressionJson.readValue(e.getValue()));
            }
        });
        return new TrackedFunction.RootFields(optionalText(fields.get("function"), path + ".function"),
                optionalText(fields.get("function_aggregate"), path + ".function_aggregate"), other, keys);
    }

    private static ObjectNode writeRootFields(TrackedFunction.RootFields fields) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        values.put("function", text(fields.function()));
        values.put("function_aggregate", text(fields.functionAggregate()));
        return OrderedKeys.write(fields.keys(), values, Set.of(), fields.other());
    }

    static List<InheritedRole> readInheritedRoles(JsonNode json, String path) {
        List<InheritedRole> out = new ArrayList<>();
        if (json == null || json.isNull()) {
            return out;
        }
        ArrayNode array = MetadataJson.array(json, path);
        for (int i = 0; i < array.size(); i++) {
            out.add(readInheritedRole(array.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    static InheritedRole readInheritedRole(JsonNode json, String path) {
        ObjectNode role = MetadataJson.object(json, path);
        List<String> keys = new ArrayList<>();
        Map<String, JsonValue> other = new LinkedHashMap<>();
        role.fields().forEachRemaining(e -> {
            keys.add(e.getKey());
            if (!e.getKey().equals("role_name") && !e.getKey().equals("role_set")) {
                other.put(e.getKey(), ExpressionJson.readValue(e.getValue()));
            }
        });
        return new InheritedRole(MetadataJson.text(role.get("role_name"), path + ".role_name"),
                MetadataJson.strings(role.get("role_set"), path + ".role_set"), other, keys);
    }

    static ObjectNode writeInheritedRole(InheritedRole role) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        values.put("role_name", NODES.textNode(role.roleName()));
        ArrayNode set = NODES.arrayNode();
        role.roleSet().forEach(set::add);
        values.put("role_set", set);
        return OrderedKeys.write(role.keys(), values, Set.of(), role.other());
    }

    static ArrayNode writeInheritedRoles(List<InheritedRole> roles) {
        ArrayNode array = NODES.arrayNode();
        roles.forEach(r -> array.add(writeInheritedRole(r)));
        return array;
    }

    private static JsonNode text(Optional<String> value) {
        return value.<JsonNode>map(NODES::textNode).orElse(null);
    }

    private static Optional<String> optionalText(JsonNode json, String path) {
        return json == null || json.isNull() ? Optional.empty() : Optional.of(MetadataJson.text(json, path));
    }
}
