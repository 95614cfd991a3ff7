package io.quarry.cli.project;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parts of each role's GraphQL schema that metadata decides, as coordinates ({@code query_root.author},
 * {@code author.name}, {@code author_insert_input.name}): what a client of that role can select or send. Built from
 * export JSON alone, so both the engine's metadata and the folder's can be compared; a part that also depends on the
 * database (a {@code _by_pk} field needs a primary key) is listed, and the engine's own introspection tells whether
 * it was really there (see {@link BreakingChanges}).
 */
record RoleSchemas(Map<String, TableView> tables, Map<String, FunctionView> functions,
        Map<String, Map<String, Element>> roles) {
    static final String ADMIN = "admin";

    enum Kind { SELECT_ROOT, COLUMN, RELATIONSHIP, COMPUTED_FIELD, INSERT_ROOT, INSERT_COLUMN, UPDATE_ROOT,
        UPDATE_COLUMN, DELETE_ROOT, FUNCTION_ROOT }

    /**
     * One field a client can use: its coordinate, why it exists (the kind, the table or function that owns it, and
     * the root field kind, column, relationship or computed field it comes from) and whether it is an input field.
     */
    record Element(String coordinate, Kind kind, String owner, String key, boolean input) {
        /** The name a client writes: a root field's own name, else {@code type.field}. */
        String clientField() {
            return coordinate.startsWith("query_root.") || coordinate.startsWith("mutation_root.")
                    || coordinate.startsWith("subscription_root.") ? coordinate.substring(coordinate.indexOf('.') + 1)
                    : coordinate;
        }

        String root() {
            return coordinate.substring(0, coordinate.indexOf('.'));
        }
    }

    /** A tracked function: its root field names, whether it is a mutation, the roles its permissions name. */
    record FunctionView(String key, String rootField, String aggregateField, boolean mutation,
            Optional<Set<String>> permissions) {
        static FunctionView of(JsonNode function) {
            JsonNode f = function.path("function");
            String schema = f.isTextual() ? "public" : f.path("schema").asText("public");
            String name = f.isTextual() ? f.asText() : f.path("name").asText();
            JsonNode config = function.path("configuration");
            String base = config.path("custom_name").isTextual() ? config.path("custom_name").asText()
                    : schema.equals("public") ? name : schema + "_" + name;
            String root = rootName(config.path("custom_root_fields").path("function"), base);
            String aggregate = rootName(config.path("custom_root_fields").path("function_aggregate"),
                    base + "_aggregate");
            Optional<Set<String>> permissions = Optional.empty();
            if (function.path("permissions").isArray()) {
                Set<String> roles = new LinkedHashSet<>();
                function.path("permissions").forEach(p -> roles.add(p.path("role").asText()));
                permissions = Optional.of(roles);
            }
            return new FunctionView(schema + "." + name, root, aggregate,
                    config.path("exposed_as").asText("").equals("mutation"), permissions);
        }

        private static String rootName(JsonNode custom, String fallback) {
            return custom.isTextual() ? custom.asText() : custom.path("name").asText(fallback);
        }
    }

    /**
     * @param metadata export JSON (the engine's or the folder's)
     * @param databaseColumns the columns of each table ({@code schema.name}) in the database, to expand {@code "*"};
     *                        empty when unknown
     */
    static RoleSchemas of(JsonNode metadata, Map<String, List<String>> databaseColumns) {
        Map<String, TableView> tables = new LinkedHashMap<>();
        Map<String, FunctionView> functions = new LinkedHashMap<>();
        for (JsonNode source : metadata.path("sources")) {
            for (JsonNode table : source.path("tables")) {
                String key = TableView.key(table);
                tables.put(key, TableView.of(table, Optional.ofNullable(databaseColumns.get(key))));
            }
            for (JsonNode function : source.path("functions")) {
                FunctionView view = FunctionView.of(function);
                functions.put(view.key(), view);
            }
        }
        Set<String> roleNames = new LinkedHashSet<>();
        roleNames.add(ADMIN);
        tables.values().forEach(t -> roleNames.addAll(t.roles()));
        functions.values().forEach(f -> f.permissions().ifPresent(roleNames::addAll));
        Map<String, Map<String, Element>> roles = new LinkedHashMap<>();
        for (String role : roleNames) {
            Map<String, Element> elements = new LinkedHashMap<>();
            tables.values().forEach(t -> table(t, role, tables, elements));
            functions.values().forEach(f -> function(f, role, tables, elements));
            roles.put(role, elements);
        }
        // An inherited role sees what any of its roles sees.
        for (JsonNode inherited : metadata.path("inherited_roles")) {
            Map<String, Element> elements = new LinkedHashMap<>();
            inherited.path("role_set").forEach(r -> elements.putAll(roles.getOrDefault(r.asText(), Map.of())));
            roles.put(inherited.path("role_name").asText(), elements);
        }
        return new RoleSchemas(tables, functions, roles);
    }

    private static void table(TableView t, String role, Map<String, TableView> tables, Map<String, Element> out) {
        boolean admin = role.equals(ADMIN);
        TableView.Select select = admin ? adminSelect(t) : t.select().get(role);
        if (select != null) {
            for (String kind : TableView.SELECT_ROOTS) {
                if (kind.equals("select_aggregate") && !select.aggregations()) {
                    continue;
                }
                for (String root : List.of("query_root", "subscription_root")) {
                    if (select.exposes(root, kind)) {
                        add(out, root + "." + t.rootFields().get(kind), Kind.SELECT_ROOT, t.key(), kind, false);
                    }
                }
            }
            select.columns().forEach(c -> add(out, t.typeName() + "." + t.field(c), Kind.COLUMN, t.key(), c, false));
            select.computedFields().forEach(c -> add(out, t.typeName() + "." + c, Kind.COMPUTED_FIELD, t.key(), c,
                    false));
            t.relationships().forEach((name, using) -> {
                if (admin || target(using).map(tables::get).map(target -> target.select().containsKey(role))
                        .orElse(true)) {
                    add(out, t.typeName() + "." + name, Kind.RELATIONSHIP, t.key(), name, false);
                }
            });
        }
        if (admin || t.insert().containsKey(role)) {
            TableView.INSERT_ROOTS.forEach(k -> add(out, "mutation_root." + t.rootFields().get(k), Kind.INSERT_ROOT,
                    t.key(), k, false));
            (admin ? adminSelect(t).columns() : t.insert().get(role)).forEach(c -> add(out,
                    t.typeName() + "_insert_input." + t.field(c), Kind.INSERT_COLUMN, t.key(), c, true));
        }
        if (admin || t.update().containsKey(role)) {
            TableView.UPDATE_ROOTS.forEach(k -> add(out, "mutation_root." + t.rootFields().get(k), Kind.UPDATE_ROOT,
                    t.key(), k, false));
            (admin ? adminSelect(t).columns() : t.update().get(role)).forEach(c -> add(out,
                    t.typeName() + "_set_input." + t.field(c), Kind.UPDATE_COLUMN, t.key(), c, true));
        }
        if (admin || t.delete().contains(role)) {
            TableView.DELETE_ROOTS.forEach(k -> add(out, "mutation_root." + t.rootFields().get(k), Kind.DELETE_ROOT,
                    t.key(), k, false));
        }
    }

    /** The admin sees every column the table is known to have, every computed field and every root field. */
    private static TableView.Select adminSelect(TableView t) {
        return new TableView.Select(t.columns(), t.computedFields(), true, Optional.empty(), Optional.empty());
    }

    /**
     * A function is served to the admin, to the roles of its permissions, or (permissions being inferred by default)
     * to any role: the engine's introspection then tells which roles really had it.
     */
    private static void function(FunctionView f, String role, Map<String, TableView> tables,
            Map<String, Element> out) {
        boolean served = role.equals(ADMIN) || f.permissions().map(p -> p.contains(role))
                .orElse(tables.values().stream().anyMatch(t -> t.select().containsKey(role)));
        if (!served) {
            return;
        }
        if (f.mutation()) {
            add(out, "mutation_root." + f.rootField(), Kind.FUNCTION_ROOT, f.key(), "function", false);
            return;
        }
        for (String root : List.of("query_root", "subscription_root")) {
            add(out, root + "." + f.rootField(), Kind.FUNCTION_ROOT, f.key(), "function", false);
            add(out, root + "." + f.aggregateField(), Kind.FUNCTION_ROOT, f.key(), "function_aggregate", false);
        }
    }

    /** The table a relationship points at, when its definition names it. */
    static Optional<String> target(JsonNode using) {
        JsonNode table = using.path("foreign_key_constraint_on").path("table");
        if (table.isMissingNode()) {
            table = using.path("manual_configuration").path("remote_table");
        }
        if (table.isMissingNode()) {
            return Optional.empty();
        }
        return Optional.of(table.isTextual() ? "public." + table.asText()
                : table.path("schema").asText("public") + "." + table.path("name").asText());
    }

    private static void add(Map<String, Element> out, String coordinate, Kind kind, String owner, String key,
            boolean input) {
        out.putIfAbsent(coordinate, new Element(coordinate, kind, owner, key, input));
    }
}
