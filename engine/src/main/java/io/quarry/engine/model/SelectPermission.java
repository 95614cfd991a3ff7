package io.quarry.engine.model;

import io.quarry.metadata.BoolExpr;
import io.quarry.metadata.PermissionRule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What a role may read of a table: its {@code columns} (all when empty), the rows {@code filter} admits (a boolean
 * expression, possibly with session variables), at most {@code limit} rows, aggregates if allowed, and the
 * {@code computedFields} it may see; {@code queryRootFields} limits the table's root fields ({@code select},
 * {@code select_by_pk}, {@code select_aggregate}) when given, leaving it reachable through relationships;
 * {@code subscriptionRootFields} limits its subscription root fields the same way ({@code select_stream} besides).
 * An inherited role's permission {@code redactions} maps a column (or computed field) that only some of its parent
 * roles may read to the filter of the rows where it is shown; elsewhere it reads null.
 */
public record SelectPermission(Optional<Set<String>> columns, BoolExpr filter, OptionalLong limit,
        boolean allowAggregations, Set<String> computedFields, Optional<Set<String>> queryRootFields,
        Optional<Set<String>> subscriptionRootFields, Map<String, BoolExpr> redactions) {
    public SelectPermission {
        Objects.requireNonNull(subscriptionRootFields, "subscriptionRootFields");
        Objects.requireNonNull(queryRootFields, "queryRootFields");
        redactions = Map.copyOf(redactions);
        Objects.requireNonNull(columns, "columns");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(limit, "limit");
        computedFields = Set.copyOf(computedFields);
    }

    /** The permission a {@code select_permissions} entry grants. */
    static SelectPermission of(PermissionRule.Select rule) {
        return new SelectPermission(columns(rule), rule.filterOrTrue(),
                rule.limit().isPresent() ? OptionalLong.of(rule.limit().getAsInt()) : OptionalLong.empty(),
                rule.allowAggregations(), new HashSet<>(rule.computedFields()),
                rule.queryRootFields().map(HashSet::new), rule.subscriptionRootFields().map(HashSet::new), Map.of());
    }

    /**
     * The permission of an inherited role over a table its parents may read: rows any parent may read, columns any
     * may read (redacted where not all may), the larger limit, aggregates if any allows them.
     */
    static SelectPermission inherit(List<SelectPermission> parents) {
        BoolExpr filter = anyOf(parents.stream().map(SelectPermission::filter).toList());
        boolean allColumns = parents.stream().anyMatch(p -> p.columns().isEmpty());
        Set<String> columns = new HashSet<>();
        parents.forEach(p -> p.columns().ifPresent(columns::addAll));
        Set<String> computed = new HashSet<>();
        parents.forEach(p -> computed.addAll(p.computedFields()));
        Map<String, BoolExpr> redactions = new HashMap<>();
        Set<String> fields = new HashSet<>(columns);
        fields.addAll(computed);
        for (String field : fields) {
            List<BoolExpr> allowing = new ArrayList<>();
            for (SelectPermission p : parents) {
                if (p.allowsColumn(field) || p.computedFields().contains(field)) {
                    allowing.add(p.filter());
                }
            }
            if (allowing.size() < parents.size()) {
                redactions.put(field, anyOf(allowing));
            }
        }
        OptionalLong limit = parents.stream().anyMatch(p -> p.limit().isEmpty()) ? OptionalLong.empty()
                : OptionalLong.of(parents.stream().mapToLong(p -> p.limit().getAsLong()).max().orElseThrow());
        return new SelectPermission(allColumns ? Optional.empty() : Optional.of(columns), filter, limit,
                parents.stream().anyMatch(SelectPermission::allowAggregations), computed, Optional.empty(), Optional.empty(),
                redactions);
    }

    private static BoolExpr anyOf(List<BoolExpr> filters) {
        return filters.size() == 1 ? filters.get(0) : new BoolExpr.Or(filters, "_or");
    }

    /** A rule's {@code columns}: the names, or empty for {@code "*"} (all). */
    static Optional<Set<String>> columns(PermissionRule rule) {
        return rule.columns().filter(c -> !c.all()).map(c -> Set.copyOf(c.names()));
    }

    /** Whether the table has root field {@code kind} for this role. */
    public boolean allowsRootField(String kind) {
        return queryRootFields.map(k -> k.contains(kind)).orElse(true);
    }

    /** Whether the table has subscription root field {@code kind} for this role. */
    public boolean allowsSubscriptionRootField(String kind) {
        return subscriptionRootFields.map(k -> k.contains(kind)).orElse(true);
    }

    public boolean allowsColumn(String column) {
        return columns.map(c -> c.contains(column)).orElse(true);
    }
}
