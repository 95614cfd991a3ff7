package io.quarry.metadata.folder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code databases/databases.yaml} and the per-source {@code tables/} and {@code functions/} folders, split as
 * Hasura's CLI splits them: one file per table named {@code <schema>_<name>.yaml} listed with {@code !include} in
 * {@code tables.yaml}, the same for functions (only when a source has some), and the source's own keys in the
 * CLI's fixed order.
 */
final class Sources {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The CLI decodes a source into a struct, so these keys come out in this order whatever the server sent. */
    private static final List<String> SOURCE_KEYS = List.of("name", "kind", "configuration", "query_tags",
            "customization", "health_check", "logical_models", "custom_return_types", "native_queries",
            "stored_procedures");

    private Sources() {
    }

    static void render(JsonNode sources, FolderStyle style, Map<String, String> files) {
        ArrayNode written = NODES.arrayNode();
        for (JsonNode source : sources) {
            String name = source.path("name").asText();
            ObjectNode out = written.addObject();
            for (String key : SOURCE_KEYS) {
                if (source.has(key)) {
                    out.set(key, source.get(key));
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = source.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!SOURCE_KEYS.contains(e.getKey()) && !e.getKey().equals("tables") && !e.getKey().equals("functions")) {
                    out.set(e.getKey(), e.getValue());
                }
            }
            JsonNode tables = source.path("tables");
            ArrayNode includes = NODES.arrayNode();
            for (JsonNode table : tables) {
                String file = fileName(table.get("table"));
                includes.add("!include " + file);
                String path = "databases/" + name + "/tables/" + file;
                files.put(path, YamlWriting.write(table, style.indented(path)));
            }
            String tablesPath = "databases/" + name + "/tables/tables.yaml";
            files.put(tablesPath, YamlWriting.write(includes, style.indented(tablesPath)));
            out.put("tables", "!include " + name + "/tables/tables.yaml");
            JsonNode functions = source.get("functions");
            if (functions != null && functions.isArray() && !functions.isEmpty()) {
                ArrayNode functionIncludes = NODES.arrayNode();
                for (JsonNode function : functions) {
                    String file = fileName(function.get("function"));
                    functionIncludes.add("!include " + file);
                    String path = "databases/" + name + "/functions/" + file;
                    files.put(path, YamlWriting.write(function, style.indented(path)));
                }
                String functionsPath = "databases/" + name + "/functions/functions.yaml";
                files.put(functionsPath, YamlWriting.write(functionIncludes, style.indented(functionsPath)));
                out.put("functions", "!include " + name + "/functions/functions.yaml");
            } else if (functions != null) {
                out.set("functions", functions);
            }
        }
        files.put(MetadataFolder.DATABASES, YamlWriting.write(written, style.indented(MetadataFolder.DATABASES)));
    }

    /** {@code <schema>_<name>.yaml}, as the CLI names a table or function file; a bare name is in public. */
    static String fileName(JsonNode qualified) {
        if (qualified == null) {
            return "unnamed.yaml";
        }
        if (qualified.isTextual()) {
            return "public_" + qualified.asText() + ".yaml";
        }
        if (qualified.isArray()) {
            StringBuilder b = new StringBuilder();
            qualified.forEach(part -> b.append(b.length() == 0 ? "" : "_").append(part.asText()));
            return b + ".yaml";
        }
        String schema = qualified.has("schema") ? qualified.get("schema").asText()
                : qualified.has("dataset") ? qualified.get("dataset").asText() : "public";
        return schema + "_" + qualified.path("name").asText() + ".yaml";
    }
}
