package io.quarry.engine.metadataapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tracked functions: tracking with a checked {@code configuration}, untracking, customization and function
 * permissions, with Hasura's errors. A function entry keeps Hasura's key order: {@code function},
 * {@code configuration}, {@code permissions}, {@code comment}.
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
        ArrayNode functions = functions(source);
        functions.remove(index(functions, name, source));
        return with(metadata, source, functions);
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
        ArrayNode functions = functions(source);
        int i = index(functions, name, source);
        ObjectNode entry = (ObjectNode) functions.get(i);
        functions.set(i, entry(entry, configuration.isEmpty() ? null : configuration, entry.get("permissions")));
        return with(metadata, source, functions);
    }

    /**
     * {@code pg_create_function_permission}: as in Hasura, the role must already have permissions on the table the
     * function returns; the new permission comes first in the list.
     */
    static Metadata createPermission(Metadata metadata, Catalog catalog, Args args) {
        Source source = TableCommands.source(metadata, args.source());
        QualifiedTable name = name(args);
        String role = args.text("role");
        ArrayNode functions = functions(source);
        int i = index(functions, name, source);
        ObjectNode entry = (ObjectNode) functions.get(i);
        if (permission(entry, role) >= 0) {
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
        ArrayNode permissions = MetadataCommands.NODES.arrayNode();
        permissions.addObject().put("role", role);
        if (entry.get("permissions") instanceof ArrayNode existing) {
            permissions.addAll(existing.deepCopy());
        }
        functions.set(i, entry(entry, entry.get("configuration"), permissions));
        return with(metadata, source, functions);
    }

    /** {@code pg_drop_function_permission}. */
    static Metadata dropPermission(Metadata metadata, Args args) {
        Source source = TableCommands.source(metadata, args.source());
        QualifiedTable name = name(args);
        String role = args.text("role");
        ArrayNode functions = functions(source);
        int i = index(functions, name, source);
        ObjectNode entry = (ObjectNode) functions.get(i);
        int p = permission(entry, role);
        if (p < 0) {
            throw new ApiError(ErrorCode.NOT_EXISTS, Args.PATH, "permission of role \"" + role
                    + "\" does not exist for function \"" + name + "\" in source: \"" + source.name() + "\"");
        }
        ArrayNode permissions = ((ArrayNode) entry.get("permissions")).deepCopy();
        permissions.remove(p);
        functions.set(i, entry(entry, entry.get("configuration"), permissions.isEmpty() ? null : permissions));
        return with(metadata, source, functions);
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

    private static ArrayNode functions(Source source) {
        return source.other().get("functions") instanceof ArrayNode a ? a.deepCopy()
                : MetadataCommands.NODES.arrayNode();
    }

    /** Where the tracked function is in the list; Hasura's error when it is not tracked. */
    private static int index(ArrayNode functions, QualifiedTable name, Source source) {
        for (int i = 0; i < functions.size(); i++) {
            JsonNode function = functions.get(i).get("function");
            if (function != null && MetadataJson.readTable(function, "$.function").equals(name)) {
                return i;
            }
        }
        throw notExists(name, source);
    }

    private static ApiError notExists(QualifiedTable name, Source source) {
        return new ApiError(ErrorCode.NOT_EXISTS, Args.PATH, "function \"" + name + "\" does not exist in source: "
                + source.name());
    }

    private static int permission(ObjectNode entry, String role) {
        JsonNode permissions = entry.path("permissions");
        for (int i = 0; i < permissions.size(); i++) {
            if (role.equals(permissions.get(i).path("role").asText())) {
                return i;
            }
        }
        return -1;
    }

    /** The entry with this configuration and these permissions (each left out when null), in Hasura's key order. */
    private static ObjectNode entry(ObjectNode old, JsonNode configuration, JsonNode permissions) {
        ObjectNode entry = MetadataCommands.NODES.objectNode();
        entry.set("function", old.get("function"));
        if (configuration != null && !configuration.isNull()) {
            entry.set("configuration", configuration);
        }
        if (permissions != null && !permissions.isNull()) {
            entry.set("permissions", permissions);
        }
        old.fields().forEachRemaining(e -> {
            if (!entry.has(e.getKey()) && !List.of("configuration", "permissions").contains(e.getKey())) {
                entry.set(e.getKey(), e.getValue());
            }
        });
        return entry;
    }

    private static Metadata with(Metadata metadata, Source source, ArrayNode functions) {
        Map<String, JsonNode> other = new LinkedHashMap<>(source.other());
        if (functions.isEmpty()) {
            other.remove("functions");
        } else {
            other.put("functions", functions);
        }
        return metadata.updateSource(source.name(), s -> new Source(s.name(), s.kind(), s.tables(), other));
    }
}
