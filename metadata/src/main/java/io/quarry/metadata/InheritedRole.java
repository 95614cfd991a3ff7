package io.quarry.metadata;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An inherited role ({@code inherited_roles}: {@code role_name} and the roles of its {@code role_set}), keys kept as
 * read like the other records.
 */
public record InheritedRole(String roleName, List<String> roleSet, Map<String, JsonValue> other, List<String> keys) {
    public InheritedRole {
        Objects.requireNonNull(roleName, "roleName");
        roleSet = List.copyOf(roleSet);
        other = Collections.unmodifiableMap(new LinkedHashMap<>(other));
        keys = List.copyOf(keys);
    }

    public static InheritedRole of(String roleName, List<String> roleSet) {
        return new InheritedRole(roleName, roleSet, Map.of(), List.of());
    }

    /** This role written with {@code next} as its keys' order. */
    public InheritedRole withKeys(List<String> next) {
        return new InheritedRole(roleName, roleSet, other, next);
    }
}
