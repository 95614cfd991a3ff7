package io.quarry.engine.metadataapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarry.engine.error.ApiError;
import io.quarry.engine.error.ErrorCode;
import io.quarry.engine.introspect.Catalog;
import io.quarry.engine.model.Inconsistency;
import io.quarry.engine.model.Model;
import io.quarry.engine.model.ModelBuilder;
import io.quarry.metadata.Metadata;
import io.quarry.metadata.MetadataException;
import io.quarry.metadata.MetadataJson;
import io.quarry.metadata.Relationship;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Runs one metadata request (which may be a {@code bulk} of several) against the current metadata. */
public final class MetadataCommands {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * What an operation did: the metadata after it ({@code changed} if it differs from before), the response body,
     * and whether the caller must reload metadata and catalog from the database before answering. {@code model} is
     * that metadata resolved against the catalog without enum table rows, when checking the change resolved it: the
     * caller serves it rather than resolving the metadata again when there are no enum tables.
     */
    public record Result(Metadata metadata, JsonNode response, boolean changed, boolean reload,
            Optional<Model> model) {
        public Result {
            Objects.requireNonNull(model, "model");
        }

        Result(Metadata metadata, JsonNode response, boolean changed, boolean reload) {
            this(metadata, response, changed, reload, Optional.empty());
        }
    }

    private MetadataCommands() {
    }

    private static final Set<String> READS = Set.of("export_metadata", "get_inconsistent_metadata", "reload_metadata");

    /** Whether the request only reads, so the catalog already loaded will do. */
    public static boolean readsOnly(JsonNode request) {
        return READS.contains(request.path("type").asText());
    }

    /**
     * Runs a request against the metadata at {@code resourceVersion}. A request naming another
     * {@code resource_version} was written against metadata that has changed since, and is refused.
     */
    public static Result run(JsonNode request, Metadata metadata, Catalog catalog, int resourceVersion) {
        JsonNode expected = request.get("resource_version");
        if (expected != null && expected.isInt() && expected.asInt() != resourceVersion) {
            throw new ApiError(ErrorCode.CONFLICT, "$", "metadata resource version referenced (" + expected.asInt()
                    + ") did not match current version");
        }
        Result result = run(request, metadata, catalog);
        if (request.path("version").asInt(1) == 2 && "export_metadata".equals(request.path("type").asText())) {
            ObjectNode wrapped = NODES.objectNode();
            wrapped.put("resource_version", resourceVersion);
            wrapped.set("metadata", result.response());
            return new Result(result.metadata(), wrapped, false, false, result.model());
        }
        return result;
    }

    private static Result run(JsonNode request, Metadata metadata, Catalog catalog) {
        if (!(request instanceof ObjectNode body)) {
            throw new ApiError(ErrorCode.PARSE_FAILED, "$", "expected an object with a \"type\" key");
        }
        JsonNode type = body.get("type");
        if (type == null || !type.isTextual()) {
            throw new ApiError(ErrorCode.PARSE_FAILED, "$", "the key 'type' was not present");
        }
        JsonNode args = body.has("args") ? body.get("args") : NODES.objectNode();
        return run(type.asText(), args, metadata, catalog);
    }

