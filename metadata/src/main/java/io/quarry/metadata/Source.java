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
 * A database source with its tracked tables and functions, its {@code configuration} and {@code customization};
 * {@code other} keeps the keys not modelled ({@code query_tags}, {@code health_check}, ...) as opaque values. {@code keys} is the order of the
 * keys after {@code name, kind, tables} as read, so that each is written back where it was; functions read as an
 * empty list stay an empty list.
 */
public record Source(String name, String kind, List<TableEntry> tables, List<TrackedFunction> functions,
        Optional<SourceConfig> configuration, Optional<SourceCustomization> customization,
        Map<String, JsonValue> other, List<String> keys) {
    public static final String DEFAULT = "default";
    static final String FUNCTIONS = "functions";
    static final String CONFIGURATION = "configuration";
    static final String CUSTOMIZATION = "customization";

    public Source {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        tables = List.copyOf(tables);
        functions = List.copyOf(functions);
        Objects.requireNonNull(configuration, "configuration");
        Objects.requireNonNull(customization, "customization");
        other = Collections.unmodifiableMap(new LinkedHashMap<>(other));
        for (String key : List.of("name", "kind", "tables", FUNCTIONS, CONFIGURATION, CUSTOMIZATION)) {
            if (other.containsKey(key)) {
                throw new IllegalArgumentException(key + " is kept in its own component, not in other");
            }
        }
        List<String> order = new ArrayList<>();
        for (String key : keys) {
            boolean present = key.equals(FUNCTIONS) || key.equals(CONFIGURATION) && configuration.isPresent()
                    || key.equals(CUSTOMIZATION) && customization.isPresent() || other.containsKey(key);
            if (present && !order.contains(key)) {
                order.add(key);
            }
        }
        if (configuration.isPresent() && !order.contains(CONFIGURATION)) {
            order.add(CONFIGURATION);
        }
        if (customization.isPresent() && !order.contains(CUSTOMIZATION)) {
            order.add(CUSTOMIZATION);
        }
        other.keySet().stream().filter(k -> !order.contains(k)).forEach(order::add);
        if (!functions.isEmpty() && !order.contains(FUNCTIONS)) {
            order.add(FUNCTIONS);
        }
        keys = List.copyOf(order);
    }

    /** A source with nothing tracked and no settings. */
    public static Source empty(String name, String kind) {
        return new Source(name, kind, List.of(), List.of(), Optional.empty(), Optional.empty(), Map.of(),
                List.of());
    }

    public Optional<TrackedFunction> function(QualifiedTable function) {
        return functions.stream().filter(f -> f.function().equals(function)).findFirst();
    }

    /** This source with {@code next} as its functions; the key is left out when there are none. */
    public Source withFunctions(List<TrackedFunction> next) {
        List<String> order = new ArrayList<>(keys);
        if (next.isEmpty()) {
            order.remove(FUNCTIONS);
        }
        return new Source(name, kind, tables, next, configuration, customization, other, order);
    }

    /** This source with {@code next} as its configuration, in its place (a new one after the keys read). */
    public Source withConfiguration(Optional<SourceConfig> next) {
        return new Source(name, kind, tables, functions, next, customization, other, keys);
    }

    /** This source with {@code next} as its customization; the key is left out when none. */
    public Source withCustomization(Optional<SourceCustomization> next) {
        return new Source(name, kind, tables, functions, configuration, next, other, keys);
    }

    /** This source with {@code next} as its other keys, in their order among the keys read. */
    public Source withOther(Map<String, JsonValue> next) {
        return new Source(name, kind, tables, functions, configuration, customization, next, keys);
    }

    public Source withName(String next) {
        return new Source(next, kind, tables, functions, configuration, customization, other, keys);
    }

    public Source withTables(List<TableEntry> next) {
        return new Source(name, kind, next, functions, configuration, customization, other, keys);
    }

    public Optional<TableEntry> table(QualifiedTable table) {
        return tables.stream().filter(t -> t.table().equals(table)).findFirst();
    }

    public Source withTable(TableEntry entry) {
        List<TableEntry> next = new ArrayList<>(tables);
        next.add(entry);
        return withTables(next);
    }

    public Source withoutTable(QualifiedTable table) {
        return withTables(tables.stream().filter(t -> !t.table().equals(table)).toList());
    }

    /** Replaces the entry of {@code table} (which must be tracked) with {@code change} applied to it. */
    public Source updateTable(QualifiedTable table, UnaryOperator<TableEntry> change) {
        return withTables(tables.stream().map(t -> t.table().equals(table) ? change.apply(t) : t).toList());
    }
}
