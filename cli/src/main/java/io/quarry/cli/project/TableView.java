package io.quarry.cli.project;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one tracked table of the export JSON means to GraphQL clients: its type name, its root field names, its
 * columns' GraphQL names and its permissions by role. Read from the metadata alone; columns a permission grants with
 * {@code "*"} are expanded with {@code databaseColumns} (the table's columns in the database, when known).
 */
record TableView(String key, String typeName, Map<String, String> rootFields, Map<String, String> columnNames,
        Set<String> columns, Map<String, JsonNode> relationships, Set<String> computedFields, Map<String, Select> select,
        Map<String, Set<String>> insert, Map<String, Set<String>> update, Set<String> delete) {
    static final List<String> SELECT_ROOTS = List.of("select", "select_by_pk", "select_aggregate");
    static final List<String> INSERT_ROOTS = List.of("insert", "insert_one");
    static final List<String> UPDATE_ROOTS = List.of("update", "update_by_pk", "update_many");
    static final List<String> DELETE_ROOTS = List.of("delete", "delete_by_pk");

    /**
     * A role's select permission: the columns it grants, its computed fields, whether aggregations are allowed and
     * which root fields it exposes in query_root and subscription_root (all of them when the list is absent).
     */
    record Select(Set<String> columns, Set<String> computedFields, boolean aggregations,
            Optional<Set<String>> queryRoots, Optional<Set<String>> subscriptionRoots) {
        boolean exposes(String root, String kind) {
            return (root.equals("query_root") ? queryRoots : subscriptionRoots).map(s -> s.contains(kind)).orElse(true);
        }
    }

    static String key(JsonNode table) {
        JsonNode t = table.path("table");
        return t.isTextual() ? "public." + t.asText() : t.path("schema").asText("public") + "." + t.path("name").asText();
    }

    static TableView of(JsonNode table, Optional<List<String>> databaseColumns) {
        JsonNode t = table.path("table");
        String schema = t.isTextual() ? "public" : t.path("schema").asText("public");
        String name = t.isTextual() ? t.asText() : t.path("name").asText();
        JsonNode config = table.path("configuration");
        String typeName = config.path("custom_name").isTextual() ? config.path("custom_name").asText()
                : schema.equals("public") ? name : schema + "_" + name;
        Map<String, String> custom = new LinkedHashMap<>();
        config.path("custom_root_fields").fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            String n = v.isTextual() ? v.asText() : v.path("name").asText(null);
            if (n != null) {
                custom.put(e.getKey(), n);
            }
        });
        Map<String, String> roots = new LinkedHashMap<>();
        for (List<String> kinds : List.of(SELECT_ROOTS, INSERT_ROOTS, UPDATE_ROOTS, DELETE_ROOTS)) {
            for (String kind : kinds) {
                roots.put(kind, custom.getOrDefault(kind, defaultRoot(kind, typeName)));
            }
        }
        Map<String, String> columnNames = new LinkedHashMap<>();
        config.path("custom_column_names").fields().forEachRemaining(e -> columnNames.put(e.getKey(), e.getValue().asText()));
        config.path("column_config").fields().forEachRemaining(e -> {
            if (e.getValue().path("custom_name").isTextual()) {
                columnNames.put(e.getKey(), e.getValue().path("custom_name").asText());
            }
        });
        Map<String, JsonNode> relationships = new LinkedHashMap<>();
        for (String list : List.of("object_relationships", "array_relationships")) {
            table.path(list).forEach(r -> relationships.put(r.path("name").asText(), r.path("using")));
        }
        Set<String> computed = new LinkedHashSet<>();
        table.path("computed_fields").forEach(c -> computed.add(c.path("name").asText()));

        // The database's columns, else every column the metadata names ("*" and the admin's columns).
        Set<String> known = new LinkedHashSet<>(databaseColumns.orElseGet(() -> List.copyOf(namedColumns(table))));
        Map<String, Select> select = new LinkedHashMap<>();
        table.path("select_permissions").forEach(p -> {
            JsonNode perm = p.path("permission");
            Set<String> computedFields = new LinkedHashSet<>();
            perm.path("computed_fields").forEach(c -> computedFields.add(c.asText()));
            select.put(p.path("role").asText(), new Select(columns(perm, known, Set.of()), computedFields,
                    perm.path("allow_aggregations").asBoolean(false), rootList(perm, "query_root_fields"),
                    rootList(perm, "subscription_root_fields")));
        });
        Map<String, Set<String>> insert = new LinkedHashMap<>();
        table.path("insert_permissions").forEach(p -> insert.put(p.path("role").asText(),
                columns(p.path("permission"), known, presets(p.path("permission")))));
        Map<String, Set<String>> update = new LinkedHashMap<>();
        table.path("update_permissions").forEach(p -> update.put(p.path("role").asText(),
                columns(p.path("permission"), known, presets(p.path("permission")))));
        Set<String> delete = new LinkedHashSet<>();
        table.path("delete_permissions").forEach(p -> delete.add(p.path("role").asText()));
        return new TableView(schema + "." + name, typeName, roots, columnNames, known, relationships, computed, select,
                insert, update, delete);
    }

    /** The columns a table's metadata names: in its column configuration and its permissions. */
    static Set<String> namedColumns(JsonNode table) {
        Set<String> out = new LinkedHashSet<>();
        JsonNode config = table.path("configuration");
        config.path("custom_column_names").fieldNames().forEachRemaining(out::add);
        config.path("column_config").fieldNames().forEachRemaining(out::add);
        for (String kind : List.of("select", "insert", "update")) {
            table.path(kind + "_permissions").forEach(p -> p.path("permission").path("columns").forEach(c -> {
                if (!c.asText().equals("*")) {
                    out.add(c.asText());
                }
            }));
        }
        return out;
    }

    /** A column's name in GraphQL: its custom name, else its own. */
    String field(String column) {
        return columnNames.getOrDefault(column, column);
    }

    /** The roles with any permission on this table. */
    Set<String> roles() {
        Set<String> roles = new LinkedHashSet<>(select.keySet());
        roles.addAll(insert.keySet());
        roles.addAll(update.keySet());
        roles.addAll(delete);
        return roles;
    }

    private static String defaultRoot(String kind, String typeName) {
        return switch (kind) {
            case "select" -> typeName;
            case "select_by_pk" -> typeName + "_by_pk";
            case "select_aggregate" -> typeName + "_aggregate";
            case "insert" -> "insert_" + typeName;
            case "insert_one" -> "insert_" + typeName + "_one";
            case "update" -> "update_" + typeName;
            case "update_by_pk" -> "update_" + typeName + "_by_pk";
            case "update_many" -> "update_" + typeName + "_many";
            case "delete" -> "delete_" + typeName;
            case "delete_by_pk" -> "delete_" + typeName + "_by_pk";
            default -> throw new AssertionError(kind);
        };
    }

    /** The columns granted, less those a preset fills (they are not inputs). */
    private static Set<String> columns(JsonNode permission, Set<String> known, Set<String> presets) {
        JsonNode columns = permission.path("columns");
        Set<String> out = new LinkedHashSet<>();
        if (columns.isTextual() && columns.asText().equals("*")) {
            out.addAll(known);
        } else {
            columns.forEach(c -> out.add(c.asText()));
        }
        out.removeAll(presets);
        return out;
    }

    private static Set<String> presets(JsonNode permission) {
        Set<String> out = new LinkedHashSet<>();
        permission.path("set").fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static Optional<Set<String>> rootList(JsonNode permission, String key) {
        if (!permission.path(key).isArray()) {
            return Optional.empty();
        }
        Set<String> out = new LinkedHashSet<>();
        permission.path(key).forEach(k -> out.add(k.asText()));
        return Optional.of(out);
    }
}
