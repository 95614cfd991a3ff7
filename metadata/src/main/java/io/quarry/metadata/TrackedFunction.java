package io.quarry.metadata;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A tracked function of a source ({@code functions}: {@code function, configuration, permissions, comment}). Like the
 * other records it keeps the keys it was read with, in order ({@code keys}), and those it does not model
 * ({@code other}), so it is written back as read. {@code permissions} are the roles that may call the function.
 */
public record TrackedFunction(QualifiedTable function, Optional<Configuration> configuration, List<String> permissions,
        Optional<String> comment, Map<String, JsonValue> other, List<String> keys) {
    private static final List<String> ORDER = List.of("function", "configuration", "permissions", "comment");

    public TrackedFunction {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(configuration, "configuration");
        permissions = List.copyOf(permissions);
        Objects.requireNonNull(comment, "comment");
        other = Collections.unmodifiableMap(new LinkedHashMap<>(other));
        keys = List.copyOf(keys);
    }

    /** A function tracked just now, as {@code track_function} writes it. */
    public static TrackedFunction of(QualifiedTable function, Optional<Configuration> configuration) {
        return new TrackedFunction(function, configuration, List.of(), Optional.empty(), Map.of(), List.of());
    }

    /**
     * A function's {@code configuration}. {@code exposedAs} is kept as written ({@code query} or {@code mutation}
     * when well formed): whether it fits the function is decided against the catalog.
     */
    public record Configuration(Optional<String> customName, Optional<RootFields> customRootFields,
            Optional<String> sessionArgument, Optional<String> exposedAs, Map<String, JsonValue> other,
            List<String> keys) {
        public static final Configuration EMPTY = new Configuration(Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Map.of(), List.of());

        public Configuration {
            Objects.requireNonNull(customName, "customName");
            Objects.requireNonNull(customRootFields, "customRootFields");
            Objects.requireNonNull(sessionArgument, "sessionArgument");
            Objects.requireNonNull(exposedAs, "exposedAs");
            other = Collections.unmodifiableMap(new LinkedHashMap<>(other));
            keys = List.copyOf(keys);
        }

        /** Whether the configuration says nothing (Hasura drops an empty one on customization). */
        public boolean isEmpty() {
            return customName.isEmpty() && customRootFields.isEmpty() && sessionArgument.isEmpty()
                    && exposedAs.isEmpty() && other.isEmpty() && keys.isEmpty();
        }
    }

    /** The names of the function's root fields ({@code custom_root_fields}). */
    public record RootFields(Optional<String> function, Optional<String> functionAggregate,
            Map<String, JsonValue> other, List<String> keys) {
        public RootFields {
            Objects.requireNonNull(function, "function");
            Objects.requireNonNull(functionAggregate, "functionAggregate");
            other = Collections.unmodifiableMap(new LinkedHashMap<>(other));
            keys = List.copyOf(keys);
        }
    }

    /** This function with {@code next} as its configuration; the key is left out when none. */
    public TrackedFunction withConfiguration(Optional<Configuration> next) {
        return new TrackedFunction(function, next, permissions, comment, other,
                next.isPresent() ? with(keys, "configuration") : without(keys, "configuration"));
    }

    /** This function with {@code roles} allowed to call it; the key is left out when there are none. */
    public TrackedFunction withPermissions(List<String> roles) {
        return new TrackedFunction(function, configuration, roles, comment, other,
                roles.isEmpty() ? without(keys, "permissions") : with(keys, "permissions"));
    }

    /** The keys with {@code key} in Hasura's place: before the first key read that Hasura writes after it. */
    private static List<String> with(List<String> keys, String key) {
        if (keys.isEmpty() || keys.contains(key)) {
            return keys;
        }
        List<String> next = new ArrayList<>(keys);
        int rank = ORDER.indexOf(key);
        int at = next.size();
        for (int i = 0; i < next.size(); i++) {
            int other = ORDER.indexOf(next.get(i));
            if (other > rank) {
                at = i;
                break;
            }
        }
        next.add(at, key);
        return next;
    }

    private static List<String> without(List<String> keys, String key) {
        List<String> next = new ArrayList<>(keys);
        next.remove(key);
        return next;
    }
}
