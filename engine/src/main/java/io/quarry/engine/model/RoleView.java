package io.quarry.engine.model;

import io.quarry.metadata.QualifiedTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The part of the model a role may read: the tables it has a select permission on, with only the columns, computed
 * fields and relationships (to such tables) the permission allows; a key lookup only when every key column is
 * readable; tracked functions only over readable tables.
 */
public final class RoleView {
    private RoleView() {
    }

    public static Model of(Model model, String role) {
        Map<QualifiedTable, TableInfo> tables = new LinkedHashMap<>();
        for (TableInfo table : model.tables().values()) {
            Optional<SelectPermission> permission = model.selectPermission(table.name(), role);
            if (permission.isEmpty()) {
                continue;
            }
            SelectPermission p = permission.get();
            List<ColumnInfo> columns = table.columns().stream().filter(c -> p.allowsColumn(c.name())).toList();
            Optional<List<ColumnInfo>> primaryKey = table.primaryKey()
                    .filter(pk -> pk.stream().allMatch(c -> p.allowsColumn(c.name())));
            List<ComputedFieldInfo> computed = table.computedFields().stream()
                    .filter(c -> p.computedFields().contains(c.name())).toList();
            tables.put(table.name(), new TableInfo(table.name(), table.relation(), table.typeName(), table.rootFields(),
                    columns, primaryKey, table.relationships(), computed, table.enumValues(), table.description()));
        }
        // Relationships and table computed fields lead only to tables the role may read.
        Map<QualifiedTable, TableInfo> linked = new LinkedHashMap<>();
        for (TableInfo table : tables.values()) {
            List<RelationshipInfo> relationships = new ArrayList<>();
            for (RelationshipInfo rel : table.relationships()) {
                if (tables.containsKey(rel.target())) {
                    relationships.add(rel);
                }
            }
            List<ComputedFieldInfo> computed = table.computedFields().stream()
                    .filter(c -> c.returnTable().map(tables::containsKey).orElse(true)).toList();
            linked.put(table.name(), new TableInfo(table.name(), table.relation(), table.typeName(), table.rootFields(),
                    table.columns(), table.primaryKey(), relationships, computed, table.enumValues(),
                    table.description()));
        }
        List<FunctionInfo> functions = model.functions().stream()
                .filter(f -> linked.containsKey(f.returnTable())).toList();
        return new Model(linked, functions, model.inconsistencies(), model.selectPermissions(),
                model.writePermissions());
    }
}
