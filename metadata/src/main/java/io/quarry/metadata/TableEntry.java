package io.quarry.metadata;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A tracked table: whether it is an enum table ({@code is_enum}, as written: Hasura leaves out {@code false}), its
 * configuration, relationships, computed fields and permissions. {@code other} keeps the table's metadata keys this
 * model does not interpret (remote relationships, event triggers, ...), as opaque values in their original order.
 */
public record TableEntry(QualifiedTable table, Optional<Boolean> isEnum, Optional<TableConfig> configuration,
        List<Relationship> relationships, List<ComputedField> computedFields, TablePermissions permissions,
        Map<String, JsonValue> other) {
    public TableEntry {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(isEnum, "isEnum");
        Objects.requireNonNull(configuration, "configuration");
        relationships = List.copyOf(relationships);
        computedFields = List.copyOf(computedFields);
        Objects.requireNonNull(permissions, "permissions");
        other = Collections.unmodifiableMap(new LinkedHashMap<>(other));
        for (String key : List.of("is_enum", "configuration", "computed_fields", "insert_permissions", "select_permissions", "update_permissions",
                "delete_permissions")) {
            if (other.containsKey(key)) {
                throw new IllegalArgumentException(key + " is kept in its own component, not in other");
            }
        }
    }

    public static TableEntry of(QualifiedTable table) {
        return new TableEntry(table, Optional.empty(), Optional.empty(), List.of(), List.of(), TablePermissions.NONE,
                Map.of());
    }

    public Optional<Relationship> relationship(String name) {
        return relationships.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    public List<Relationship> relationships(Relationship.Kind kind) {
        return relationships.stream().filter(r -> r.kind() == kind).toList();
    }

    public TableEntry withRelationship(Relationship relationship) {
        List<Relationship> next = new ArrayList<>(relationships);
        next.add(relationship);
        return new TableEntry(table, isEnum, configuration, next, computedFields, permissions, other);
    }

    public TableEntry withoutRelationship(String name) {
        return new TableEntry(table, isEnum, configuration, relationships.stream().filter(r -> !r.name().equals(name)).toList(),
                computedFields, permissions, other);
    }

    public TableEntry withTable(QualifiedTable name) {
        return new TableEntry(name, isEnum, configuration, relationships, computedFields, permissions, other);
    }

    public TableEntry withRelationships(List<Relationship> next) {
        return new TableEntry(table, isEnum, configuration, next, computedFields, permissions, other);
    }

    public TableEntry withPermissions(TablePermissions next) {
        return new TableEntry(table, isEnum, configuration, relationships, computedFields, next, other);
    }

    /** This entry with {@code next} as its configuration; none when empty. */
    public TableEntry withConfiguration(Optional<TableConfig> next) {
        return new TableEntry(table, isEnum, next, relationships, computedFields, permissions, other);
    }

    public Optional<ComputedField> computedField(String name) {
        return computedFields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    public TableEntry withComputedFields(List<ComputedField> next) {
        return new TableEntry(table, isEnum, configuration, relationships, next, permissions, other);
    }

    /** Whether Hasura serves the table as a GraphQL enum. */
    public boolean enumTable() {
        return isEnum.orElse(false);
    }

    public TableEntry withIsEnum(Optional<Boolean> next) {
        return new TableEntry(table, next, configuration, relationships, computedFields, permissions, other);
    }

    public TableEntry withOther(Map<String, JsonValue> next) {
        return new TableEntry(table, isEnum, configuration, relationships, computedFields, permissions, next);
    }
}
