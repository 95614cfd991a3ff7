package io.quarry.engine.metadataapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarry.engine.error.ApiError;
import io.quarry.engine.error.ErrorCode;
import io.quarry.engine.introspect.Catalog;
import io.quarry.engine.introspect.Column;
import io.quarry.engine.introspect.ForeignKey;
import io.quarry.engine.introspect.Relation;
import io.quarry.engine.model.ModelBuilder;
import io.quarry.metadata.Metadata;
import io.quarry.metadata.MetadataException;
import io.quarry.metadata.MetadataJson;
import io.quarry.metadata.QualifiedTable;
import io.quarry.metadata.Source;
import io.quarry.metadata.SourceConfig;
import java.util.List;
import java.util.Optional;

/**
 * The source commands for the one Postgres source the engine serves. The source may have any name (projects call it
 * {@code default} or {@code Postgres}); its connection settings are kept as given, {@code {"from_env": ...}} included,
 * for export, while the engine keeps serving the database it was started with. A second source is refused.
 */
final class SourceCommands {
    private SourceCommands() {
    }

    /** {@code pg_add_source}: adds the source, or with {@code replace_configuration} replaces its settings. */
    static Metadata add(Metadata metadata, Args args) {
        String name = fileSafe(args.text("name"), "$.args.name");
        Optional<SourceConfig> configuration = configuration(args, true);
        if (metadata.source(name).isPresent()) {
            if (!args.flag("replace_configuration") && !placeholder(metadata.source(name).get())) {
                throw new ApiError(ErrorCode.ALREADY_EXISTS, Args.PATH,
                        "source with name \"" + name + "\" already exists");
            }
            return metadata.updateSource(name, s -> settings(s, configuration, args.get("customization")));
        }
        List<Source> kept = metadata.sources().stream().filter(s -> !placeholder(s)).toList();
        if (!kept.isEmpty()) {
            throw new ApiError(ErrorCode.NOT_SUPPORTED, Args.PATH, "only one Postgres source is supported: source \""
                    + kept.get(0).name() + "\" already exists (rename_source renames it)");
        }
        Source added = settings(Source.empty(name, "postgres"), configuration,
                args.get("customization"));
        return metadata.withSources(List.of(added));
    }

    /** {@code pg_update_source}: replaces the settings given, keeps the others. */
    static Metadata update(Metadata metadata, Args args) {
        String name = args.text("name");
        TableCommands.source(metadata, name);
        return metadata.updateSource(name, s -> settings(s, configuration(args, false), args.get("customization")));
    }

    /** {@code pg_drop_source}: the source leaves the metadata with all it tracks. */
    static Metadata drop(Metadata metadata, Args args) {
        String name = args.text("name");
        TableCommands.source(metadata, name);
        return metadata.withSources(metadata.sources().stream().filter(s -> !s.name().equals(name)).toList());
    }

