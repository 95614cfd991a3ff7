package io.quarry.engine.plan;

import java.util.Objects;

/** One ordering key: a column, a direction and where nulls go. */
public record OrderBy(String column, boolean descending, boolean nullsFirst) {
    public OrderBy {
        Objects.requireNonNull(column, "column");
    }

    /** Parses Hasura's {@code order_by} enum value ({@code asc}, {@code desc_nulls_last}, ...). */
    public static OrderBy of(String column, String direction) {
        return switch (direction) {
            case "asc", "asc_nulls_last" -> new OrderBy(column, false, false);
            case "asc_nulls_first" -> new OrderBy(column, false, true);
            case "desc", "desc_nulls_first" -> new OrderBy(column, true, true);
            case "desc_nulls_last" -> new OrderBy(column, true, false);
            default -> throw new IllegalArgumentException("order_by " + direction);
        };
    }
}
