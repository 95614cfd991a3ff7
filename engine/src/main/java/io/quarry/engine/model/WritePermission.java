package io.quarry.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An insert, update or delete permission of a role on a table: the {@code columns} it may write (all when empty),
 * the rows it may change ({@code filter}, update and delete), what written rows must satisfy ({@code check},
 * insert and update), and column presets ({@code set}: a value or a session variable name).
 */
public record WritePermission(Optional<Set<String>> columns, JsonNode filter, JsonNode check, Map<String, JsonNode> set,
        boolean backendOnly) {
    public WritePermission {
        Objects.requireNonNull(columns, "columns");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(check, "check");
        set = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(set));
    }

    static WritePermission read(JsonNode permission) {
        Optional<Set<String>> allowed = SelectPermission.columns(permission);
        Map<String, JsonNode> set = new LinkedHashMap<>();
        permission.path("set").fields().forEachRemaining(e -> set.put(e.getKey(), e.getValue()));
        return new WritePermission(allowed, objectOrEmpty(permission.get("filter")),
                objectOrEmpty(permission.get("check")), set, permission.path("backend_only").asBoolean(false));
    }

    private static JsonNode objectOrEmpty(JsonNode node) {
        return node != null && node.isObject() ? node : JsonNodeFactory.instance.objectNode();
    }

    /** Whether a column may be given in the input; preset columns never may. */
    public boolean allowsColumn(String column) {
        return !set.containsKey(column) && columns.map(c -> c.contains(column)).orElse(true);
    }

    /** The admin's: every column, every row, no check, no presets. */
    public static WritePermission admin() {
        return new WritePermission(Optional.empty(), JsonNodeFactory.instance.objectNode(),
                JsonNodeFactory.instance.objectNode(), Map.of(), false);
    }
}
