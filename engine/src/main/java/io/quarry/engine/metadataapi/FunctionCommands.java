package io.quarry.engine.metadataapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.engine.error.ApiError;
import io.quarry.engine.error.ErrorCode;
import io.quarry.engine.introspect.Catalog;
import io.quarry.engine.model.FunctionConfiguration;
import io.quarry.engine.model.Model;
import io.quarry.engine.model.ModelBuilder;
import io.quarry.metadata.Metadata;
import io.quarry.metadata.MetadataException;
import io.quarry.metadata.MetadataJson;
import io.quarry.metadata.QualifiedTable;
import io.quarry.metadata.Source;
import io.quarry.metadata.TrackedFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Tracked functions: tracking with a checked {@code configuration}, untracking, customization and function
 * permissions, with Hasura's errors. A function entry keeps its keys' order ({@link TrackedFunction}); Hasura's
 * order, {@code function, configuration, permissions, comment}, for keys it gains.
 */
final class FunctionCommands {
    private FunctionCommands() {
    }

    /** {@code pg_track_function}: the configuration is read as Hasura reads it before the function is tracked. */
    static Metadata track(Metadata metadata, Catalog catalog, Args args) {
        configuration(args.get("configuration"), Args.PATH + ".configuration");
        QualifiedTable name = name(args);
        if (TableCommands.source(metadata, args.source()).table(name).isPresent()) {
            throw new ApiError(ErrorCode.NOT_SUPPORTED, Args.PATH, "table with name \"" + name + "\" already exists");
        }
        return KeptEntries.trackFunction(metadata, args);
    }

    /** {@code pg_untrack_function}: the function and its permissions leave the metadata. */
    static Metadata untrack(Metadata metadata, Args args) {
        Source source = TableCommands.source(metadata, args.source());
        QualifiedTable name = name(args);
        tracked(source, name);
        return metadata.updateSource(source.name(), s -> s.withFunctions(s.functions().stream()
                .filter(f -> !f.function().equals(name)).toList()));
    }

    /** {@code pg_set_function_customization}: the function's whole configuration is replaced. */
    static Metadata customize(Metadata metadata, Args args) {
        Source source = TableCommands.source(metadata, args.source());
        QualifiedTable name = name(args);
        JsonNode configuration = args.get("configuration");
        if (configuration == null || configuration.isNull()) {
            throw Args.missing("configuration");
        }
        configuration(configuration, Args.PATH + ".configuration");
        TrackedFunction.Configuration config;
        try {
            config = MetadataJson.readFunctionConfiguration(configuration, Args.PATH + ".configuration");
        } catch (MetadataException e) {
            throw new ApiError(ErrorCode.PARSE_FAILED, e.path(), e.getMessage());
        }
        tracked(source, name);
        return update(metadata, source, name, f -> f.withConfiguration(config.isEmpty() ? Optional.empty()
                : Optional.of(config)));
    }

    /**
     * {@code pg_create_function_permission}: as in Hasura, the role must already have permissions on the table the
     * function returns; the new permission comes first in the list.
     */
    static Metadata createPermission(Metadata metadata, Catalog catalog, Args args) {
        Source source = TableCommands.source(metadata, args.source());
        QualifiedTable name = name(args);
        String role = args.text("role");
        TrackedFunction function = tracked(source, name);
        if (function.permissions().contains(role)) {
            throw new ApiError(ErrorCode.ALREADY_EXISTS, Args.PATH, "permission of role \"" + role
                    + "\" already exists for function \"" + name + "\" in source: \"" + source.name() + "\"");
        }
        Model model = ModelBuilder.build(metadata, catalog);
        QualifiedTable returned = model.functions().stream().filter(f -> f.name().equals(name)).findFirst()
                .map(f -> f.returnTable()).orElseThrow(() -> notExists(name, source));
        boolean permitted = model.selectPermission(returned, role).isPresent()
                || List.of("insert", "update", "delete").stream()
                .anyMatch(kind -> model.writePermission(returned, role, kind).isPresent());
        if (!permitted) {
            throw new ApiError(ErrorCode.NOT_SUPPORTED, Args.PATH, "function permission can only be added when the "
                    + "function's return table \"" + returned + "\" has select permission configured for role: \""
                    + role + "\"");
        }
        List<String> roles = new ArrayList<>(List.of(role));
        roles.addAll(function.permissions());
        return update(metadata, source, name, f -> f.withPermissions(roles));
    }

    /** {@code pg_drop_function_permission}. */
    static Metadata dropPermission(Metadata metadata, Args args) {
        Source source = TableCommands.source(metadata, args.source());
        QualifiedTable name = name(args);
        String role = args.text("role");
        TrackedFunction function = tracked(source, name);
        if (!function.permissions().contains(role)) {
            throw new ApiError(ErrorCode.NOT_EXISTS, Args.PATH, "permission of role \"" + role
                    + "\" does not exist for function \"" + name + "\" in source: \"" + source.name() + "\"");
        }
        return update(metadata, source, name, f -> f.withPermissions(f.permissions().stream()
                .filter(r -> !r.equals(role)).toList()));
    }

    /** Refuses a configuration Hasura could not parse, at its path. */
    private static void configuration(JsonNode configuration, String path) {
        FunctionConfiguration.malformed(configuration, path).ifPresent(m -> {
            throw new ApiError(ErrorCode.PARSE_FAILED, m.path(), m.message());
        });
    }

    /** The function an operation names: {@code function}, or the v1 form with {@code schema} and {@code name}. */
    private static QualifiedTable name(Args args) {
        JsonNode function = args.get("function");
        String path = Args.PATH + (function != null ? ".function" : "");
        JsonNode node = function != null ? function : args.node();
        if (function == null && !node.has("name")) {
            throw Args.missing("function");
        }
        try {
            return MetadataJson.readTable(node, path);
        } catch (MetadataException e) {
            throw new ApiError(ErrorCode.PARSE_FAILED, e.path(), e.getMessage());
        }
    }

    /** The tracked function; Hasura's error when it is not tracked. */
    private static TrackedFunction tracked(Source source, QualifiedTable name) {
        return source.function(name).orElseThrow(() -> notExists(name, source));
    }

    private static ApiError notExists(QualifiedTable name, Source source) {
        return new ApiError(ErrorCode.NOT_EXISTS, Args.PATH, "function \"" + name + "\" does not exist in source: "
                + source.name());
    }

    private static Metadata update(Metadata metadata, Source source, QualifiedTable name,
            UnaryOperator<TrackedFunction> change) {
        return metadata.updateSource(source.name(), s -> s.withFunctions(s.functions().stream()
                .map(f -> f.function().equals(name) ? change.apply(f) : f).toList()));
    }
}
