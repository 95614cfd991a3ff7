package io.quarry.metadata.folder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code actions.yaml} and {@code actions.graphql} together, as Hasura's CLI splits them: the SDL holds each
 * action's arguments, output type and root (query or mutation) and the custom types' fields; the YAML holds the
 * rest (handler, headers, permissions, relationships of custom types). Like the CLI, an action or custom type in
 * the YAML that the SDL does not define is an error.
 */
final class Actions {
    static final String YAML = "actions.yaml";
    static final String SDL = "actions.graphql";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> KINDS = List.of("enums", "input_objects", "objects", "scalars");

    private Actions() {
    }

    /** Adds {@code actions} and {@code custom_types} to {@code into} when the folder defines any. */
    static void read(Path dir, YamlReading reading, ObjectNode into) {
        Path yamlFile = dir.resolve(YAML);
        Path sdlFile = dir.resolve(SDL);
        JsonNode yaml = reading.readIfPresent(yamlFile, "actions");
        String sdl;
        try {
            sdl = Files.isRegularFile(sdlFile) ? Files.readString(sdlFile) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ActionsSdl.Parsed parsed = ActionsSdl.parse(sdl, sdlFile);
        Map<String, JsonNode> yamlActions = byName(yaml == null ? null : yaml.get("actions"), "name");
        ArrayNode actions = NODES.arrayNode();
        for (ObjectNode fromSdl : parsed.actions()) {
            String name = fromSdl.get("name").asText();
            JsonNode fromYaml = yamlActions.remove(name);
            ObjectNode action = fromYaml == null ? NODES.objectNode().put("name", name) : fromYaml.deepCopy();
            ObjectNode definition = action.has("definition") && action.get("definition").isObject()
                    ? (ObjectNode) action.get("definition") : action.putObject("definition");
            fromSdl.get("definition").fields().forEachRemaining(e -> definition.set(e.getKey(), e.getValue()));
            if (fromSdl.has("comment") && !action.has("comment")) {
                action.set("comment", fromSdl.get("comment"));
            }
            actions.add(action);
        }
        if (!yamlActions.isEmpty()) {
            throw new FolderException(yamlFile, 0, 0, "action " + yamlActions.keySet().iterator().next()
                    + " is not present in " + SDL);
        }
        ObjectNode customTypes = NODES.objectNode();
        JsonNode yamlTypes = yaml == null ? NODES.missingNode() : yaml.path("custom_types");
        List<ArrayNode> sdlTypes = List.of(parsed.enums(), parsed.inputObjects(), parsed.objects(), parsed.scalars());
        boolean anyType = false;
        for (int i = 0; i < KINDS.size(); i++) {
            Map<String, JsonNode> fromYaml = byName(yamlTypes.get(KINDS.get(i)), "name");
            ArrayNode merged = customTypes.putArray(KINDS.get(i));
            for (JsonNode fromSdl : sdlTypes.get(i)) {
                JsonNode known = fromYaml.remove(fromSdl.get("name").asText());
                ObjectNode type = known == null ? (ObjectNode) fromSdl : known.deepCopy();
                fromSdl.fields().forEachRemaining(e -> {
                    if (!type.has(e.getKey())) {
                        type.set(e.getKey(), e.getValue());
                    }
                });
                merged.add(type);
                anyType = true;
            }
            if (!fromYaml.isEmpty()) {
                throw new FolderException(yamlFile, 0, 0, "custom type " + fromYaml.keySet().iterator().next()
                        + " is not present in " + SDL);
            }
        }
        if (!actions.isEmpty()) {
            into.set("actions", actions);
        }
        if (anyType) {
            into.set("custom_types", customTypes);
        }
    }

    /** The two files for the given metadata: the YAML without what the SDL says, and the SDL. */
    static Map<String, String> render(JsonNode metadata, boolean indentedSequences) {
        JsonNode actions = metadata.path("actions");
        JsonNode customTypes = metadata.path("custom_types");
        ObjectNode yaml = NODES.objectNode();
        ArrayNode yamlActions = yaml.putArray("actions");
        for (JsonNode action : actions) {
            ObjectNode copy = action.deepCopy();
            if (copy.get("definition") instanceof ObjectNode definition) {
                definition.remove(List.of("arguments", "output_type", "type"));
            }
            yamlActions.add(copy);
        }
        ObjectNode types = yaml.putObject("custom_types");
        for (String kind : KINDS) {
            ArrayNode list = types.putArray(kind);
            for (JsonNode type : customTypes.path(kind)) {
                ObjectNode copy = type.deepCopy();
                copy.remove(List.of("fields", "values"));
                list.add(copy);
            }
        }
        Map<String, String> files = new LinkedHashMap<>();
        files.put(YAML, YamlWriting.write(yaml, indentedSequences));
        files.put(SDL, ActionsSdl.print(actions, customTypes));
        return files;
    }

    private static Map<String, JsonNode> byName(JsonNode list, String key) {
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        if (list != null && list.isArray()) {
            for (JsonNode item : list) {
                byName.put(item.path(key).asText(), item);
            }
        }
        return byName;
    }
}
