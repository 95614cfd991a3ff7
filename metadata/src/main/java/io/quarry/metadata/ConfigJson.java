package io.quarry.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads and writes a table's {@code configuration} ({@link TableConfig}) in Hasura's format, keys as read. */
final class ConfigJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> KNOWN = Set.of("custom_root_fields", "custom_name", "column_config",
            "custom_column_names", "comment");

    private ConfigJson() {
    }

    static TableConfig read(JsonNode json, String path) {
        ObjectNode config = MetadataJson.object(json, path);
        List<String> keys = new ArrayList<>();
        Map<String, JsonValue> other = new LinkedHashMap<>();
        config.fields().forEachRemaining(e -> {
            keys.add(e.getKey());
            if (!KNOWN.contains(e.getKey())) {
                other.put(e.getKey(), ExpressionJson.readValue(e.getValue()));
            }
        });
        Map<String, TableConfig.RootFieldName> rootFields = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : entries(config.get("custom_root_fields"), path + ".custom_root_fields")) {
            rootFields.put(e.getKey(), rootField(e.getValue(), path + ".custom_root_fields." + e.getKey()));
        }
        Map<String, TableConfig.ColumnConfig> columns = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : entries(config.get("column_config"), path + ".column_config")) {
            columns.put(e.getKey(), column(e.getValue(), path + ".column_config." + e.getKey()));
        }
        Map<String, String> names = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : entries(config.get("custom_column_names"), path + ".custom_column_names")) {
            names.put(e.getKey(), MetadataJson.text(e.getValue(), path + ".custom_column_names." + e.getKey()));
        }
        return new TableConfig(optionalText(config.get("custom_name"), path + ".custom_name"), rootFields, columns,
                names, optionalText(config.get("comment"), path + ".comment"), other, keys);
    }

    static ObjectNode write(TableConfig config) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        ObjectNode rootFields = NODES.objectNode();
        config.customRootFields().forEach((kind, field) -> rootFields.set(kind, rootField(field)));
        values.put("custom_root_fields", rootFields);
        values.put("custom_name", config.customName().<JsonNode>map(NODES::textNode).orElse(null));
        ObjectNode columns = NODES.objectNode();
        config.columnConfig().forEach((column, c) -> columns.set(column, column(c)));
        values.put("column_config", columns);
        ObjectNode names = NODES.objectNode();
        config.customColumnNames().forEach(names::put);
        values.put("custom_column_names", names);
        values.put("comment", config.comment().<JsonNode>map(NODES::textNode).orElse(null));
        // Keys not read are written when they say something, in Hasura's order.
        Set<String> defaults = new java.util.HashSet<>();
        values.forEach((key, value) -> {
            if (value != null && value.isContainerNode() && value.isEmpty()) {
                defaults.add(key);
            }
        });
        return OrderedKeys.write(config.keys(), values, defaults, config.other());
    }

    private static TableConfig.RootFieldName rootField(JsonNode json, String path) {
        if (json == null || json.isNull()) {
            return new TableConfig.RootFieldName(Optional.empty(), Optional.empty(), true, List.of());
        }
        if (json.isTextual()) {
            return new TableConfig.RootFieldName(Optional.of(json.textValue()), Optional.empty(), true, List.of());
        }
        ObjectNode field = MetadataJson.object(json, path);
        List<String> keys = new ArrayList<>();
        field.fieldNames().forEachRemaining(k -> {
            if (k.equals("name") || k.equals("comment")) {
                keys.add(k);
            } else {
                throw new MetadataException(path + "." + k, "unexpected key \"" + k + "\" (expected name, comment)");
            }
        });
        return new TableConfig.RootFieldName(optionalText(field.get("name"), path + ".name"),
                optionalText(field.get("comment"), path + ".comment"), false, keys);
    }

    private static JsonNode rootField(TableConfig.RootFieldName field) {
        if (field.bare()) {
            return field.name().<JsonNode>map(NODES::textNode).orElse(NODES.nullNode());
        }
        Map<String, JsonNode> values = new LinkedHashMap<>();
        values.put("name", field.name().<JsonNode>map(NODES::textNode).orElse(null));
        values.put("comment", field.comment().<JsonNode>map(NODES::textNode).orElse(null));
        return OrderedKeys.write(field.keys(), values, Set.of(), Map.of());
    }

    private static TableConfig.ColumnConfig column(JsonNode json, String path) {
        ObjectNode column = MetadataJson.object(json, path);
        List<String> keys = new ArrayList<>();
        Map<String, JsonValue> other = new LinkedHashMap<>();
        column.fields().forEachRemaining(e -> {
            keys.add(e.getKey());
            if (!e.getKey().equals("custom_name") && !e.getKey().equals("comment")) {
                other.put(e.getKey(), ExpressionJson.readValue(e.getValue()));
            }
        });
        return new TableConfig.ColumnConfig(optionalText(column.get("custom_name"), path + ".custom_name"),
                optionalText(column.get("comment"), path + ".comment"), other, keys);
    }

    private static JsonNode column(TableConfig.ColumnConfig column) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        values.put("custom_name", column.customName().<JsonNode>map(NODES::textNode).orElse(null));
        values.put("comment", column.comment().<JsonNode>map(NODES::textNode).orElse(null));
        return OrderedKeys.write(column.keys(), values, Set.of(), column.other());
    }

    private static Iterable<Map.Entry<String, JsonNode>> entries(JsonNode json, String path) {
        if (json == null || json.isNull()) {
            return List.of();
        }
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = MetadataJson.object(json, path).fields(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    private static Optional<String> optionalText(JsonNode json, String path) {
        return json == null || json.isNull() ? Optional.empty() : Optional.of(MetadataJson.text(json, path));
    }
}
