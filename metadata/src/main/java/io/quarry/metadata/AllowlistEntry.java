package io.quarry.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A query collection in the allow-list ({@code allowlist} in Hasura's metadata), for every role or, when
 * {@code roles} is present, for those roles only.
 */
public record AllowlistEntry(String collection, Optional<List<String>> roles) {
    public static final String KEY = "allowlist";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    public AllowlistEntry {
        Objects.requireNonNull(collection, "collection");
        roles = roles.map(List::copyOf);
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
            out.add(new AllowlistEntry(MetadataJson.text(o.get("collection"), at + ".collection"),
                    scope == null || scope.isNull() ? Optional.empty() : readScope(scope, at + ".scope")));
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
        ObjectNode out = NODES.objectNode();
        out.put("collection", collection);
        ObjectNode scope = out.putObject("scope");
        scope.put("global", global());
        roles.ifPresent(r -> r.forEach(scope.putArray("roles")::add));
        return out;
    }

    public static ArrayNode toJson(List<AllowlistEntry> entries) {
        ArrayNode out = NODES.arrayNode();
        entries.forEach(e -> out.add(e.toJson()));
        return out;
    }
}
