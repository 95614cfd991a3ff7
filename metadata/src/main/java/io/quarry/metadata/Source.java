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

/** A database source with its tracked tables; {@code other} keeps keys not modelled yet (configuration, functions). */
public record Source(String name, String kind, List<TableEntry> tables, Map<String, JsonNode> other) {
    public static final String DEFAULT = "default";

    public Source {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        tables = List.copyOf(tables);
        other = Collections.unmodifiableMap(new LinkedHashMap<>(other));
    }

    public Optional<TableEntry> table(QualifiedTable table) {
        return tables.stream().filter(t -> t.table().equals(table)).findFirst();
    }

    public Source withTable(TableEntry entry) {
        List<TableEntry> next = new ArrayList<>(tables);
        next.add(entry);
        return new Source(name, kind, next, other);
    }

    public Source withoutTable(QualifiedTable table) {
        return new Source(name, kind, tables.stream().filter(t -> !t.table().equals(table)).toList(), other);
    }

    /** Replaces the entry of {@code table} (which must be tracked) with {@code change} applied to it. */
    public Source updateTable(QualifiedTable table, UnaryOperator<TableEntry> change) {
        return new Source(name, kind,
                tables.stream().map(t -> t.table().equals(table) ? change.apply(t) : t).toList(), other);
    }
}
