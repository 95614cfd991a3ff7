package io.quarry.engine.introspect;

import java.util.List;
import java.util.Objects;

/** A foreign key: {@code columns[i]} of the owning relation references {@code targetColumns[i]} of {@code target}. */
public record ForeignKey(String name, List<String> columns, PgName target, List<String> targetColumns) {
    public ForeignKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(target, "target");
        columns = List.copyOf(columns);
        targetColumns = List.copyOf(targetColumns);
        if (columns.size() != targetColumns.size()) {
            throw new IllegalArgumentException("foreign key " + name + " has unmatched column lists");
        }
    }
}
