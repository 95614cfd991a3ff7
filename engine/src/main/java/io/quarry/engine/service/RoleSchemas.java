package io.quarry.engine.service;

import io.quarry.engine.auth.Session;
import io.quarry.engine.model.FunctionInfo;
import io.quarry.engine.model.Model;
import io.quarry.engine.model.SelectPermission;
import io.quarry.engine.model.TableInfo;
import io.quarry.engine.model.WritePermission;
import io.quarry.engine.request.OperationPreparer;
import io.quarry.engine.schema.SchemaBuilder;
import io.quarry.metadata.QualifiedTable;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
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
 *
 * <p>A role whose part of the model is the same as in the version before (tracking a table it has no permission on,
 * say) keeps the schema it had, with what was derived from it. Only the admin's schema, which sees every table,
 * is always built again.
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
    /** Whether every schema is built: then nothing need be looked up to know a request will not wait. */
    private volatile boolean complete;
    /** The role schemas the version before had built, until this version's are all built (then forgotten). */
    private volatile Map<Key, Reusable> before;

    /** A role whose schema cannot be built is reported to {@code onRoleError} and given no access. */
    RoleSchemas(Model model, int maxFields, boolean inferFunctionPermissions,
            BiConsumer<String, RuntimeException> onRoleError) {
        this.model = model;
        this.maxFields = maxFields;
        this.inferFunctionPermissions = inferFunctionPermissions;
        this.onRoleError = onRoleError;
        this.roles = model.roles();
        this.before = Map.of();
    }

    /** The schemas of a new version, reusing those of {@code previous} that its roles can keep. */
    RoleSchemas(Model model, int maxFields, boolean inferFunctionPermissions,
            BiConsumer<String, RuntimeException> onRoleError, RoleSchemas previous) {
        this(model, maxFields, inferFunctionPermissions, onRoleError);
        Map<Key, Reusable> reusable = new ConcurrentHashMap<>();
        previous.built.forEach((key, once) -> {
            Optional<OperationPreparer> done = once.done();
            if (done != null && !key.role().equals(Session.ADMIN) && !key.role().equals(NO_ACCESS)) {
                reusable.put(key, new Reusable(done, previous.model));
            }
        });
        this.before = reusable;
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

    /** Whether the schema {@link #preparer} would give is built, so that asking for it will not wait. */
    boolean ready(String role, boolean backend) {
        if (complete) {
            return true;
        }
        if (Session.ADMIN.equals(role)) {
            return built(new Key(Session.ADMIN, false));
        }
        if (!roles.contains(role)) {
            return built(new Key(NO_ACCESS, false));
        }
        return built(new Key(role, false)) && (!backend || built(new Key(role, true)));
    }

    private boolean built(Key key) {
        Once once = built.get(key);
        return once != null && once.done() != null;
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
        before = Map.of();
        complete = true;
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
        Reusable kept = before.get(key);
        if (kept != null && RoleSlice.of(kept.model(), key.role()).equals(RoleSlice.of(model, key.role()))) {
            return kept.preparer();
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

    /** A schema built for the version before, with the model it was built from. */
    private record Reusable(Optional<OperationPreparer> preparer, Model model) {
    }

    /**
     * What a role's schema and the plans made with it depend on: its permissions, the tables they name and every
     * table reachable from those through relationships and computed fields (its permission filters may follow
     * them), the enum tables (every schema has their types) and the functions. Equal slices, equal schemas.
     */
    private record RoleSlice(Map<QualifiedTable, SelectPermission> reads,
            Map<QualifiedTable, Map<String, WritePermission>> writes, Map<QualifiedTable, TableInfo> tables,
            List<FunctionInfo> functions) {
        static RoleSlice of(Model model, String role) {
            Map<QualifiedTable, SelectPermission> reads = new HashMap<>();
            Map<QualifiedTable, Map<String, WritePermission>> writes = new HashMap<>();
            Deque<QualifiedTable> pending = new ArrayDeque<>();
            model.selectPermissions().forEach((table, byRole) -> {
                if (byRole.containsKey(role)) {
                    reads.put(table, byRole.get(role));
                    pending.add(table);
                }
            });
            model.writePermissions().forEach((table, byRole) -> {
                if (byRole.containsKey(role)) {
                    writes.put(table, byRole.get(role));
                    pending.add(table);
                }
            });
            model.tables().values().stream().filter(t -> t.enumValues().isPresent()).map(TableInfo::name)
                    .forEach(pending::add);
            Map<QualifiedTable, TableInfo> tables = new HashMap<>();
            while (!pending.isEmpty()) {
                QualifiedTable name = pending.pop();
                TableInfo table = model.tables().get(name);
                if (table == null || tables.putIfAbsent(name, table) != null) {
                    continue;
                }
                table.relationships().forEach(r -> pending.add(r.target()));
                table.computedFields().forEach(c -> c.returnTable().ifPresent(pending::add));
                table.columns().forEach(c -> c.enumTable().ifPresent(pending::add));
            }
            return new RoleSlice(reads, writes, tables, model.functions());
        }
    }

    /** A value computed once, by the first caller; callers that come meanwhile wait for it. */
    private static final class Once {
        private final Supplier<Optional<OperationPreparer>> compute;
        private volatile Optional<OperationPreparer> value;

        Once(Supplier<Optional<OperationPreparer>> compute) {
            this.compute = compute;
        }

        /** The value if computed, else null; never waits for it. */
        Optional<OperationPreparer> done() {
            return value;
        }

        synchronized Optional<OperationPreparer> get() {
            if (value == null) {
                value = compute.get();
            }
            return value;
        }
    }
}