    private static Result run(String type, JsonNode args, Metadata metadata, Catalog catalog) {
        Args a = new Args(args);
        return switch (type) {
            case "pg_track_table", "track_table", "add_existing_table_or_view" ->
                    checked(metadata, TableCommands.track(metadata, catalog, a), catalog);
            case "pg_untrack_table", "untrack_table" -> checked(metadata, TableCommands.untrack(metadata, catalog, a), catalog);
            case "pg_track_tables" -> ManyTables.track(metadata, catalog, a);
            case "pg_untrack_tables" -> ManyTables.untrack(metadata, catalog, a);
            case "pg_set_table_customization", "set_table_customization" ->
                    checked(metadata, TableCommands.setCustomization(metadata, a), catalog);
            case "pg_set_table_custom_fields", "set_table_custom_fields" ->
                    checked(metadata, TableCommands.setCustomFields(metadata, a), catalog);
            case "pg_set_table_is_enum", "set_table_is_enum" ->
                    checked(metadata, TableCommands.setIsEnum(metadata, a), catalog);
            case "pg_rename_relationship", "rename_relationship" ->
                    checked(metadata, RelationshipCommands.rename(metadata, catalog, a), catalog);
            case "pg_set_relationship_comment", "set_relationship_comment" ->
                    new Result(RelationshipCommands.setComment(metadata, a), success(), true, false);
            case "pg_drop_computed_field", "drop_computed_field" ->
                    new Result(KeptEntries.dropComputedField(metadata, a), success(), true, false);
            case "drop_inconsistent_metadata" ->
                    new Result(Dependents.withoutInconsistent(metadata, catalog), success(), true, false);
            case "pg_add_source" -> new Result(SourceCommands.add(metadata, a), success(), true, false);
            case "pg_update_source" -> new Result(SourceCommands.update(metadata, a), success(), true, false);
            case "pg_drop_source" -> new Result(SourceCommands.drop(metadata, a), success(), true, false);
            case "rename_source" -> new Result(SourceCommands.rename(metadata, a), success(), true, false);
            case "pg_get_source_tables", "get_source_tables" -> unchanged(metadata, SourceCommands.tables(metadata, catalog, a));
            case "pg_get_table_info", "get_table_info" -> unchanged(metadata, SourceCommands.tableInfo(metadata, catalog, a));
            case "pg_create_object_relationship", "create_object_relationship" ->
                    checked(metadata, RelationshipCommands.create(metadata, catalog, a, Relationship.Kind.OBJECT), catalog);
            case "pg_create_array_relationship", "create_array_relationship" ->
                    checked(metadata, RelationshipCommands.create(metadata, catalog, a, Relationship.Kind.ARRAY), catalog);
            case "pg_drop_relationship", "drop_relationship" ->
                    checked(metadata, RelationshipCommands.drop(metadata, a), catalog);
            case "pg_create_select_permission", "create_select_permission" -> permission(metadata, catalog, a, "select", true);
            case "pg_create_insert_permission", "create_insert_permission" -> permission(metadata, catalog, a, "insert", true);
            case "pg_create_update_permission", "create_update_permission" -> permission(metadata, catalog, a, "update", true);
            case "pg_create_delete_permission", "create_delete_permission" -> permission(metadata, catalog, a, "delete", true);
            case "pg_drop_select_permission", "drop_select_permission" -> permission(metadata, catalog, a, "select", false);
            case "pg_drop_insert_permission", "drop_insert_permission" -> permission(metadata, catalog, a, "insert", false);
            case "pg_drop_update_permission", "drop_update_permission" -> permission(metadata, catalog, a, "update", false);
            case "pg_drop_delete_permission", "drop_delete_permission" -> permission(metadata, catalog, a, "delete", false);
            case "add_inherited_role" -> new Result(KeptEntries.addInheritedRole(metadata, a), success(), true, false);
            case "drop_inherited_role" -> new Result(KeptEntries.dropInheritedRole(metadata, a), success(), true, false);
            case "pg_set_permission_comment", "set_permission_comment" ->
                    new Result(KeptEntries.setPermissionComment(metadata, a), success(), true, false);
            case "pg_add_computed_field", "add_computed_field" ->
                    checked(metadata, KeptEntries.addComputedField(metadata, a), catalog);
            case "pg_track_function", "track_function" ->
                    checked(metadata, FunctionCommands.track(metadata, catalog, a), catalog);
            case "pg_untrack_function", "untrack_function" ->
                    new Result(FunctionCommands.untrack(metadata, a), success(), true, false);
            case "pg_set_function_customization", "set_function_customization" ->
                    checked(metadata, FunctionCommands.customize(metadata, a), catalog);
            case "pg_create_function_permission", "create_function_permission" ->
                    new Result(FunctionCommands.createPermission(metadata, catalog, a), success(), true, false);
            case "pg_drop_function_permission", "drop_function_permission" ->
                    new Result(FunctionCommands.dropPermission(metadata, a), success(), true, false);
            case "pg_suggest_relationships" ->
                    unchanged(metadata, Suggestions.suggest(metadata, catalog, a));
            case "export_metadata" -> unchanged(metadata, MetadataJson.write(metadata));
            case "replace_metadata" -> replace(metadata, catalog, args);
            case "clear_metadata" -> new Result(Metadata.empty(), success(), true, false);
            case "reload_metadata" -> new Result(metadata, success(), false, true);
            case "get_inconsistent_metadata" -> unchanged(metadata, inconsistencies(ModelBuilder.build(metadata, catalog)));
            case "set_api_limits" -> new Result(LimitCommands.setApiLimits(metadata, a), success(), true, false);
            case "remove_api_limits" -> new Result(LimitCommands.removeApiLimits(metadata), success(), true, false);
            case "set_graphql_schema_introspection_options" ->
                    new Result(LimitCommands.setIntrospectionOptions(metadata, a), success(), true, false);
            case "create_query_collection" -> new Result(CollectionCommands.create(metadata, a), success(), true, false);
            case "drop_query_collection" -> new Result(CollectionCommands.drop(metadata, a), success(), true, false);
            case "add_query_to_collection" -> new Result(CollectionCommands.addQuery(metadata, a), success(), true, false);
            case "drop_query_from_collection" ->
                    new Result(CollectionCommands.dropQuery(metadata, a), success(), true, false);
            case "add_collection_to_allowlist" -> CollectionCommands.addToAllowlist(metadata, a)
                    .map(next -> new Result(next, success(), true, false))
                    .orElseGet(() -> unchanged(metadata, NODES.objectNode()
                            .put("message", CollectionCommands.alreadyInAllowlist(a))));
            case "drop_collection_from_allowlist" ->
                    new Result(CollectionCommands.dropFromAllowlist(metadata, a), success(), true, false);
            case "update_scope_of_collection_in_allowlist" ->
                    new Result(CollectionCommands.updateScope(metadata, a), success(), true, false);
            case "bulk" -> bulk(args, metadata, catalog, false);
            case "bulk_keep_going" -> bulk(args, metadata, catalog, true);
            default -> throw new ApiError(ErrorCode.NOT_SUPPORTED, "$.type", "unknown metadata operation \"" + type + "\"");
        };
    }

