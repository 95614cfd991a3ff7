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
 * A database source with its tracked tables and functions; {@code other} keeps keys not modelled yet (configuration,
 * customization). {@code keys} is the order of the keys after {@code name, kind, tables} as read, so that
 * {@code functions} is written back where it was; functions read as an empty list stay an empty list.
 */
public record Source(String name, String kind, List<TableEntry> tables, List<TrackedFunction> functions,
        Map<String, JsonNode> other, List<String> keys) {
    public static final String DEFAULT = "default";
    static final String FUNCTIONS = "functions";

    public Source {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        tables = List.copyOf(tables);
        functions = List.copyOf(functions);
        other = Collections.unmodifiableMap(new LinkedHashMap<>(other));
        if (other.containsKey(FUNCTIONS)) {
            throw new IllegalArgumentException("functions are kept in their own component, not in other");
        }
        List<String> order = new ArrayList<>();
        for (String key : keys) {
            if ((key.equals(FUNCTIONS) || other.containsKey(key)) && !order.contains(key)) {
                order.add(key);
            }
        }
        other.keySet().stream().filter(k -> !order.contains(k)).forEach(order::add);
        if (!functions.isEmpty() && !order.contains(FUNCTIONS)) {
            order.add(FUNCTIONS);
        }
        keys = List.copyOf(order);
    }

    /** A source without functions, its other keys in their order. */
    public Source(String name, String kind, List<TableEntry> tables, Map<String, JsonNode> other) {
        this(name, kind, tables, List.of(), other, List.of());
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
        return new Source(name, kind, tables, next, other, order);
    }

    /** This source with {@code next} as its other keys, functions kept where they are. */
    public Source withOther(Map<String, JsonNode> next) {
        return new Source(name, kind, tables, functions, next, keys);
    }

    public Source withName(String next) {
        return new Source(next, kind, tables, functions, other, keys);
    }

    public Source withTables(List<TableEntry> next) {
        return new Source(name, kind, next, functions, other, keys);
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
