package io.quarry.metadata.folder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * How a metadata folder is written: whether block sequences under a key are indented (Hasura CLI 2.x writes with
 * yaml.v3 and indents them; CLI 1.x and early 2.0 wrote with yaml.v2 and did not) and which top-level files are
 * written even when their part of the metadata is empty (newer CLIs write more stub files than older ones).
 */
public record FolderStyle(boolean indentedSequences, Set<String> stubFiles, Map<String, Boolean> fileIndentation) {
    /** The files the current Hasura CLI writes on {@code metadata export}, empty or not. */
    public static final List<String> HASURA_FILES = List.of("actions.graphql", "actions.yaml", "allow_list.yaml",
            "api_limits.yaml", "backend_configs.yaml", "cron_triggers.yaml", "databases/databases.yaml",
            "graphql_schema_introspection.yaml", "inherited_roles.yaml", "metrics_config.yaml", "network.yaml",
            "opentelemetry.yaml", "query_collections.yaml", "remote_schemas.yaml", "rest_endpoints.yaml",
            "version.yaml");

    /** What the current Hasura CLI writes. */
    public static final FolderStyle HASURA = new FolderStyle(true, Set.copyOf(HASURA_FILES), Map.of());

    private static final Pattern KEY_THEN_ITEM = Pattern.compile("(?m)^( *)(?:- )?[^\\s#:-][^:\\n]*:\\n( *)- ");

    public FolderStyle {
        stubFiles = Set.copyOf(stubFiles);
        fileIndentation = Map.copyOf(fileIndentation);
    }

    /** Whether sequences are indented in the given file (a path relative to the folder). */
    public boolean indented(String file) {
        return fileIndentation.getOrDefault(file, indentedSequences);
    }

    /**
     * The style of an existing folder, so that exporting into it changes only what changed in the metadata; the
     * current Hasura style when the folder is missing or holds no metadata yet.
     */
    public static FolderStyle of(Path metadataDir) {
        if (!Files.isRegularFile(metadataDir.resolve("version.yaml"))) {
            return HASURA;
        }
        Set<String> files = new LinkedHashSet<>();
        for (String name : HASURA_FILES) {
            if (Files.isRegularFile(metadataDir.resolve(name))) {
                files.add(name);
            }
        }
        // Files are often edited by hand or by different CLI versions, so each keeps its own indentation; new
        // files follow the majority.
        Map<String, Boolean> perFile = new HashMap<>();
        int indented = 0;
        try (Stream<Path> paths = Files.walk(metadataDir)) {
            for (Path path : (Iterable<Path>) paths.filter(p -> p.toString().endsWith(".yaml")).sorted()::iterator) {
                Boolean style = indentation(Files.readString(path));
                if (style != null) {
                    perFile.put(metadataDir.relativize(path).toString().replace('\\', '/'), style);
                    indented += style ? 1 : -1;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FolderStyle(indented >= 0, files, perFile);
    }

    /** True when a sequence under a key is indented, null when the text holds no such sequence. */
    static Boolean indentation(String yaml) {
        Matcher m = KEY_THEN_ITEM.matcher(yaml);
        while (m.find()) {
            int keyIndent = m.group(1).length() + (m.group(0).startsWith(m.group(1) + "- ") ? 2 : 0);
            int itemIndent = m.group(2).length();
            if (itemIndent > keyIndent) {
                return true;
            }
            if (itemIndent == keyIndent) {
                return false;
            }
        }
        return null;
    }
}
