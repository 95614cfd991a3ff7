package io.quarry.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A tracked table: its relationships and permissions. {@code other} keeps the table's metadata keys this model does
 * not interpret yet (configuration, computed fields, ...), in their original order.
 */
public record TableEntry(QualifiedTable table, List<Relationship> relationships, TablePermissions permissions,
        Map<String, JsonNode> other) {
    public TableEntry {
        Objects.requireNonNull(table, "table");
        relationships = List.copyOf(relationships);
        Objects.requireNonNull(permissions, "permissions");
        other = Collections.unmodifiableMap(new LinkedHashMap<>(other));
        for (String kind : TablePermissions.KINDS) {
            if (other.containsKey(kind + "_permissions")) {
                throw new IllegalArgumentException(kind + "_permissions are kept in permissions, not other");
            }
        }
    }

    public static TableEntry of(QualifiedTable table) {
        return new TableEntry(table, List.of(), TablePermissions.NONE, Map.of());
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
        return new TableEntry(table, next, permissions, other);
    }

    public TableEntry withoutRelationship(String name) {
        return new TableEntry(table, relationships.stream().filter(r -> !r.name().equals(name)).toList(),
                permissions, other);
    }

    public TableEntry withTable(QualifiedTable name) {
        return new TableEntry(name, relationships, permissions, other);
    }

    public TableEntry withRelationships(List<Relationship> next) {
        return new TableEntry(table, next, permissions, other);
    }

    public TableEntry withPermissions(TablePermissions next) {
        return new TableEntry(table, relationships, next, other);
    }

    public TableEntry withOther(Map<String, JsonNode> next) {
        return new TableEntry(table, relationships, permissions, next);
    }
}
