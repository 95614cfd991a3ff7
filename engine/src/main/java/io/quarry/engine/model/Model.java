package io.quarry.engine.model;

import io.quarry.metadata.QualifiedTable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The consistent part of the metadata, resolved against the catalog, and what could not be resolved. */
public record Model(Map<QualifiedTable, TableInfo> tables, List<FunctionInfo> functions,
        List<Inconsistency> inconsistencies, Map<QualifiedTable, Map<String, SelectPermission>> selectPermissions,
        Map<QualifiedTable, Map<String, Map<String, WritePermission>>> writePermissions) {
    public Model {
        writePermissions = Collections.unmodifiableMap(new LinkedHashMap<>(writePermissions));
        tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
        functions = List.copyOf(functions);
        inconsistencies = List.copyOf(inconsistencies);
        selectPermissions = Collections.unmodifiableMap(new LinkedHashMap<>(selectPermissions));
    }

    public Optional<SelectPermission> selectPermission(QualifiedTable table, String role) {
        return Optional.ofNullable(selectPermissions.getOrDefault(table, Map.of()).get(role));
    }

    /** A role's {@code insert}, {@code update} or {@code delete} permission on a table. */
    public Optional<WritePermission> writePermission(QualifiedTable table, String role, String kind) {
        return Optional.ofNullable(writePermissions.getOrDefault(table, Map.of()).getOrDefault(role, Map.of()).get(kind));
    }

    /** Whether the role may insert, update or delete anything. */
    public boolean hasWritePermission(String role) {
        return writePermissions.values().stream().anyMatch(byRole -> !byRole.getOrDefault(role, Map.of()).isEmpty());
    }

    /** Every role some permission names. */
    public java.util.Set<String> roles() {
        java.util.Set<String> roles = new java.util.TreeSet<>();
        selectPermissions.values().forEach(byRole -> roles.addAll(byRole.keySet()));
        writePermissions.values().forEach(byRole -> roles.addAll(byRole.keySet()));
        return roles;
    }

    public Optional<TableInfo> table(QualifiedTable name) {
        return Optional.ofNullable(tables.get(name));
    }

    /** The table a relationship leads to; resolution guarantees it is present. */
    public TableInfo target(RelationshipInfo relationship) {
        TableInfo t = tables.get(relationship.target());
        if (t == null) {
            throw new IllegalStateException("relationship " + relationship.name() + " leads to an unresolved table");
        }
        return t;
    }
}
