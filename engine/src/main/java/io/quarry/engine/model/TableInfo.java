package io.quarry.engine.model;

import io.quarry.engine.introspect.PgName;
import io.quarry.engine.introspect.Relation;
import io.quarry.metadata.QualifiedTable;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A tracked table as the API exposes it: {@code typeName} names its GraphQL object type and root fields
 * ({@code author}, or {@code schema_author} outside {@code public}).
 */
public record TableInfo(QualifiedTable name, Relation relation, String typeName, List<ColumnInfo> columns,
        Optional<List<ColumnInfo>> primaryKey, List<RelationshipInfo> relationships) {
    public TableInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(relation, "relation");
        Objects.requireNonNull(typeName, "typeName");
        columns = List.copyOf(columns);
        primaryKey = primaryKey.map(List::copyOf);
        relationships = List.copyOf(relationships);
    }

    public PgName pgName() {
        return relation.name();
    }

    public Optional<ColumnInfo> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    public Optional<ColumnInfo> columnByField(String field) {
        return columns.stream().filter(c -> c.field().equals(field)).findFirst();
    }

    public Optional<RelationshipInfo> relationship(String relName) {
        return relationships.stream().filter(r -> r.name().equals(relName)).findFirst();
    }
}
