package io.quarry.engine.service;

import io.quarry.engine.config.Protections;
import io.quarry.engine.error.ApiError;
import io.quarry.engine.introspect.Catalog;
import io.quarry.engine.introspect.EnumValue;
import io.quarry.engine.introspect.PgName;
import io.quarry.engine.limits.LimitPolicy;
import io.quarry.engine.model.Model;
import io.quarry.engine.model.ModelBuilder;
import io.quarry.engine.request.AllowedQueries;
import io.quarry.engine.request.OperationPreparer;
import io.quarry.metadata.AllowlistEntry;
import io.quarry.metadata.Metadata;
import io.quarry.metadata.QueryCollection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything derived from one metadata version: built once when metadata or catalog change, then only read.
 * The statement cache keeps the compiled SQL of the queries seen, by document and shape of variables.
 * {@code limits}, {@code allowlist} and {@code introspectionDisabled} are the request protections of this version.
 */
public record EngineState(Metadata metadata, int resourceVersion, Catalog catalog, Model model,
        RoleSchemas schemas, Statements statements, LimitPolicy limits, AllowedQueries allowlist,
        Set<String> introspectionDisabled) {
    private static final int STATEMENT_CACHE_SIZE = 1024;

    public EngineState {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(schemas, "schemas");
        Objects.requireNonNull(statements, "statements");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(allowlist, "allowlist");
        introspectionDisabled = Set.copyOf(introspectionDisabled);
    }

    /**
     * How long a request of {@code role} may run by metadata's {@code time_limit}, if it sets one; the engine's
     * statement timeout applies besides.
     */
    public Optional<Duration> timeLimit(String role) {
        return limits.time(role);
    }

    /**
     * Refuses a batched request of {@code size} operations when it is larger than the engine's bound or the role's
     * {@code batch_limit}.
     */
    public Optional<ApiError> checkBatch(String role, int size) {
        return limits.checkBatch(role, size);
    }

    /**
     * The schema a role queries: the admin's, the role's own, or an empty one for a role without permissions;
     * for a trusted backend's request ({@code backend}), the role's own with its backend-only write permissions.
     */
    public OperationPreparer preparer(String role, boolean backend) {
        return schemas.preparer(role, backend);
    }

    /** Whether {@link #preparer} has its schema built, or would build it (or wait for it) first. */
    public boolean ready(String role, boolean backend) {
        return schemas.ready(role, backend);
    }

    /** The admin's schema. */
    public OperationPreparer admin() {
        return schemas.admin();
    }

    /** Builds the state with the default protections. */
    public static EngineState build(Metadata metadata, int resourceVersion, Catalog catalog,
            Map<PgName, List<EnumValue>> enumValues, java.util.function.BiConsumer<String, RuntimeException> onRoleError) {
        return build(metadata, resourceVersion, catalog, enumValues, Protections.defaults(), onRoleError);
    }

    /**
     * Builds the state; the role schemas are built when first asked for ({@link RoleSchemas}). A role whose schema
     * cannot be built is reported to {@code onRoleError} and left out.
     */
    public static EngineState build(Metadata metadata, int resourceVersion, Catalog catalog,
            Map<PgName, List<EnumValue>> enumValues, Protections protections,
            java.util.function.BiConsumer<String, RuntimeException> onRoleError) {
        return build(metadata, resourceVersion, catalog, enumValues, protections, onRoleError, null);
    }

    /** As above; a role whose part of the model is as in {@code previous} (if any) keeps its schema from there. */
    public static EngineState build(Metadata metadata, int resourceVersion, Catalog catalog,
            Map<PgName, List<EnumValue>> enumValues, Protections protections,
            java.util.function.BiConsumer<String, RuntimeException> onRoleError, EngineState previous) {
        return build(metadata, resourceVersion, catalog, ModelBuilder.build(metadata, catalog, enumValues),
                protections, onRoleError, previous);
    }

    /** As above, with the metadata already resolved against the catalog (and the rows of its enum tables). */
    public static EngineState build(Metadata metadata, int resourceVersion, Catalog catalog, Model model,
            Protections protections, java.util.function.BiConsumer<String, RuntimeException> onRoleError,
            EngineState previous) {
        RoleSchemas schemas = previous == null
                ? new RoleSchemas(model, protections.maxFields(), protections.inferFunctionPermissions(), onRoleError)
                : new RoleSchemas(model, protections.maxFields(), protections.inferFunctionPermissions(), onRoleError,
                        previous.schemas());
        return new EngineState(metadata, resourceVersion, catalog, model, schemas, new Statements(STATEMENT_CACHE_SIZE),
                new LimitPolicy(metadata.apiLimits(), protections), allowlist(metadata),
                Set.copyOf(metadata.introspectionDisabledFor()));
    }

    /** The queries of the allow-listed collections, for every role and for the roles of scoped entries. */
    private static AllowedQueries allowlist(Metadata metadata) {
        Map<String, List<String>> collections = new LinkedHashMap<>();
        for (QueryCollection c : metadata.queryCollections()) {
            collections.put(c.name(), c.queries().stream().map(QueryCollection.Query::query).toList());
        }
        List<String> global = new ArrayList<>();
        Map<String, List<String>> perRole = new LinkedHashMap<>();
        for (AllowlistEntry entry : metadata.allowlist()) {
            List<String> queries = collections.getOrDefault(entry.collection(), List.of());
            if (entry.roles().isEmpty()) {
                global.addAll(queries);
            } else {
                entry.roles().get().forEach(r -> perRole.computeIfAbsent(r, k -> new ArrayList<>()).addAll(queries));
            }
        }
        return AllowedQueries.of(global, perRole);
    }
}
