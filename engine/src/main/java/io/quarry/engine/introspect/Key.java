package io.quarry.engine.introspect;

import java.util.List;
import java.util.Objects;

/** A primary key or unique constraint: its name and columns in key order. */
public record Key(String name, List<String> columns) {
    public Key {
        Objects.requireNonNull(name, "name");
        columns = List.copyOf(columns);
    }
}
