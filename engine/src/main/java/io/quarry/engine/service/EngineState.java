package io.quarry.engine.service;

import io.quarry.engine.introspect.Catalog;
import io.quarry.engine.introspect.EnumValue;
import io.quarry.engine.introspect.PgName;
import io.quarry.engine.model.Model;
import io.quarry.engine.model.ModelBuilder;
import io.quarry.engine.request.OperationPreparer;
import io.quarry.engine.schema.SchemaBuilder;
import io.quarry.engine.sql.SqlStatement;
import io.quarry.metadata.Metadata;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything derived from one metadata version: built once when metadata or catalog change, then only read.
 * The statement cache memoizes the SQL of requests without variables, the common case for repeated queries.
 */
public record EngineState(Metadata metadata, int resourceVersion, Catalog catalog, Model model,
        OperationPreparer admin, Map<String, OperationPreparer> roles, Map<String, OperationPreparer> backendRoles,
        OperationPreparer noAccess,
        Map<String, SqlStatement> statements) {
    private static final int STATEMENT_CACHE_SIZE = 512;

    public EngineState {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(statements, "statements");
        roles = Map.copyOf(roles);
        backendRoles = Map.copyOf(backendRoles);
        Objects.requireNonNull(noAccess, "noAccess");
    }

    /**
     * The schema a role queries: the admin's, the role's own, or an empty one for a role without permissions;
     * for a trusted backend's request ({@code backend}), the role's own with its backend-only write permissions.
     */
    public OperationPreparer preparer(String role, boolean backend) {
        if (io.quarry.engine.auth.Session.ADMIN.equals(role)) {
            return admin;
        }
        if (backend && backendRoles.containsKey(role)) {
            return backendRoles.get(role);
        }
        return roles.getOrDefault(role, noAccess);
    }

    /** Builds the state; a role whose schema cannot be built is reported to {@code onRoleError} and left out. */
    public static EngineState build(Metadata metadata, int resourceVersion, Catalog catalog,
            Map<PgName, List<EnumValue>> enumValues, java.util.function.BiConsumer<String, RuntimeException> onRoleError) {
        Model model = ModelBuilder.build(metadata, catalog, enumValues);
        Map<String, OperationPreparer> roles = new LinkedHashMap<>();
        Map<String, OperationPreparer> backendRoles = new LinkedHashMap<>();
        for (String role : model.roles()) {
            try {
                roles.put(role, new OperationPreparer(SchemaBuilder.forRole(model, role, false)));
                if (model.hasWritePermission(role)) {
                    backendRoles.put(role, new OperationPreparer(SchemaBuilder.forRole(model, role, true)));
                }
            } catch (RuntimeException e) {
                // One role's broken schema must not stop the others; that role is left without access.
                onRoleError.accept(role, e);
            }
        }
        return new EngineState(metadata, resourceVersion, catalog, model,
                new OperationPreparer(SchemaBuilder.admin(model)), roles, backendRoles,
                new OperationPreparer(SchemaBuilder.forRole(model, "", false)), lru());
    }

    private static Map<String, SqlStatement> lru() {
        return Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, SqlStatement> eldest) {
                return size() > STATEMENT_CACHE_SIZE;
            }
        });
    }
}
