package io.quarry.metadata;

import java.util.List;

/**
 * {@code graphql_schema_introspection}: the roles that may not introspect the schema ({@code disabled_for_roles}),
 * keys kept as read.
 */
public record IntrospectionOptions(List<String> disabledForRoles, List<String> keys) {
    public static final String KEY = "graphql_schema_introspection";
    public static final IntrospectionOptions NONE = new IntrospectionOptions(List.of(), List.of());

    public IntrospectionOptions {
        disabledForRoles = List.copyOf(disabledForRoles);
        keys = List.copyOf(keys);
    }
}
