package io.quarry.engine.model;

import io.quarry.engine.introspect.EnumValue;
import io.quarry.engine.introspect.PgName;
import io.quarry.engine.introspect.Relation;
import io.quarry.metadata.QualifiedTable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A tracked table as the API exposes it: {@code typeName} names its GraphQL object type ({@code author},
 * {@code schema_author} outside {@code public}, or its {@code custom_name}), {@code rootFields} its root fields by
 * kind ({@code select}, {@code select_by_pk}, {@code select_aggregate}), as configured or derived from the type name.
 * An enum table ({@code is_enum}) carries its rows as {@code enumValues}. Its {@code description} is the
 * {@code comment} of its configuration, else its comment in Postgres.
 */
public record TableInfo(QualifiedTable name, Relation relation, String typeName, Map<String, String> rootFields,
        List<ColumnInfo> columns, Optional<List<ColumnInfo>> primaryKey, List<RelationshipInfo> relationships,
        List<ComputedFieldInfo> computedFields, Optional<List<EnumValue>> enumValues, Optional<String> description) {
    public static final String SELECT = "select";
    public static final String SELECT_BY_PK = "select_by_pk";
    public static final String SELECT_AGGREGATE = "select_aggregate";
    public static final String SELECT_STREAM = "select_stream";
    public static final String INSERT = "insert";
    public static final String INSERT_ONE = "insert_one";
    public static final String UPDATE = "update";
    public static final String UPDATE_BY_PK = "update_by_pk";
    public static final String UPDATE_MANY = "update_many";
    public static final String DELETE = "delete";
    public static final String DELETE_BY_PK = "delete_by_pk";

    public TableInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(relation, "relation");
        Objects.requireNonNull(typeName, "typeName");
        rootFields = Map.copyOf(rootFields);
        columns = List.copyOf(columns);
        primaryKey = primaryKey.map(List::copyOf);
        relationships = List.copyOf(relationships);
        computedFields = List.copyOf(computedFields);
        enumValues = enumValues.map(List::copyOf);
        Objects.requireNonNull(description, "description");
    }

    public Optional<ComputedFieldInfo> computedField(String field) {
        return computedFields.stream().filter(c -> c.name().equals(field)).findFirst();
    }

    /** The name of a root field of this table, {@code select} being the table's own. */
    public String rootField(String kind) {
        String name = rootFields.get(kind);
        if (name != null) {
            return name;
        }
        return switch (kind) {
            case SELECT -> typeName;
            case SELECT_BY_PK -> typeName + "_by_pk";
            case SELECT_AGGREGATE -> typeName + "_aggregate";
            case SELECT_STREAM -> typeName + "_stream";
            case INSERT -> "insert_" + typeName;
            case INSERT_ONE -> "insert_" + typeName + "_one";
            case UPDATE -> "update_" + typeName;
            case UPDATE_BY_PK -> "update_" + typeName + "_by_pk";
            case UPDATE_MANY -> "update_" + typeName + "_many";
            case DELETE -> "delete_" + typeName;
            case DELETE_BY_PK -> "delete_" + typeName + "_by_pk";
            default -> throw new IllegalArgumentException(kind);
        };
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
