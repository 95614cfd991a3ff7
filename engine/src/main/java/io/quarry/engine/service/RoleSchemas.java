package io.quarry.engine.service;

import io.quarry.engine.auth.Session;
import io.quarry.engine.model.Model;
import io.quarry.engine.request.OperationPreparer;
import io.quarry.engine.schema.SchemaBuilder;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The schemas of one metadata version, each built the first time it is needed: a change to metadata is served as
 * soon as its model is resolved, rather than after every role's schema (for a database of thousands of tables, each
 * takes seconds). The engine builds them all right after the version is served ({@link #buildAll}), so a request
 * usually finds its schema ready; one that comes sooner waits for its own role's schema only.
 */
final class RoleSchemas {
    /** The empty schema of a role that may read nothing. */
    private static final String NO_ACCESS = "";

    private final Model model;
    private final int maxFields;
    private final boolean inferFunctionPermissions;
    private final BiConsumer<String, RuntimeException> onRoleError;
    private final Set<String> roles;
    private final Map<Key, Once> built = new ConcurrentHashMap<>();

    /** A role whose schema cannot be built is reported to {@code onRoleError} and given no access. */
    RoleSchemas(Model model, int maxFields, boolean inferFunctionPermissions,
            BiConsumer<String, RuntimeException> onRoleError) {
        this.model = model;
        this.maxFields = maxFields;
        this.inferFunctionPermissions = inferFunctionPermissions;
        this.onRoleError = onRoleError;
        this.roles = model.roles();
    }

    OperationPreparer admin() {
        return get(new Key(Session.ADMIN, false)).orElseThrow();
    }

    /**
     * The schema a role queries: the role's own, or an empty one for a role without permissions (or whose schema
     * could not be built); for a trusted backend's request ({@code backend}), the role's own with its backend-only
     * write permissions, when it writes anything.
     */
    OperationPreparer preparer(String role, boolean backend) {
        if (Session.ADMIN.equals(role)) {
            return admin();
        }
        if (!roles.contains(role)) {
            return noAccess();
        }
        Optional<OperationPreparer> own = get(new Key(role, false));
        if (own.isEmpty()) {
            return noAccess();
        }
        if (backend) {
            Optional<OperationPreparer> backendOnly = get(new Key(role, true));
            if (backendOnly.isPresent()) {
                return backendOnly.get();
            }
        }
        return own.get();
    }

    /** Builds every schema not built yet, the admin's first, while {@code wanted} holds. */
    void buildAll(BooleanSupplier wanted) {
        admin();
        for (String role : roles) {
            if (!wanted.getAsBoolean()) {
                return;
            }
            preparer(role, true);
        }
        noAccess();
    }

    private OperationPreparer noAccess() {
        return get(new Key(NO_ACCESS, false)).orElseThrow();
    }

    private Optional<OperationPreparer> get(Key key) {
        return built.computeIfAbsent(key, k -> new Once(() -> build(k))).get();
    }

    private Optional<OperationPreparer> build(Key key) {
        if (key.role().equals(Session.ADMIN)) {
            return Optional.of(new OperationPreparer(SchemaBuilder.admin(model), maxFields));
        }
        if (key.role().equals(NO_ACCESS)) {
            return Optional.of(new OperationPreparer(SchemaBuilder.forRole(model, NO_ACCESS, false), maxFields));
        }
        if (key.backend() && !model.hasWritePermission(key.role())) {
            return Optional.empty();
        }
        try {
            return Optional.of(new OperationPreparer(SchemaBuilder.forRole(model, key.role(), key.backend(),
                    inferFunctionPermissions), maxFields, key.backend()));
        } catch (RuntimeException e) {
            // One role's broken schema must not stop the others; that role is left without access.
            onRoleError.accept(key.role(), e);
            return Optional.empty();
        }
    }

    private record Key(String role, boolean backend) {
    }

    /** A value computed once, by the first caller; callers that come meanwhile wait for it. */
    private static final class Once {
        private final Supplier<Optional<OperationPreparer>> compute;
        private Optional<OperationPreparer> value;

        Once(Supplier<Optional<OperationPreparer>> compute) {
            this.compute = compute;
        }

        synchronized Optional<OperationPreparer> get() {
            if (value == null) {
                value = compute.get();
            }
            return value;
        }
    }
}
