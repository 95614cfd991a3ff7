package io.quarry.engine.schema;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What later stages compute from one role's schema and keep for as long as it is served: the planner's compiled
 * permissions, for instance, which the schema cannot name (it comes before the planner). Each value is computed from
 * the schema alone, so computing one twice (two requests at once) yields equal values and either may be kept; the
 * values live and die with the schema, that is with the metadata version.
 */
public final class Derived {
    private final Map<Object, Object> values = new ConcurrentHashMap<>();

    /** The value kept under {@code key}, computed by {@code compute} the first time. */
    public <T> T get(Object key, Class<T> type, Supplier<T> compute) {
        Object kept = values.get(key);
        if (kept == null) {
            // Not computeIfAbsent: a computation may itself read other derived values.
            T computed = compute.get();
            kept = values.putIfAbsent(key, computed);
            return kept == null ? computed : type.cast(kept);
        }
        return type.cast(kept);
    }

    /** How many values are kept. */
    public int size() {
        return values.size();
    }
}
