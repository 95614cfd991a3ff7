package io.quarry.engine.schema;

import graphql.schema.GraphQLSchema;
import io.quarry.engine.model.Model;
import io.quarry.engine.model.RelationshipInfo;
import io.quarry.engine.model.SelectPermission;
import io.quarry.engine.model.WritePermission;
import io.quarry.engine.model.TableInfo;
import io.quarry.metadata.QualifiedTable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The schema one role sees, with what its fields mean: root fields by name and tables by GraphQL object type name;
 * {@code derived} keeps what later stages compute from it once (its permissions as the planner's filters).
 */
public record RoleSchema(String role, GraphQLSchema schema, Map<String, RootFieldInfo> rootFields,
        Map<String, TableInfo> tablesByType, Map<QualifiedTable, TableInfo> tablesByName,
        Map<QualifiedTable, SelectPermission> permissions, Model model,
        Map<QualifiedTable, Map<String, WritePermission>> writePermissions, Derived derived) {
    public RoleSchema {
        Objects.requireNonNull(derived, "derived");
        writePermissions = Collections.unmodifiableMap(new LinkedHashMap<>(writePermissions));
        Objects.requireNonNull(model, "model");
        permissions = Collections.unmodifiableMap(new LinkedHashMap<>(permissions));
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(schema, "schema");
        rootFields = Collections.unmodifiableMap(new LinkedHashMap<>(rootFields));
        tablesByType = Collections.unmodifiableMap(new LinkedHashMap<>(tablesByType));
        tablesByName = Collections.unmodifiableMap(new LinkedHashMap<>(tablesByName));
    }

    /** A new role schema, with nothing derived from it yet. */
    public RoleSchema(String role, GraphQLSchema schema, Map<String, RootFieldInfo> rootFields,
            Map<String, TableInfo> tablesByType, Map<QualifiedTable, TableInfo> tablesByName,
            Map<QualifiedTable, SelectPermission> permissions, Model model,
            Map<QualifiedTable, Map<String, WritePermission>> writePermissions) {
        this(role, schema, rootFields, tablesByType, tablesByName, permissions, model, writePermissions, new Derived());
    }

    public Optional<RootFieldInfo> rootField(String name) {
        return Optional.ofNullable(rootFields.get(name));
    }

    /**
     * The select permission limiting this role's reads of a table; none for the admin. Its filter is written against
     * the whole table, which {@link #model} (the full model, not this role's view) describes.
     */
    public Optional<SelectPermission> permission(QualifiedTable table) {
        return Optional.ofNullable(permissions.get(table));
    }

    /** The role's {@code insert}, {@code update} or {@code delete} permission on a table (all, for the admin). */
    public Optional<WritePermission> writePermission(QualifiedTable table, String kind) {
        return Optional.ofNullable(writePermissions.getOrDefault(table, Map.of()).get(kind));
    }

    /** The table a relationship leads to, if this role can see it. */
    public Optional<TableInfo> target(RelationshipInfo relationship) {
        return Optional.ofNullable(tablesByName.get(relationship.target()));
    }
}
