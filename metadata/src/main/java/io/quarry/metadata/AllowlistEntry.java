package io.quarry.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A query collection in the allow-list ({@code allowlist} in Hasura's metadata), for every role or, when
 * {@code roles} is present, for those roles only. It keeps the keys it was read with, in order ({@code keys}, and
 * {@code scopeKeys} of its {@code scope}), so that it is written back as read; an entry without a {@code scope} was
 * written before Hasura had scopes.
 */
public record AllowlistEntry(String collection, Optional<List<String>> roles, List<String> keys,
        List<String> scopeKeys) {
    public static final String KEY = "allowlist";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    public AllowlistEntry {
        Objects.requireNonNull(collection, "collection");
        roles = roles.map(List::copyOf);
        keys = List.copyOf(keys);
        scopeKeys = List.copyOf(scopeKeys);
    }

    /** An entry in Hasura's export form, with its scope. */
    public AllowlistEntry(String collection, Optional<List<String>> roles) {
        this(collection, roles, List.of("collection", "scope"), List.of());
    }

    public boolean global() {
        return roles.isEmpty();
    }

    public static List<AllowlistEntry> readAll(JsonNode json, String path) {
        ArrayNode array = MetadataJson.array(json, path);
        List<AllowlistEntry> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String at = path + "[" + i + "]";
            ObjectNode o = MetadataJson.object(array.get(i), at);
            JsonNode scope = o.get("scope");
            List<String> keys = new ArrayList<>();
            o.fieldNames().forEachRemaining(k -> {
                if (k.equals("collection") || k.equals("scope")) {
                    keys.add(k);
                }
            });
            List<String> scopeKeys = new ArrayList<>();
            if (scope != null) {
                scope.fieldNames().forEachRemaining(k -> {
                    if (k.equals("global") || k.equals("roles")) {
                        scopeKeys.add(k);
                    }
                });
            }
            out.add(new AllowlistEntry(MetadataJson.text(o.get("collection"), at + ".collection"),
                    scope == null || scope.isNull() ? Optional.empty() : readScope(scope, at + ".scope"), keys,
                    scopeKeys));
        }
        return out;
    }

    /** Reads a {@code scope}: {@code {"global": true}}, or {@code {"global": false, "roles": [...]}}. */
    public static Optional<List<String>> readScope(JsonNode json, String path) {
        ObjectNode scope = MetadataJson.object(json, path);
        JsonNode global = scope.get("global");
        if (global == null || !global.isBoolean()) {
            throw new MetadataException(path + ".global", "expected a boolean, but found " + MetadataJson.describe(global));
        }
        JsonNode roles = scope.get("roles");
        if (global.asBoolean()) {
            if (roles != null && !roles.isNull()) {
                throw new MetadataException(path, "roles are not allowed when global is true");
            }
            return Optional.empty();
        }
        if (roles == null || roles.isNull()) {
            throw new MetadataException(path, "the key 'roles' was not present");
        }
        List<String> names = MetadataJson.strings(roles, path + ".roles");
        if (names.isEmpty()) {
            throw new MetadataException(path + ".roles", "parsing NonEmpty failed, unexpected empty list");
        }
        if (new HashSet<>(names).size() != names.size()) {
            throw new MetadataException(path, "duplicate roles are not allowed");
        }
        return Optional.of(names);
    }

    public ObjectNode toJson() {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        values.put("collection", NODES.textNode(collection));
        Map<String, JsonNode> scope = new LinkedHashMap<>();
        scope.put("global", NODES.booleanNode(global()));
        scope.put("roles", roles.<JsonNode>map(r -> {
            ArrayNode names = NODES.arrayNode();
            r.forEach(names::add);
            return names;
        }).orElse(null));
        // Without a scope read, the entry is for every role, and says so by leaving the scope out.
        boolean unscoped = !keys.contains("scope") && global();
        values.put("scope", OrderedKeys.write(scopeKeys, scope, Set.of(), Map.of()));
        return OrderedKeys.write(keys, values, unscoped ? Set.of("scope") : Set.of(), Map.of());
    }

    public static ArrayNode toJson(List<AllowlistEntry> entries) {
        ArrayNode out = NODES.arrayNode();
        entries.forEach(e -> out.add(e.toJson()));
        return out;
    }
}
