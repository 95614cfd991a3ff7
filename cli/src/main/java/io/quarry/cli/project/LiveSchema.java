package io.quarry.cli.project;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the running engine really serves, for the "before" side of {@code metadata diff}: each table's columns in
 * its database (to expand {@code "*"} in permissions) and each role's schema as its introspection shows it.
 * Both are advisory: an engine that refuses them (introspection disabled for a role, {@code run_sql} not allowed)
 * leaves the diff to the metadata alone.
 */
final class LiveSchema {
    private static final String COLUMNS = """
            SELECT n.nspname || '.' || c.relname, a.attname
              FROM pg_catalog.pg_attribute a
              JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'v', 'm', 'f', 'p')
               AND n.nspname NOT IN ('pg_catalog', 'information_schema')
             ORDER BY n.nspname, c.relname, a.attnum""";
    private static final String INTROSPECTION = "{ __schema { queryType { name } mutationType { name } "
            + "subscriptionType { name } types { name fields { name } inputFields { name } } } }";

    private final EngineClient engine;

    LiveSchema(EngineClient engine) {
        this.engine = engine;
    }

    /** Each table's ({@code schema.name}) columns in attribute order; empty when the engine refuses run_sql. */
    Map<String, List<String>> columns() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        engine.readOnlySql(COLUMNS).ifPresent(rows -> {
            for (int i = 1; i < rows.size(); i++) {
                out.computeIfAbsent(rows.get(i).path(0).asText(), k -> new ArrayList<>()).add(rows.get(i).path(1).asText());
            }
        });
        return out;
    }

    /**
     * The coordinates ({@code type.field}, root types named {@code query_root}, {@code mutation_root} and
     * {@code subscription_root} whatever the schema calls them) the role can use; empty when it cannot introspect.
     */
    Optional<Set<String>> coordinates(String role) {
        return engine.graphql(INTROSPECTION, role).map(json -> coordinates(json.path("data").path("__schema")));
    }

    static Set<String> coordinates(JsonNode schema) {
        Map<String, String> roots = Map.of(schema.path("queryType").path("name").asText("query_root"), "query_root",
                schema.path("mutationType").path("name").asText("mutation_root"), "mutation_root",
                schema.path("subscriptionType").path("name").asText("subscription_root"), "subscription_root");
        Set<String> out = new HashSet<>();
        for (JsonNode type : schema.path("types")) {
            String name = roots.getOrDefault(type.path("name").asText(), type.path("name").asText());
            type.path("fields").forEach(f -> out.add(name + "." + f.path("name").asText()));
            type.path("inputFields").forEach(f -> out.add(name + "." + f.path("name").asText()));
        }
        return out;
    }
}
