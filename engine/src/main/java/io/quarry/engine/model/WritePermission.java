package io.quarry.engine.model;

import io.quarry.metadata.BoolExpr;
import io.quarry.metadata.PermissionRule;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An insert, update or delete permission of a role on a table: the {@code columns} it may write (all when empty),
 * the rows it may change ({@code filter}, update and delete), what written rows must satisfy ({@code check},
 * insert and update), and column presets ({@code set}: a value or a session variable).
 */
public record WritePermission(Optional<Set<String>> columns, BoolExpr filter, BoolExpr check,
        Map<String, BoolExpr.Operand> set, boolean backendOnly) {
    public WritePermission {
        Objects.requireNonNull(columns, "columns");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(check, "check");
        set = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(set));
    }

    /** The permission an {@code insert_permissions}, {@code update_permissions} or {@code delete_permissions} entry grants. */
    static WritePermission of(PermissionRule rule) {
        if (rule instanceof PermissionRule.Insert i) {
            return new WritePermission(SelectPermission.columns(i), BoolExpr.TRUE, i.check().orElse(BoolExpr.TRUE),
                    i.set(), i.backendOnly());
        }
        if (rule instanceof PermissionRule.Update u) {
            return new WritePermission(SelectPermission.columns(u), u.filter().orElse(BoolExpr.TRUE),
                    u.check().orElse(BoolExpr.TRUE), u.set(), u.backendOnly());
        }
        if (rule instanceof PermissionRule.Delete d) {
            return new WritePermission(Optional.empty(), d.filter().orElse(BoolExpr.TRUE), BoolExpr.TRUE, Map.of(),
                    d.backendOnly());
        }
        throw new IllegalArgumentException("not a write permission: " + rule.kind());
    }

    /** Whether a column may be given in the input; preset columns never may. */
    public boolean allowsColumn(String column) {
        return !set.containsKey(column) && columns.map(c -> c.contains(column)).orElse(true);
    }

    /** The admin's: every column, every row, no check, no presets. */
    public static WritePermission admin() {
        return new WritePermission(Optional.empty(), BoolExpr.TRUE, BoolExpr.TRUE, Map.of(), false);
    }
}