    /**
     * Applies the operations one after another. In a {@code bulk}, if any fails the whole bulk fails and nothing
     * changes; in a {@code bulk_keep_going}, a failed operation changes nothing and answers its error in its place.
     * Either way the caller stores the result and builds the role schemas once, for the whole bulk.
     */
    private static Result bulk(JsonNode args, Metadata metadata, Catalog catalog, boolean keepGoing) {
        if (!(args instanceof ArrayNode operations)) {
            throw new ApiError(ErrorCode.PARSE_FAILED, "$.args", "expected an array of operations");
        }
        ArrayNode responses = NODES.arrayNode();
        Metadata current = metadata;
        Optional<Model> model = Optional.empty();
        boolean changed = false;
        boolean reload = false;
        for (int i = 0; i < operations.size(); i++) {
            Result r;
            try {
                r = run(operations.get(i), current, catalog);
            } catch (ApiError e) {
                ApiError placed = e.under("$.args[" + i + "]");
                if (!keepGoing) {
                    throw placed;
                }
                responses.add(NODES.objectNode().put("path", placed.path()).put("error", placed.getMessage())
                        .put("code", placed.code().code()));
                continue;
            }
            responses.add(r.response());
            if (r.model().isPresent() || r.metadata() != current) {
                model = r.model();
            }
            current = r.metadata();
            changed |= r.changed();
            reload |= r.reload();
        }
        return new Result(current, responses, changed, reload, model);
    }

