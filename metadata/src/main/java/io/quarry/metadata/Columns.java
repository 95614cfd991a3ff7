package io.quarry.metadata;

import java.util.List;

/** A permission's {@code columns}: every column ({@code "*"}) or the ones named. */
public record Columns(boolean all, List<String> names) {
    public static final Columns ALL = new Columns(true, List.of());

    public Columns {
        names = List.copyOf(names);
        if (all && !names.isEmpty()) {
            throw new IllegalArgumentException("\"*\" names no columns");
        }
    }

    public static Columns of(List<String> names) {
        return new Columns(false, names);
    }

    public boolean allows(String column) {
        return all || names.contains(column);
    }
}
