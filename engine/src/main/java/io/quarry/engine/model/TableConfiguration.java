package io.quarry.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.metadata.TableEntry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The naming part of a table's {@code configuration} in metadata: {@code custom_name}, {@code custom_root_fields}
 * (a name, or an object with a {@code name}), and column names from {@code custom_column_names} or
 * {@code column_config.<column>.custom_name}.
 */
record TableConfiguration(Optional<String> customName, Map<String, String> rootFields, Map<String, String> columnNames) {

    static TableConfiguration of(TableEntry entry) {
        JsonNode config = entry.other().get("configuration");
        if (config == null || !config.isObject()) {
            return new TableConfiguration(Optional.empty(), Map.of(), Map.of());
        }
        Optional<String> customName = Optional.ofNullable(config.get("custom_name"))
                .filter(JsonNode::isTextual).map(JsonNode::asText);
        Map<String, String> rootFields = new LinkedHashMap<>();
        config.path("custom_root_fields").fields().forEachRemaining(e -> {
            JsonNode value = e.getValue();
            String name = value.isTextual() ? value.asText() : value.path("name").asText(null);
            if (name != null) {
                rootFields.put(e.getKey(), name);
            }
        });
        Map<String, String> columnNames = new LinkedHashMap<>();
        config.path("custom_column_names").fields().forEachRemaining(e -> {
            if (e.getValue().isTextual()) {
                columnNames.put(e.getKey(), e.getValue().asText());
            }
        });
        config.path("column_config").fields().forEachRemaining(e -> {
            JsonNode name = e.getValue().get("custom_name");
            if (name != null && name.isTextual()) {
                columnNames.put(e.getKey(), name.asText());
            }
        });
        return new TableConfiguration(customName, rootFields, columnNames);
    }
}
