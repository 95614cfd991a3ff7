package io.quarry.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What a role may read of a table: its {@code columns} (all when empty), the rows {@code filter} admits (a boolean
 * expression, possibly with session variables), at most {@code limit} rows, aggregates if allowed, and the
 * {@code computedFields} it may see; {@code queryRootFields} limits the table's root fields ({@code select},
 * {@code select_by_pk}, {@code select_aggregate}) when given, leaving it reachable through relationships.
 * An inherited role's permission {@code redactions} maps a column (or computed field) that only some of its parent
 * roles may read to the filter of the rows where it is shown; elsewhere it reads null.
 */
public record SelectPermission(Optional<Set<String>> columns, JsonNode filter, OptionalLong limit,
        boolean allowAggregations, Set<String> computedFields, Optional<Set<String>> queryRootFields,
        java.util.Map<String, JsonNode> redactions) {
    public SelectPermission {
        Objects.requireNonNull(queryRootFields, "queryRootFields");
        redactions = java.util.Map.copyOf(redactions);
        Objects.requireNonNull(columns, "columns");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(limit, "limit");
        computedFields = Set.copyOf(computedFields);
    }

    /** Reads the {@code permission} object of a {@code select_permissions} entry. */
    static SelectPermission read(JsonNode permission) {
        Optional<Set<String>> allowed = columns(permission);
        Set<String> computed = new HashSet<>();
        permission.path("computed_fields").forEach(c -> computed.add(c.asText()));
        JsonNode filter = permission.hasNonNull("filter") ? permission.get("filter")
                : JsonNodeFactory.instance.objectNode();
        JsonNode limit = permission.get("limit");
        Optional<Set<String>> rootFields = Optional.empty();
        if (permission.path("query_root_fields").isArray()) {
            Set<String> kinds = new HashSet<>();
            permission.get("query_root_fields").forEach(k -> kinds.add(k.asText()));
            rootFields = Optional.of(kinds);
        }
        return new SelectPermission(allowed, filter,
                limit != null && limit.canConvertToLong() ? OptionalLong.of(limit.asLong()) : OptionalLong.empty(),
                permission.path("allow_aggregations").asBoolean(false), computed, rootFields, java.util.Map.of());
    }

    /**
     * The permission of an inherited role over a table its parents may read: rows any parent may read, columns any
     * may read (redacted where not all may), the larger limit, aggregates if any allows them.
     */
    static SelectPermission inherit(java.util.List<SelectPermission> parents) {
        com.fasterxml.jackson.databind.node.ArrayNode filters = JsonNodeFactory.instance.arrayNode();
        parents.forEach(p -> filters.add(p.filter()));
        JsonNode filter = parents.size() == 1 ? parents.get(0).filter()
                : JsonNodeFactory.instance.objectNode().set("_or", filters);
        boolean allColumns = parents.stream().anyMatch(p -> p.columns().isEmpty());
        Set<String> columns = new HashSet<>();
        parents.forEach(p -> p.columns().ifPresent(columns::addAll));
        Set<String> computed = new HashSet<>();
        parents.forEach(p -> computed.addAll(p.computedFields()));
        java.util.Map<String, JsonNode> redactions = new java.util.HashMap<>();
        Set<String> fields = new HashSet<>(columns);
        fields.addAll(computed);
        for (String field : fields) {
            com.fasterxml.jackson.databind.node.ArrayNode allowing = JsonNodeFactory.instance.arrayNode();
            for (SelectPermission p : parents) {
                if (p.allowsColumn(field) || p.computedFields().contains(field)) {
                    allowing.add(p.filter());
                }
            }
            if (allowing.size() < parents.size()) {
                redactions.put(field, allowing.size() == 1 ? allowing.get(0)
                        : JsonNodeFactory.instance.objectNode().set("_or", allowing));
            }
        }
        OptionalLong limit = parents.stream().anyMatch(p -> p.limit().isEmpty()) ? OptionalLong.empty()
                : OptionalLong.of(parents.stream().mapToLong(p -> p.limit().getAsLong()).max().orElseThrow());
        return new SelectPermission(allColumns ? Optional.empty() : Optional.of(columns), filter, limit,
                parents.stream().anyMatch(SelectPermission::allowAggregations), computed, Optional.empty(), redactions);
    }

    /** A permission's {@code columns}: a list of names, or empty for {@code "*"} (all). */
    static Optional<Set<String>> columns(JsonNode permission) {
        JsonNode columns = permission.path("columns");
        if (!columns.isArray()) {
            return Optional.empty();
        }
        Set<String> names = new HashSet<>();
        columns.forEach(c -> names.add(c.asText()));
        return Optional.of(names);
    }

    /** Whether the table has root field {@code kind} for this role. */
    public boolean allowsRootField(String kind) {
        return queryRootFields.map(k -> k.contains(kind)).orElse(true);
    }

    public boolean allowsColumn(String column) {
        return columns.map(c -> c.contains(column)).orElse(true);
    }
}
