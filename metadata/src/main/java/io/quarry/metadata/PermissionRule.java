package io.quarry.metadata;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The {@code permission} object of a table permission, one record per kind. Each keeps the keys it was written with,
 * in their order ({@code keys}; a key written as null is listed but has no value), and the keys it does not model
 * ({@code other}, e.g. {@code validate_input}) as plain JSON values, so it is written back as read. A key not
 * listed is written only when it differs from its default, as Hasura exports it.
 */
public sealed interface PermissionRule {
    /** The kind, as in {@code <kind>_permissions}: {@code select}, {@code insert}, {@code update} or {@code delete}. */
    String kind();

    List<String> keys();

    Map<String, JsonValue> other();

    /** The columns the rule allows (every one when not given). */
    Optional<Columns> columns();

    private static Map<String, JsonValue> copy(Map<String, JsonValue> other) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(other));
    }

    private static Map<String, BoolExpr.Operand> presets(Map<String, BoolExpr.Operand> set) {
        set.values().forEach(v -> {
            if (!(v instanceof BoolExpr.Operand.Literal) && !(v instanceof BoolExpr.Operand.SessionVariable)) {
                throw new IllegalArgumentException("a preset is a value or a session variable: " + v);
            }
        });
        return Collections.unmodifiableMap(new LinkedHashMap<>(set));
    }

    /**
     * What a role may read: {@code columns} and {@code computedFields}, the rows {@code filter} admits, at most
     * {@code limit} rows, aggregates if allowed, and the root fields ({@code select}, {@code select_by_pk},
     * {@code select_aggregate}, {@code select_stream}) when they are limited.
     */
    record Select(Optional<Columns> columns, List<String> computedFields, Optional<BoolExpr> filter, OptionalInt limit,
            boolean allowAggregations, Optional<List<String>> queryRootFields,
            Optional<List<String>> subscriptionRootFields, Map<String, JsonValue> other, List<String> keys)
            implements PermissionRule {
        public Select {
            Objects.requireNonNull(columns, "columns");
            computedFields = List.copyOf(computedFields);
            Objects.requireNonNull(filter, "filter");
            Objects.requireNonNull(limit, "limit");
            queryRootFields = queryRootFields.map(List::copyOf);
            subscriptionRootFields = subscriptionRootFields.map(List::copyOf);
            other = copy(other);
            keys = List.copyOf(keys);
        }

        @Override
        public String kind() {
            return "select";
        }

        public BoolExpr filterOrTrue() {
            return filter.orElse(BoolExpr.TRUE);
        }
    }

    /** What a role may insert: {@code columns}, rows that satisfy {@code check}, with column presets {@code set}. */
    record Insert(Optional<BoolExpr> check, Map<String, BoolExpr.Operand> set, Optional<Columns> columns,
            boolean backendOnly, Map<String, JsonValue> other, List<String> keys) implements PermissionRule {
        public Insert {
            Objects.requireNonNull(check, "check");
            set = presets(set);
            Objects.requireNonNull(columns, "columns");
            other = copy(other);
            keys = List.copyOf(keys);
        }

        @Override
        public String kind() {
            return "insert";
        }
    }

    /** What a role may update: {@code columns} of the rows {@code filter} admits, so they then satisfy {@code check}. */
    record Update(Optional<Columns> columns, Optional<BoolExpr> filter, Optional<BoolExpr> check,
            Map<String, BoolExpr.Operand> set, boolean backendOnly, Map<String, JsonValue> other, List<String> keys)
            implements PermissionRule {
        public Update {
            Objects.requireNonNull(columns, "columns");
            Objects.requireNonNull(filter, "filter");
            Objects.requireNonNull(check, "check");
            set = presets(set);
            other = copy(other);
            keys = List.copyOf(keys);
        }

        @Override
        public String kind() {
            return "update";
        }
    }

    /** What a role may delete: the rows {@code filter} admits. */
    record Delete(Optional<BoolExpr> filter, boolean backendOnly, Map<String, JsonValue> other, List<String> keys)
            implements PermissionRule {
        public Delete {
            Objects.requireNonNull(filter, "filter");
            other = copy(other);
            keys = List.copyOf(keys);
        }

        @Override
        public String kind() {
            return "delete";
        }

        @Override
        public Optional<Columns> columns() {
            return Optional.empty();
        }
    }
}
