package io.quarry.engine.model;

import io.quarry.metadata.QualifiedTable;
import io.quarry.metadata.Relationship;
import java.util.List;
import java.util.Objects;

/**
 * A resolved relationship: each pair maps a column of this table to a column of {@code target}. With
 * {@code targetRefers}, the target's columns refer to this table's (array relationships, and object relationships
 * through the remote table's foreign key), so a nested insert writes the target's rows after this one's.
 */
public record RelationshipInfo(String name, Relationship.Kind kind, QualifiedTable target, List<ColumnPair> mapping,
        boolean targetRefers) {
    public RelationshipInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
        mapping = List.copyOf(mapping);
    }

    public record ColumnPair(String column, String targetColumn) {
    }
}