    private static Result replace(Metadata metadata, Catalog catalog, JsonNode args) {
        boolean allowInconsistent = false;
        JsonNode document = args;
        if (args.has("metadata") && !args.has("version") && !args.has("sources")) {
            allowInconsistent = args.path("allow_inconsistent_metadata").asBoolean(false);
            document = args.get("metadata");
        }
        Metadata next;
        try {
            next = MetadataJson.read(document);
        } catch (MetadataException e) {
            throw new ApiError(ErrorCode.PARSE_FAILED, "$.args" + e.path().substring(1), e.getMessage());
        }
        java.util.Optional<String> cycles = io.quarry.engine.model.InheritedRoles.cycles(next.inheritedRoles());
        if (cycles.isPresent()) {
            throw new ApiError(ErrorCode.CYCLIC_DEPENDENCY, "$", cycles.get());
        }
        Model model = ModelBuilder.build(next, catalog);
        if (!model.inconsistencies().isEmpty() && !allowInconsistent) {
            throw new ApiError(ErrorCode.UNEXPECTED, "$.args",
                    "cannot continue due to inconsistent metadata: " + model.inconsistencies().get(0).reason(), 400);
        }
        return new Result(next, allowInconsistent ? inconsistencies(model) : success(), true, false,
                Optional.of(model));
    }

    private static Result permission(Metadata metadata, Catalog catalog, Args args, String kind, boolean create) {
        if (!create) {
            return new Result(KeptEntries.dropPermission(metadata, args, kind), success(), true, false);
        }
        Metadata next = KeptEntries.createPermission(metadata, catalog, args, kind);
        // A permission that can never be served is refused now rather than reported after it is stored.
        String name = kind + "_permission " + args.text("role") + " in table " + args.table() + " in source "
                + args.source();
        Model model = ModelBuilder.build(next, catalog);
        model.inconsistencies().stream().filter(i -> i.name().equals(name)).findFirst().ifPresent(i -> {
            throw new ApiError(ErrorCode.INVALID_CONFIGURATION, "$.args", i.reason());
        });
        return new Result(next, success(), true, false, Optional.of(model));
    }

    static ObjectNode success() {
        return NODES.objectNode().put("message", "success");
    }

    /**
     * A change that succeeds only if it makes nothing inconsistent that was consistent before. What was inconsistent
     * before is resolved only when something is after: most metadata is consistent, and for thousands of tables each
     * resolution takes a while.
     */
    private static Result checked(Metadata before, Metadata after, Catalog catalog) {
        Model model = ModelBuilder.build(after, catalog);
        List<Inconsistency> now = model.inconsistencies();
        if (now.isEmpty()) {
            return new Result(after, success(), true, false, Optional.of(model));
        }
        Set<String> known = ModelBuilder.build(before, catalog).inconsistencies().stream()
                .map(Inconsistency::name).collect(Collectors.toSet());
        List<Inconsistency> added = now.stream().filter(i -> !known.contains(i.name())).toList();
        if (!added.isEmpty()) {
            throw new ApiError(ErrorCode.INVALID_CONFIGURATION, "$.args", added.get(0).reason());
        }
        return new Result(after, success(), true, false, Optional.of(model));
    }

    private static Result unchanged(Metadata metadata, JsonNode response) {
        return new Result(metadata, response, false, false);
    }

    public static ObjectNode inconsistencies(Model model) {
        ObjectNode out = NODES.objectNode();
        out.put("is_consistent", model.inconsistencies().isEmpty());
        ArrayNode objects = out.putArray("inconsistent_objects");
        for (Inconsistency i : model.inconsistencies()) {
            ObjectNode o = objects.addObject();
            o.set("definition", i.definition());
            o.put("name", i.name());
            o.put("reason", i.reason());
            o.put("type", i.type());
        }
        return out;
    }
}
