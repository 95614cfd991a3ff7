package io.quarry.metadata.folder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Hasura's metadata directory (config v3): reading it gives the metadata as {@code export_metadata} returns it and
 * {@code replace_metadata} takes it; writing turns such JSON into the files Hasura's CLI writes. See the README
 * section "The project folder" for the layout and the few normalisations a rewrite makes.
 */
public final class MetadataFolder {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final String DATABASES = "databases/databases.yaml";

    /** The files that hold one top-level key each, in the order Hasura exports the keys, and their empty value. */
    private record Part(String key, String file, boolean list) {
    }

    private static final List<Part> PARTS = List.of(
            new Part("remote_schemas", "remote_schemas.yaml", true),
            new Part("query_collections", "query_collections.yaml", true),
            new Part("allowlist", "allow_list.yaml", true),
            new Part("cron_triggers", "cron_triggers.yaml", true),
            new Part("rest_endpoints", "rest_endpoints.yaml", true),
            new Part("api_limits", "api_limits.yaml", false),
            new Part("inherited_roles", "inherited_roles.yaml", true),
            new Part("graphql_schema_introspection", "graphql_schema_introspection.yaml", false),
            new Part("network", "network.yaml", false),
            new Part("backend_configs", "backend_configs.yaml", false),
            new Part("metrics_config", "metrics_config.yaml", false),
            new Part("opentelemetry", "opentelemetry.yaml", false));

    private MetadataFolder() {
    }

    /** Reads the folder (the directory holding version.yaml) into Hasura's metadata JSON. */
    public static ObjectNode read(Path dir) {
        return new Reading(dir).metadata;
    }

    /** The files the folder's metadata is read from (includes too), relative to the folder, sorted. */
    public static List<String> files(Path dir) {
        Reading reading = new Reading(dir);
        Path root = dir.toAbsolutePath().normalize();
        List<String> files = new ArrayList<>();
        for (Path path : reading.yaml.visited()) {
            files.add(root.relativize(path).toString().replace('\\', '/'));
        }
        if (Files.isRegularFile(dir.resolve(Actions.SDL))) {
            files.add(Actions.SDL);
        }
        return files.stream().sorted().toList();
    }

    /** The files for the given metadata, by path relative to the folder. */
    public static SortedMap<String, String> render(JsonNode metadata, FolderStyle style) {
        SortedMap<String, String> files = new TreeMap<>();
        ObjectNode version = NODES.objectNode();
        version.set("version", metadata.has("version") ? metadata.get("version") : NODES.numberNode(3));
        files.put("version.yaml", YamlWriting.write(version, style.indented("version.yaml")));
        if (metadata.has("sources") || style.stubFiles().contains(DATABASES)) {
            Sources.render(metadata.path("sources"), style, files);
        }
        boolean anyActions = !metadata.path("actions").isEmpty() || !metadata.path("custom_types").isEmpty();
        if (anyActions || style.stubFiles().contains(Actions.YAML)) {
            files.putAll(Actions.render(metadata, style.indented(Actions.YAML)));
        }
        for (Part part : PARTS) {
            JsonNode value = metadata.get(part.key());
            boolean empty = value == null || value.isNull() || value.isContainerNode() && value.isEmpty();
            if (!empty || style.stubFiles().contains(part.file())) {
                JsonNode written = empty ? (part.list() ? NODES.arrayNode() : NODES.objectNode()) : value;
                files.put(part.file(), YamlWriting.write(written, style.indented(part.file())));
            }
        }
        return files;
    }

