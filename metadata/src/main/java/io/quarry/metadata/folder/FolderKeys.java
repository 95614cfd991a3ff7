package io.quarry.metadata.folder;

import java.util.Map;
import java.util.Set;

/**
 * The keys Hasura accepts where its metadata format is closed (the root of a table or function file, a source in
 * databases.yaml, a permission, a relationship, version.yaml, actions.yaml), so that a misspelt key is an error
 * naming the file, line and column instead of a silently dropped setting. Parts whose shape grows with every Hasura
 * release (remote schemas, transforms, connection settings) are not checked here.
 */
final class FolderKeys {
    private static final Set<String> RELATIONSHIP = Set.of("name", "using", "comment");
    private static final Set<String> PERMISSION_ENTRY = Set.of("role", "permission", "comment");
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("version", Set.of("version")),
            Map.entry("sources[]", Set.of("name", "kind", "configuration", "tables", "functions", "query_tags",
                    "customization", "health_check", "logical_models", "native_queries", "stored_procedures",
                    "custom_return_types")),
            Map.entry("table", Set.of("table", "configuration", "is_enum", "object_relationships",
                    "array_relationships", "computed_fields", "remote_relationships", "insert_permissions",
                    "select_permissions", "update_permissions", "delete_permissions", "event_triggers",
                    "apollo_federation_config", "logical_model")),
            Map.entry("table.configuration", Set.of("custom_name", "custom_root_fields", "column_config",
                    "custom_column_names", "comment")),
            Map.entry("table.object_relationships[]", RELATIONSHIP),
            Map.entry("table.array_relationships[]", RELATIONSHIP),
            Map.entry("table.insert_permissions[]", PERMISSION_ENTRY),
            Map.entry("table.select_permissions[]", PERMISSION_ENTRY),
            Map.entry("table.update_permissions[]", PERMISSION_ENTRY),
            Map.entry("table.delete_permissions[]", PERMISSION_ENTRY),
            Map.entry("table.insert_permissions[].permission", Set.of("check", "set", "columns", "backend_only",
                    "validate_input")),
            Map.entry("table.select_permissions[].permission", Set.of("columns", "computed_fields", "filter",
                    "limit", "allow_aggregations", "query_root_fields", "subscription_root_fields")),
            Map.entry("table.update_permissions[].permission", Set.of("columns", "filter", "check", "set",
                    "backend_only", "validate_input")),
            Map.entry("table.delete_permissions[].permission", Set.of("filter", "backend_only", "validate_input")),
            Map.entry("function", Set.of("function", "configuration", "permissions", "comment")),
            Map.entry("actions", Set.of("actions", "custom_types")),
            Map.entry("actions.actions[]", Set.of("name", "definition", "permissions", "comment")),
            Map.entry("actions.custom_types", Set.of("enums", "input_objects", "objects", "scalars")));

    private FolderKeys() {
    }

    /** The keys allowed in a mapping at {@code shape}, or null when any key is accepted there. */
    static Set<String> allowed(String shape) {
        return ALLOWED.get(canonical(shape));
    }

    /** The shape of an included file's root, given the shape of the node the include stands for. */
    static String includedShape(String shape) {
        return shape == null ? null : canonical(shape);
    }

    private static String canonical(String shape) {
        for (String[] alias : new String[][] {{"sources[].tables[]", "table"}, {"tables[]", "table"},
                {"sources[].functions[]", "function"}, {"functions[]", "function"},
                {"sources[].tables", "tables"}, {"sources[].functions", "functions"}}) {
            if (shape.equals(alias[0]) || shape.startsWith(alias[0] + ".") || shape.startsWith(alias[0] + "[")) {
                return alias[1] + shape.substring(alias[0].length());
            }
        }
        return shape;
    }
}
