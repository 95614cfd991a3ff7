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
 */
public record SelectPermission(Optional<Set<String>> columns, JsonNode filter, OptionalLong limit,
        boolean allowAggregations, Set<String> computedFields, Optional<Set<String>> queryRootFields) {
    public SelectPermission {
        Objects.requireNonNull(queryRootFields, "queryRootFields");
        Objects.requireNonNull(columns, "columns");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(limit, "limit");
        computedFields = Set.copyOf(computedFields);
    }

    /** Reads the {@code permission} object of a {@code select_permissions} entry. */
    static SelectPermission read(JsonNode permission) {
        JsonNode columns = permission.path("columns");
        Optional<Set<String>> allowed = Optional.empty();
        if (columns.isArray()) {
            Set<String> names = new HashSet<>();
            columns.forEach(c -> names.add(c.asText()));
            allowed = Optional.of(names);
        }
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
                permission.path("allow_aggregations").asBoolean(false), computed, rootFields);
    }

    /** Whether the table has root field {@code kind} for this role. */
    public boolean allowsRootField(String kind) {
        return queryRootFields.map(k -> k.contains(kind)).orElse(true);
    }

    public boolean allowsColumn(String column) {
        return columns.map(c -> c.contains(column)).orElse(true);
    }
}
