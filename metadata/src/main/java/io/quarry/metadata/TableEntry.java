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
 * A tracked table and its relationships. {@code other} keeps the table's metadata keys this model does not
 * interpret yet, in their original order.
 */
public record TableEntry(QualifiedTable table, List<Relationship> relationships, Map<String, JsonNode> other) {
    public TableEntry {
        Objects.requireNonNull(table, "table");
        relationships = List.copyOf(relationships);
        other = Collections.unmodifiableMap(new LinkedHashMap<>(other));
    }

    public static TableEntry of(QualifiedTable table) {
        return new TableEntry(table, List.of(), Map.of());
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
        return new TableEntry(table, next, other);
    }

    public TableEntry withoutRelationship(String name) {
        return new TableEntry(table, relationships.stream().filter(r -> !r.name().equals(name)).toList(), other);
    }
}
