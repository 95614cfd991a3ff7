package io.quarry.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The whole metadata: sources, inherited roles and, in {@code other}, the other top-level keys, kept as written. The
 * request protections ({@code api_limits}, {@code query_collections}, {@code allowlist},
 * {@code graphql_schema_introspection}) are read from there by their typed accessors, so that an export repeats an
 * imported document exactly. {@code keys} is the order of the top-level keys after {@code version, sources} as read;
 * inherited roles read (or once added) stay in the export, an empty list included, as Hasura keeps them.
 */
public record Metadata(List<Source> sources, List<InheritedRole> inheritedRoles, Map<String, JsonNode> other,
        List<String> keys) {
    public static final int VERSION = 3;
    public static final String INTROSPECTION_KEY = "graphql_schema_introspection";
    static final String INHERITED_ROLES = "inherited_roles";

    public Metadata {
        sources = List.copyOf(sources);
        inheritedRoles = List.copyOf(inheritedRoles);
        other = Collections.unmodifiableMap(new LinkedHashMap<>(other));
        if (other.containsKey(INHERITED_ROLES)) {
            throw new IllegalArgumentException("inherited roles are kept in their own component, not in other");
        }
        List<String> order = new ArrayList<>();
        for (String key : keys) {
            if ((key.equals(INHERITED_ROLES) || other.containsKey(key)) && !order.contains(key)) {
                order.add(key);
            }
        }
        other.keySet().stream().filter(k -> !order.contains(k)).forEach(order::add);
        if (!inheritedRoles.isEmpty() && !order.contains(INHERITED_ROLES)) {
            order.add(INHERITED_ROLES);
        }
        keys = List.copyOf(order);
    }

    /** This metadata with {@code next} as its sources. */
    public Metadata withSources(List<Source> next) {
        return new Metadata(next, inheritedRoles, other, keys);
    }

    public Optional<InheritedRole> inheritedRole(String name) {
        return inheritedRoles.stream().filter(r -> r.roleName().equals(name)).findFirst();
    }

    public Metadata withInheritedRoles(List<InheritedRole> next) {
        return new Metadata(sources, next, other, keys);
    }

    /** Empty metadata with the default Postgres source, as a fresh engine starts. */
    public static Metadata empty() {
        return new Metadata(List.of(Source.empty(Source.DEFAULT, "postgres")), List.of(), Map.of(),
                List.of());
    }

    /** The API limits; none when the key is absent. */
    public ApiLimits apiLimits() {
        JsonNode json = other.get(ApiLimits.KEY);
        return json == null || json.isNull() ? ApiLimits.none() : ApiLimits.read(json, "$." + ApiLimits.KEY);
    }

    /** Hasura leaves empty limits out of its export, and so does this. */
    public Metadata withApiLimits(ApiLimits limits) {
        return withOther(ApiLimits.KEY, limits.equals(ApiLimits.none()) ? null : limits.toJson());
    }

    public List<QueryCollection> queryCollections() {
        JsonNode json = other.get(QueryCollection.KEY);
        return json == null || json.isNull() ? List.of() : QueryCollection.readAll(json, "$." + QueryCollection.KEY);
    }

    public Metadata withQueryCollections(List<QueryCollection> collections) {
        return withOther(QueryCollection.KEY, collections.isEmpty() ? null : QueryCollection.toJson(collections));
    }

    public List<AllowlistEntry> allowlist() {
        JsonNode json = other.get(AllowlistEntry.KEY);
        return json == null || json.isNull() ? List.of() : AllowlistEntry.readAll(json, "$." + AllowlistEntry.KEY);
    }

    public Metadata withAllowlist(List<AllowlistEntry> entries) {
        return withOther(AllowlistEntry.KEY, entries.isEmpty() ? null : AllowlistEntry.toJson(entries));
    }

    /** The roles that may not introspect the schema ({@code graphql_schema_introspection.disabled_for_roles}). */
    public List<String> introspectionDisabledFor() {
        JsonNode json = other.get(INTROSPECTION_KEY);
        if (json == null || json.isNull()) {
            return List.of();
        }
        String path = "$." + INTROSPECTION_KEY;
        JsonNode roles = MetadataJson.object(json, path).get("disabled_for_roles");
        return roles == null || roles.isNull() ? List.of() : MetadataJson.strings(roles, path + ".disabled_for_roles");
    }

    public Metadata withIntrospectionDisabledFor(List<String> roles) {
        if (roles.isEmpty()) {
            return withOther(INTROSPECTION_KEY, null);
        }
        com.fasterxml.jackson.databind.node.ObjectNode json =
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        roles.forEach(json.putArray("disabled_for_roles")::add);
        return withOther(INTROSPECTION_KEY, json);
    }

    /** Sets (or, with {@code null}, removes) a top-level key, keeping its place among the others. */
    private Metadata withOther(String key, JsonNode value) {
        Map<String, JsonNode> next = new LinkedHashMap<>(other);
        if (value == null) {
            next.remove(key);
        } else {
            next.put(key, value);
        }
        return new Metadata(sources, inheritedRoles, next, keys);
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
