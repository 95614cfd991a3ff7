package io.quarry.cli.project;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** What a metadata apply changes, table by table and role by role, in one line each. */
final class ChangeSummary {
    private static final List<String> PERMISSIONS = List.of("select", "insert", "update", "delete");

    private ChangeSummary() {
    }

    /** Lines such as {@code ~ default public.author: select permission for role user changes}. */
    static List<String> of(JsonNode from, JsonNode to) {
        List<String> lines = new ArrayList<>();
        Map<String, JsonNode> before = tables(from);
        Map<String, JsonNode> after = tables(to);
        TreeSet<String> names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        for (String name : names) {
            JsonNode a = before.get(name);
            JsonNode b = after.get(name);
            if (a == null) {
                lines.add("+ " + name + ": tracked");
            } else if (b == null) {
                lines.add("- " + name + ": untracked");
            } else if (!a.equals(b)) {
                int count = lines.size();
                for (String kind : PERMISSIONS) {
                    compare(name, kind + " permission for role", byKey(a, kind + "_permissions", "role"),
                            byKey(b, kind + "_permissions", "role"), lines);
                }
                compare(name, "object relationship", byKey(a, "object_relationships", "name"),
                        byKey(b, "object_relationships", "name"), lines);
                compare(name, "array relationship", byKey(a, "array_relationships", "name"),
                        byKey(b, "array_relationships", "name"), lines);
                compare(name, "computed field", byKey(a, "computed_fields", "name"),
                        byKey(b, "computed_fields", "name"), lines);
                if (lines.size() == count) {
                    lines.add("~ " + name + ": configuration changes");
                }
            }
        }
        for (String key : new TreeSet<>(topLevelKeys(from, to))) {
            if (!key.equals("sources") && !key.equals("version") && !from.path(key).equals(to.path(key))) {
                lines.add("~ " + key + " changes");
            }
        }
        return lines;
    }

    private static TreeSet<String> topLevelKeys(JsonNode a, JsonNode b) {
        TreeSet<String> keys = new TreeSet<>();
        a.fieldNames().forEachRemaining(keys::add);
        b.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static void compare(String table, String what, Map<String, JsonNode> a, Map<String, JsonNode> b,
            List<String> lines) {
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String key : keys) {
            if (!a.containsKey(key)) {
                lines.add("+ " + table + ": " + what + " " + key + " added");
            } else if (!b.containsKey(key)) {
                lines.add("- " + table + ": " + what + " " + key + " removed");
            } else if (!a.get(key).equals(b.get(key))) {
                lines.add("~ " + table + ": " + what + " " + key + " changes");
            }
        }
    }

    private static Map<String, JsonNode> tables(JsonNode metadata) {
        Map<String, JsonNode> tables = new LinkedHashMap<>();
        for (JsonNode source : metadata.path("sources")) {
            for (JsonNode table : source.path("tables")) {
                JsonNode t = table.path("table");
                String name = t.isTextual() ? "public." + t.asText()
                        : t.path("schema").asText("public") + "." + t.path("name").asText();
                tables.put(source.path("name").asText() + " " + name, table);
            }
        }
        return tables;
    }

    private static Map<String, JsonNode> byKey(JsonNode table, String list, String key) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode item : table.path(list)) {
            out.put(item.path(key).asText(), item);
        }
        return out;
    }
}