    /** {@code rename_source}. */
    /**
     * A new source's name: it names a folder of the project's metadata directory, so it may not be empty, hold a
     * path separator or be a relative step.
     */
    private static String fileSafe(String name, String path) {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
                || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0) {
            throw new ApiError(ErrorCode.VALIDATION_FAILED, path, "a source name may not be empty, \".\", \"..\" or "
                    + "hold '/', '\\' or NUL: it names a folder of the project");
        }
        return name;
    }

    static Metadata rename(Metadata metadata, Args args) {
        String name = args.text("name");
        String newName = fileSafe(args.text("new_name"), "$.args.new_name");
        if (metadata.source(name).isEmpty()) {
            throw new ApiError(ErrorCode.NOT_EXISTS, Args.PATH, "Could not find source with name \"" + name + "\"");
        }
        if (metadata.source(newName).isPresent()) {
            throw new ApiError(ErrorCode.ALREADY_EXISTS, Args.PATH, "Source with name \"" + newName
                    + "\" already exists");
        }
        return metadata.updateSource(name, s -> s.withName(newName));
    }

    /** {@code get_source_tables}: every table and view of the database, tracked or not, as {@code {schema, name}}. */
    static JsonNode tables(Metadata metadata, Catalog catalog, Args args) {
        TableCommands.source(metadata, args.text("source"));
        ArrayNode out = MetadataCommands.NODES.arrayNode();
        catalog.relations().values().stream()
                // Hasura lists information_schema.tables, which has no materialized views.
                .filter(r -> r.kind() != Relation.Kind.MATERIALIZED_VIEW)
                .map(r -> new QualifiedTable(r.name().schema(), r.name().name())).sorted()
                .forEach(t -> out.addObject().put("schema", t.schema()).put("name", t.name()));
        return out;
    }

    /** {@code get_table_info}: a table's columns and keys as the database has them; {@code null} when absent. */
    static JsonNode tableInfo(Metadata metadata, Catalog catalog, Args args) {
        TableCommands.source(metadata, args.text("source"));
        QualifiedTable table = args.table();
        Relation relation = catalog.relation(ModelBuilder.pgName(table)).orElse(null);
        if (relation == null) {
            return MetadataCommands.NODES.nullNode();
        }
        boolean view = relation.kind() == Relation.Kind.VIEW || relation.kind() == Relation.Kind.MATERIALIZED_VIEW;
        ObjectNode out = MetadataCommands.NODES.objectNode();
        out.set("name", MetadataJson.writeTable(table));
        out.put("type", view ? "view" : "table");
        ArrayNode columns = out.putArray("columns");
        for (Column c : relation.columns()) {
            ObjectNode column = columns.addObject().put("name", c.name()).put("type", c.type().name().name())
                    .put("nullable", c.nullable());
            c.comment().ifPresent(comment -> column.put("description", comment));
            boolean writable = !c.generated() && !c.identityAlways();
            column.put("insertable", writable).put("updatable", writable);
        }
        relation.primaryKey().ifPresent(pk -> pk.columns().forEach(out.putArray("primary_key")::add));
        ObjectNode foreignKeys = out.putObject("foreign_keys");
        for (ForeignKey fk : relation.foreignKeys()) {
            ObjectNode constraint = foreignKeys.putObject(fk.name());
            constraint.set("foreign_table", MetadataJson.writeTable(
                    new QualifiedTable(fk.target().schema(), fk.target().name())));
            ObjectNode mapping = constraint.putObject("column_mapping");
            for (int i = 0; i < fk.columns().size(); i++) {
                mapping.put(fk.columns().get(i), fk.targetColumns().get(i));
            }
        }
        relation.comment().ifPresent(comment -> out.put("description", comment));
        boolean writable = !view;
        out.put("insertable", writable).put("updatable", writable).put("deletable", writable);
        return out;
    }

    /** The source an empty engine starts with: named {@code default}, with nothing tracked and no settings. */
    private static boolean placeholder(Source source) {
        return source.tables().isEmpty() && source.functions().isEmpty() && source.configuration().isEmpty()
                && source.customization().isEmpty() && source.other().isEmpty();
    }

    /** The configuration given, read as the metadata reads it; none when it is not given. */
    private static Optional<SourceConfig> configuration(Args args, boolean required) {
        JsonNode configuration = args.get("configuration");
        if (configuration == null || configuration.isNull()) {
            if (required) {
                throw Args.missing("configuration");
            }
            return Optional.empty();
        }
        if (!configuration.isObject()) {
            throw new ApiError(ErrorCode.PARSE_FAILED, Args.PATH + ".configuration", "expected an object");
        }
        try {
            return Optional.of(MetadataJson.readSourceConfig(configuration, Args.PATH + ".configuration"));
        } catch (MetadataException e) {
            throw new ApiError(ErrorCode.PARSE_FAILED, e.path(), e.getMessage());
        }
    }

    /** The source with {@code configuration} and {@code customization} replaced where given. */
    private static Source settings(Source source, Optional<SourceConfig> configuration, JsonNode customization) {
        Source next = configuration.isPresent() ? source.withConfiguration(configuration) : source;
        if (customization != null && !customization.isNull()) {
            try {
                next = next.withCustomization(customization.isObject() && customization.isEmpty() ? Optional.empty()
                        : Optional.of(MetadataJson.readCustomization(customization, Args.PATH + ".customization")));
            } catch (MetadataException e) {
                throw new ApiError(ErrorCode.PARSE_FAILED, e.path(), e.getMessage());
            }
        }
        return next;
    }
}
