package io.quarry.metadata;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The whole metadata: sources, inherited roles, the request protections ({@code query_collections},
 * {@code allowlist}, {@code api_limits}, {@code graphql_schema_introspection}) and, in {@code other}, the top-level
 * keys Quarry does not serve (actions, remote schemas, ...) as opaque values. {@code keys} is the order of the
 * top-level keys after {@code version, sources} as read, so that an export repeats an imported document exactly: a
 * key read stays, an empty list or {@code {}} included, until a change empties it (inherited roles stay even then, as
 * Hasura keeps them); a key gained goes after those read.
 */
public record Metadata(List<Source> sources, List<InheritedRole> inheritedRoles,
        List<QueryCollection> queryCollections, List<AllowlistEntry> allowlist, ApiLimits apiLimits,
        IntrospectionOptions introspection, Map<String, JsonValue> other, List<String> keys) {
    public static final int VERSION = 3;
    static final String INHERITED_ROLES = "inherited_roles";
    /** The typed top-level keys, in Hasura's export order. */
    static final List<String> TYPED = List.of(QueryCollection.KEY, AllowlistEntry.KEY, ApiLimits.KEY,
            INHERITED_ROLES, IntrospectionOptions.KEY);

    public Metadata {
        sources = List.copyOf(sources);
        inheritedRoles = List.copyOf(inheritedRoles);
        queryCollections = List.copyOf(queryCollections);
        allowlist = List.copyOf(allowlist);
        Objects.requireNonNull(apiLimits, "apiLimits");
        Objects.requireNonNull(introspection, "introspection");
        other = Collections.unmodifiableMap(new LinkedHashMap<>(other));
        for (String key : TYPED) {
            if (other.containsKey(key)) {
                throw new IllegalArgumentException(key + " is kept in its own component, not in other");
            }
        }
        List<String> order = new ArrayList<>();
        for (String key : keys) {
            if ((TYPED.contains(key) || other.containsKey(key)) && !order.contains(key)) {
                order.add(key);
            }
        }
        other.keySet().stream().filter(k -> !order.contains(k)).forEach(order::add);
        Map<String, Boolean> said = Map.of(QueryCollection.KEY, !queryCollections.isEmpty(),
                AllowlistEntry.KEY, !allowlist.isEmpty(), ApiLimits.KEY, !apiLimits.isNone(),
                INHERITED_ROLES, !inheritedRoles.isEmpty(),
                IntrospectionOptions.KEY, !introspection.disabledForRoles().isEmpty());
        for (String key : TYPED) {
            if (said.get(key) && !order.contains(key)) {
                order.add(key);
            }
        }
        keys = List.copyOf(order);
    }

    /** Metadata with these sources and nothing else. */
    public static Metadata of(List<Source> sources) {
        return new Metadata(sources, List.of(), List.of(), List.of(), ApiLimits.none(), IntrospectionOptions.NONE,
                Map.of(), List.of());
    }

    /** Empty metadata with the default Postgres source, as a fresh engine starts. */
    public static Metadata empty() {
        return of(List.of(Source.empty(Source.DEFAULT, "postgres")));
    }

    /** This metadata with {@code next} as its sources. */
    public Metadata withSources(List<Source> next) {
        return new Metadata(next, inheritedRoles, queryCollections, allowlist, apiLimits, introspection, other, keys);
    }

    public Optional<InheritedRole> inheritedRole(String name) {
        return inheritedRoles.stream().filter(r -> r.roleName().equals(name)).findFirst();
    }

    public Metadata withInheritedRoles(List<InheritedRole> next) {
        return new Metadata(sources, next, queryCollections, allowlist, apiLimits, introspection, other, keys);
    }

    /** Hasura leaves empty limits out of its export, and so does this. */
    public Metadata withApiLimits(ApiLimits limits) {
        return new Metadata(sources, inheritedRoles, queryCollections, allowlist, limits, introspection, other,
                limits.isNone() ? without(ApiLimits.KEY) : keys);
    }

    public Metadata withQueryCollections(List<QueryCollection> collections) {
        return new Metadata(sources, inheritedRoles, collections, allowlist, apiLimits, introspection, other,
                collections.isEmpty() ? without(QueryCollection.KEY) : keys);
    }

    public Metadata withAllowlist(List<AllowlistEntry> entries) {
        return new Metadata(sources, inheritedRoles, queryCollections, entries, apiLimits, introspection, other,
                entries.isEmpty() ? without(AllowlistEntry.KEY) : keys);
    }

    /** The roles that may not introspect the schema ({@code graphql_schema_introspection.disabled_for_roles}). */
    public List<String> introspectionDisabledFor() {
        return introspection.disabledForRoles();
    }

    public Metadata withIntrospectionDisabledFor(List<String> roles) {
        return new Metadata(sources, inheritedRoles, queryCollections, allowlist, apiLimits,
                new IntrospectionOptions(roles, introspection.keys()), other,
                roles.isEmpty() ? without(IntrospectionOptions.KEY) : keys);
    }

    /** Whether there is nothing but sources. */
    public boolean onlySources() {
        return inheritedRoles.isEmpty() && queryCollections.isEmpty() && allowlist.isEmpty() && apiLimits.isNone()
                && introspection.disabledForRoles().isEmpty() && other.isEmpty();
    }

    private List<String> without(String key) {
        return keys.stream().filter(k -> !k.equals(key)).toList();
    }

    public Optional<Source> source(String name) {
        return sources.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public Metadata updateSource(String name, UnaryOperator<Source> change) {
        Objects.requireNonNull(change, "change");
        List<Source> next = new ArrayList<>(sources.size());
        for (Source s : sources) {
            next.add(s.name().equals(name) ? change.apply(s) : s);
        }
        return withSources(next);
    }
}
