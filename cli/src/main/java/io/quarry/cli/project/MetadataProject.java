package io.quarry.cli.project;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarry.metadata.folder.FolderStyle;
import io.quarry.metadata.folder.MetadataFolder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * A project's metadata folder against a running engine: what {@code quarry metadata ...} does, callable from other
 * commands (a deploy applies the folder with {@link #apply(Path, Endpoint)}).
 */
public final class MetadataProject {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path metadataDir;
    private final EngineClient engine;

    public MetadataProject(Path metadataDir, Endpoint endpoint) {
        this.metadataDir = metadataDir;
        this.engine = new EngineClient(endpoint);
    }

    public static MetadataProject of(ProjectConfig config) {
        return new MetadataProject(config.metadataDirectory(), config.endpoint());
    }

    /** What an apply did: the engine's inconsistencies, the parts Quarry does not serve, and the diff applied. */
    public record ApplyResult(List<Inconsistency> inconsistencies, List<Inconsistency> unsupported, String diff,
            List<String> summary, boolean applied) {
        public boolean consistent() {
            return inconsistencies.isEmpty();
        }
    }

    /**
     * Applies the project's metadata folder (config.yaml's {@code metadata_directory}) to the engine: the entry
     * point for commands that deploy a project.
     */
    public static ApplyResult apply(Path project, Endpoint endpoint) {
        ProjectConfig config = ProjectConfig.load(project, endpoint.url().toString(),
                endpoint.adminSecret().orElse(null), null, System.getenv());
        return new MetadataProject(config.metadataDirectory(), endpoint).apply(false);
    }

    /** The engine's metadata, as export_metadata returns it. */
    public ObjectNode serverMetadata() {
        return (ObjectNode) engine.metadata(EngineClient.request("export_metadata", JSON.createObjectNode()));
    }

    /** Writes the engine's metadata into the folder, in the folder's existing style. */
    public SortedMap<String, String> export() {
        return MetadataFolder.write(metadataDir, serverMetadata());
    }

    /**
     * Sends the folder with {@code replace_metadata} version 2 and {@code allow_inconsistent_metadata}, as Hasura's
     * CLI does, so that an inconsistent object is reported rather than refusing the whole folder.
     */
    public ApplyResult apply(boolean dryRun) {
        ObjectNode local = MetadataFolder.read(metadataDir);
        ObjectNode server = serverMetadata();
        String diff = diff(server, local);
        List<String> summary = ChangeSummary.of(server, local);
        List<Inconsistency> unsupported = UnsupportedParts.of(local);
        if (dryRun) {
            return new ApplyResult(List.of(), unsupported, diff, summary, false);
        }
        ObjectNode args = JSON.createObjectNode();
        args.put("allow_inconsistent_metadata", true);
        args.set("metadata", local);
        JsonNode response = engine.metadata(EngineClient.request("replace_metadata", 2, args));
        return new ApplyResult(inconsistencies(response), unsupported, diff, summary, true);
    }

    /** The diff from the engine's metadata to the folder's, as files in the folder's style. */
    public String diff() {
        return diff(serverMetadata(), MetadataFolder.read(metadataDir));
    }

    /**
     * What an apply would change: the summary by table and role, the changes that break a role's clients (see
     * {@link BreakingChanges}) as {@code BREAKING ...} lines, and the file diff.
     */
    public record Changes(List<String> summary, List<String> breaking, String diff) {
        public Changes {
            summary = List.copyOf(summary);
            breaking = List.copyOf(breaking);
        }
    }

    /**
     * @param askEngine whether to ask the engine for each role's schema and the tables' columns, to be exact where
     *                  metadata alone is not
     */
    public Changes changes(boolean askEngine) {
        ObjectNode server = serverMetadata();
        ObjectNode local = MetadataFolder.read(metadataDir);
        String diff = diff(server, local);
        if (diff.isEmpty()) {
            return new Changes(List.of(), List.of(), diff);
        }
        LiveSchema live = new LiveSchema(engine);
        List<String> breaking = BreakingChanges.of(server, local, askEngine ? live.columns() : Map.of(),
                role -> askEngine ? live.coordinates(role) : Optional.empty())
                .stream().map(BreakingChanges.Breaking::line).toList();
        return new Changes(ChangeSummary.of(server, local), breaking, diff);
    }

    public List<String> summary() {
        return ChangeSummary.of(serverMetadata(), MetadataFolder.read(metadataDir));
    }

    private String diff(JsonNode server, JsonNode local) {
        FolderStyle style = FolderStyle.of(metadataDir);
        return FileDiff.of(MetadataFolder.render(server, style), MetadataFolder.render(local, style), "server",
                "project");
    }

    public void reload() {
        ObjectNode args = JSON.createObjectNode().put("reload_remote_schemas", true).put("reload_sources", true);
        engine.metadata(EngineClient.request("reload_metadata", args));
    }

    public void clear() {
        engine.metadata(EngineClient.request("clear_metadata", JSON.createObjectNode()));
    }

    /** The engine's inconsistent objects, then the parts of its metadata Quarry does not serve. */
    public List<Inconsistency> inconsistencies() {
        List<Inconsistency> all = new ArrayList<>(inconsistencies(
                engine.metadata(EngineClient.request("get_inconsistent_metadata", JSON.createObjectNode()))));
        all.addAll(UnsupportedParts.of(serverMetadata()));
        return all;
    }

    public void dropInconsistencies() {
        engine.metadata(EngineClient.request("drop_inconsistent_metadata", JSON.createObjectNode()));
    }

    private static List<Inconsistency> inconsistencies(JsonNode response) {
        List<Inconsistency> list = new ArrayList<>();
        for (JsonNode o : response.path("inconsistent_objects")) {
            JsonNode definition = o.path("definition");
            String name = o.hasNonNull("name") ? o.path("name").asText()
                    : definition.isObject() && definition.has("name") ? definition.path("name").asText()
                    : definition.isTextual() ? definition.asText() : "N/A";
            String description = definition.toString();
            String reason = o.path("reason").isTextual() ? o.path("reason").asText() : o.path("reason").toString();
            list.add(new Inconsistency(name, o.path("type").asText("N/A"),
                    description.length() > 60 ? description.substring(0, 57) + "..." : description, reason, false));
        }
        return list;
    }

    static Map<String, String> initialFiles() {
        ObjectNode empty = JSON.createObjectNode().put("version", 3);
        empty.putArray("sources");
        return MetadataFolder.render(empty, FolderStyle.HASURA);
    }
}
