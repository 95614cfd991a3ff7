package io.quarry.engine.model;

import io.quarry.metadata.QualifiedTable;
import io.quarry.metadata.Relationship;
import java.util.List;
import java.util.Objects;

/** A resolved relationship: each pair maps a column of this table to a column of {@code target}. */
public record RelationshipInfo(String name, Relationship.Kind kind, QualifiedTable target, List<ColumnPair> mapping) {
    public RelationshipInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
        mapping = List.copyOf(mapping);
    }

    public record ColumnPair(String column, String targetColumn) {
    }
}
