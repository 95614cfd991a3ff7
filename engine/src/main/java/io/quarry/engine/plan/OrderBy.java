package io.quarry.engine.plan;

import java.util.Objects;

/** One ordering key: what to order by, the direction and where nulls go. */
public record OrderBy(OrderKey key, boolean descending, boolean nullsFirst) {
    public OrderBy {
        Objects.requireNonNull(key, "key");
    }

    /** Parses Hasura's {@code order_by} enum value ({@code asc}, {@code desc_nulls_last}, ...). */
    public static OrderBy of(OrderKey key, String direction) {
        return switch (direction) {
            case "asc", "asc_nulls_last" -> new OrderBy(key, false, false);
            case "asc_nulls_first" -> new OrderBy(key, false, true);
            case "desc", "desc_nulls_first" -> new OrderBy(key, true, true);
            case "desc_nulls_last" -> new OrderBy(key, true, false);
            default -> throw new IllegalArgumentException("order_by " + direction);
        };
    }

    /** The column ordered by, when the key is a column of the row (as the role sees it). */
    public java.util.Optional<String> column() {
        OrderKey own = key instanceof OrderKey.Redacted r ? r.key() : key;
        return own instanceof OrderKey.Column c ? java.util.Optional.of(c.column()) : java.util.Optional.empty();
    }
}
