package io.quarry.engine.metadataapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarry.engine.error.ApiError;
import io.quarry.engine.error.ErrorCode;
import io.quarry.engine.introspect.Catalog;
import io.quarry.engine.model.ModelBuilder;
import io.quarry.metadata.Metadata;
import io.quarry.metadata.MetadataException;
import io.quarry.metadata.MetadataJson;
import io.quarry.metadata.QualifiedTable;
import io.quarry.metadata.Source;
import io.quarry.metadata.TableConfig;
import io.quarry.metadata.TableEntry;
import io.quarry.metadata.TablePermissions;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;

/** Tracking and untracking tables. */
final class TableCommands {
    private TableCommands() {
    }

    static Metadata track(Metadata metadata, Catalog catalog, Args args) {
        Source source = source(metadata, args.source());
        QualifiedTable table = args.table();
        if (source.table(table).isPresent()) {
            throw new ApiError(ErrorCode.ALREADY_TRACKED, Args.PATH,
                    "view/table already tracked: \"" + table + "\"");
        }
        if (catalog.relation(ModelBuilder.pgName(table)).isEmpty()) {
            throw new ApiError(ErrorCode.NOT_EXISTS, Args.PATH,
                    "no such table/view exists in source: \"" + table + "\"");
        }
        JsonNode isEnum = args.get("is_enum");
        if (isEnum != null && !isEnum.isNull() && !isEnum.isBoolean()) {
            throw new ApiError(ErrorCode.PARSE_FAILED, Args.PATH + ".is_enum", "expected Bool");
        }
        Optional<Boolean> enumTable = isEnum != null && isEnum.asBoolean(false) ? Optional.of(true) : Optional.empty();
        JsonNode configuration = args.get("configuration");
        Optional<TableConfig> config = configuration == null || configuration.isNull() ? Optional.empty()
                : Optional.of(config(configuration));
        return metadata.updateSource(source.name(), s -> s.withTable(new TableEntry(table, enumTable, config, List.of(),
                List.of(), TablePermissions.NONE, Map.of())));
    }

    static Metadata untrack(Metadata metadata, Catalog catalog, Args args) {
        return untrack(metadata, catalog, args, Set.of());
    }

    /**
     * Untracks a table with its own relationships and permissions. What other tables had that depended on it
     * (relationships to it, permissions through those) refuses the untrack, unless {@code cascade} removes it too
     * or those tables are {@code going} as well.
     */
    static Metadata untrack(Metadata metadata, Catalog catalog, Args args, Set<QualifiedTable> going) {
        Source source = source(metadata, args.source());
        QualifiedTable table = args.table();
        if (source.table(table).isEmpty()) {
            throw new ApiError(ErrorCode.ALREADY_UNTRACKED, Args.PATH,
                    "view/table already untracked: \"" + table + "\"");
        }
        Metadata without = metadata.updateSource(source.name(), s -> s.withoutTable(table));
        try {
            return Dependents.resolve(metadata, catalog, without, catalog, args.flag("cascade"),
                    i -> i.definition().has("table") && going.contains(
                            io.quarry.metadata.MetadataJson.readTable(i.definition().get("table"), "$.table")));
        } catch (ApiError e) {
            throw new ApiError(e.code(), Args.PATH, e.getMessage());
        }
    }

    /** {@code set_table_customization}: replaces the table's {@code configuration} (an empty one removes it). */
    static Metadata setCustomization(Metadata metadata, Args args) {
        JsonNode configuration = args.get("configuration");
        if (configuration == null || configuration.isNull()) {
            throw Args.missing("configuration");
        }
        if (!configuration.isObject()) {
            throw new ApiError(ErrorCode.PARSE_FAILED, Args.PATH + ".configuration", "expected an object");
        }
        return withConfiguration(metadata, args, configuration);
    }

    /** The configuration a command gives, or a {@code parse-failed} error where it is misshapen. */
    private static TableConfig config(JsonNode configuration) {
        try {
            return MetadataJson.readTableConfig(configuration, Args.PATH + ".configuration");
        } catch (MetadataException e) {
            throw new ApiError(ErrorCode.PARSE_FAILED, e.path(), e.getMessage());
        }
    }

    /** The metadata with a tracked table's configuration replaced; an empty one removes it. */
    private static Metadata withConfiguration(Metadata metadata, Args args, JsonNode configuration) {
        Optional<TableConfig> config = configuration.isEmpty() ? Optional.empty() : Optional.of(config(configuration));
        Source source = source(metadata, args.source());
        QualifiedTable table = args.table();
        tracked(source, table);
        return metadata.updateSource(source.name(), s -> s.updateTable(table, t -> t.withConfiguration(config)));
    }

    /**
     * {@code set_table_custom_fields}, the older form: {@code custom_root_fields} and {@code custom_column_names}
     * become the table's configuration, replacing what it had.
     */
    static Metadata setCustomFields(Metadata metadata, Args args) {
        ObjectNode configuration = MetadataCommands.NODES.objectNode();
        JsonNode rootFields = args.get("custom_root_fields");
        if (rootFields != null && rootFields.isObject() && !rootFields.isEmpty()) {
            configuration.set("custom_root_fields", rootFields);
        }
        JsonNode columnNames = args.get("custom_column_names");
        if (columnNames != null && columnNames.isObject() && !columnNames.isEmpty()) {
            ObjectNode columnConfig = configuration.putObject("column_config");
            columnNames.fields().forEachRemaining(e -> columnConfig.putObject(e.getKey()).set("custom_name", e.getValue()));
        }
        return withConfiguration(metadata, args, configuration);
    }

    /** {@code set_table_is_enum}: Hasura leaves {@code is_enum: false} out of the metadata. */
    static Metadata setIsEnum(Metadata metadata, Args args) {
        JsonNode isEnum = args.get("is_enum");
        if (isEnum == null || isEnum.isNull()) {
            throw Args.missing("is_enum");
        }
        if (!isEnum.isBoolean()) {
            throw new ApiError(ErrorCode.PARSE_FAILED, Args.PATH + ".is_enum", "expected Bool");
        }
        Source source = source(metadata, args.source());
        QualifiedTable table = args.table();
        tracked(source, table);
        Optional<Boolean> next = isEnum.asBoolean() ? Optional.of(true) : Optional.empty();
        return metadata.updateSource(source.name(), s -> s.updateTable(table, t -> t.withIsEnum(next)));
    }

    static Source source(Metadata metadata, String name) {
        return metadata.source(name).orElseThrow(() -> new ApiError(ErrorCode.NOT_EXISTS, Args.PATH,
                "source with name \"" + name + "\" does not exist"));
    }

    static TableEntry tracked(Source source, QualifiedTable table) {
        return source.table(table).orElseThrow(() -> new ApiError(ErrorCode.NOT_EXISTS, Args.PATH,
                "table \"" + table + "\" does not exist in source: " + source.name()));
    }
}