    /**
     * Writes the metadata into the folder in its existing style (see {@link FolderStyle#of}); files the old
     * metadata was read from and the new one does not use are deleted, other files are left alone. The two actions
     * files are kept as they are when they already say the same thing, since the SDL's layout differs between
     * Hasura CLI versions.
     */
    public static SortedMap<String, String> write(Path dir, JsonNode metadata) {
        FolderStyle style = FolderStyle.of(dir);
        SortedMap<String, String> files = render(metadata, style);
        try {
            Set<String> old = new LinkedHashSet<>();
            if (Files.isRegularFile(dir.resolve("version.yaml"))) {
                try {
                    old.addAll(files(dir));
                } catch (FolderException e) {
                    // A folder that no longer reads is overwritten, as Hasura's CLI does; nothing is deleted.
                }
                if (sameActions(dir, metadata)) {
                    files.remove(Actions.YAML);
                    files.remove(Actions.SDL);
                    old.remove(Actions.YAML);
                    old.remove(Actions.SDL);
                }
            }
            Path root = dir.toAbsolutePath().normalize();
            for (String file : files.keySet()) {
                // Names of sources, schemas and tables become file names: none may lead out of the folder.
                if (!root.resolve(file).normalize().startsWith(root) || file.indexOf('\0') >= 0) {
                    throw new FolderException(dir, 0, 0, "the metadata names a file outside the metadata folder: "
                            + file + " (a source, schema or table name with '..' or '/')");
                }
            }
            // Everything new is written before anything stale is deleted, so a failure leaves no less than before.
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path path = dir.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue());
            }
            for (String stale : old) {
                if (!files.containsKey(stale)) {
                    Files.deleteIfExists(dir.resolve(stale));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static boolean sameActions(Path dir, JsonNode metadata) {
        try {
            ObjectNode existing = NODES.objectNode();
            Actions.read(dir, new YamlReading(dir), existing);
            ObjectNode wanted = NODES.objectNode();
            for (String key : List.of("actions", "custom_types")) {
                if (metadata.has(key) && !metadata.get(key).isEmpty()) {
                    wanted.set(key, metadata.get(key));
                }
            }
            if (wanted.has("custom_types") && !existing.has("custom_types")) {
                return false;
            }
            return existing.equals(wanted) || existing.equals(withoutEmptyTypes(wanted));
        } catch (FolderException e) {
            return false;
        }
    }

    private static ObjectNode withoutEmptyTypes(ObjectNode metadata) {
        ObjectNode copy = metadata.deepCopy();
        JsonNode types = copy.get("custom_types");
        if (types != null) {
            boolean empty = true;
            for (Iterator<JsonNode> it = types.elements(); it.hasNext();) {
                empty &= it.next().isEmpty();
            }
            if (empty) {
                copy.remove("custom_types");
            }
        }
        return copy;
    }

    /** One pass over a folder. */
    private static final class Reading {
        final YamlReading yaml;
        final ObjectNode metadata = NODES.objectNode();

        Reading(Path dir) {
            yaml = new YamlReading(dir);
            Path versionFile = dir.resolve("version.yaml");
            JsonNode version = yaml.readIfPresent(versionFile, "version");
            if (version == null) {
                throw new FolderException(versionFile, 0, 0, "not a Hasura metadata folder: version.yaml is missing");
            }
            if (!version.path("version").canConvertToInt() || version.path("version").asInt() != 3) {
                throw new FolderException(versionFile, 1, 1, "only metadata version 3 is supported, found "
                        + version.path("version"));
            }
            metadata.put("version", 3);
            JsonNode sources = yaml.readIfPresent(dir.resolve(DATABASES), "sources");
            if (sources == null) {
                // Applying a folder replaces the engine's metadata: a lost file must not untrack everything.
                throw new FolderException(dir.resolve(DATABASES), 0, 0, "the file is missing; a project without "
                        + "databases says so with an empty list: []");
            }
            if (!sources.isNull() && !sources.isArray()) {
                throw new FolderException(dir.resolve(DATABASES), 1, 1, "expected a list of databases");
            }
            metadata.set("sources", sources.isNull() ? NODES.arrayNode() : sources);
            ObjectNode actions = NODES.objectNode();
            Actions.read(dir, yaml, actions);
            for (Part part : PARTS) {
                if (part.key().equals("cron_triggers")) {
                    metadata.setAll(actions);
                }
                JsonNode value = yaml.readIfPresent(dir.resolve(part.file()), null);
                if (value != null && !value.isNull() && !(value.isContainerNode() && value.isEmpty())) {
                    metadata.set(part.key(), value);
                }
            }
        }
    }
}
