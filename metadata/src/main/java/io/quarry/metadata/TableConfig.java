package io.quarry.metadata;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A table's {@code configuration}: its GraphQL {@code custom_name}, the names of its root fields
 * ({@code custom_root_fields}), its columns' names ({@code column_config}, or the older {@code custom_column_names})
 * and a {@code comment}. Like a permission rule it keeps the keys it was read with, in order ({@code keys}; a key
 * read as null is listed but has no value), and the keys it does not model ({@code other}), so it is written back as
 * read.
 */
public record TableConfig(Optional<String> customName, Map<String, RootFieldName> customRootFields,
        Map<String, ColumnConfig> columnConfig, Map<String, String> customColumnNames, Optional<String> comment,
        Map<String, JsonValue> other, List<String> keys) {
    public static final TableConfig EMPTY = new TableConfig(Optional.empty(), Map.of(), Map.of(), Map.of(),
            Optional.empty(), Map.of(), List.of());

    public TableConfig {
        Objects.requireNonNull(customName, "customName");
        customRootFields = Collections.unmodifiableMap(new LinkedHashMap<>(customRootFields));
        columnConfig = Collections.unmodifiableMap(new LinkedHashMap<>(columnConfig));
        customColumnNames = Collections.unmodifiableMap(new LinkedHashMap<>(customColumnNames));
        Objects.requireNonNull(comment, "comment");
        other = Collections.unmodifiableMap(new LinkedHashMap<>(other));
        keys = List.copyOf(keys);
    }

    /**
     * A root field's name and comment: a bare string ({@code bare}, {@code "select": "authors"}) or an object
     * ({@code {"name": .., "comment": ..}}). A bare one without a name was written null.
     */
    public record RootFieldName(Optional<String> name, Optional<String> comment, boolean bare, List<String> keys) {
        public RootFieldName {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(comment, "comment");
            keys = List.copyOf(keys);
        }
    }

    /** A column's {@code custom_name} and {@code comment} under {@code column_config}. */
    public record ColumnConfig(Optional<String> customName, Optional<String> comment, Map<String, JsonValue> other,
            List<String> keys) {
        public ColumnConfig {
            Objects.requireNonNull(customName, "customName");
            Objects.requireNonNull(comment, "comment");
            other = Collections.unmodifiableMap(new LinkedHashMap<>(other));
            keys = List.copyOf(keys);
        }

        public static ColumnConfig named(String name) {
            return new ColumnConfig(Optional.of(name), Optional.empty(), Map.of(), List.of());
        }
    }

    /** The root field names given ({@code select}, {@code select_by_pk}, ...). */
    public Map<String, String> rootFieldNames() {
        Map<String, String> names = new LinkedHashMap<>();
        customRootFields.forEach((kind, field) -> field.name().ifPresent(n -> names.put(kind, n)));
        return names;
    }

    /** The GraphQL name of each renamed column: {@code column_config} over {@code custom_column_names}. */
    public Map<String, String> columnNames() {
        Map<String, String> names = new LinkedHashMap<>(customColumnNames);
        columnConfig.forEach((column, config) -> config.customName().ifPresent(n -> names.put(column, n)));
        return names;
    }

    /** This configuration with the table's columns renamed ({@code names}: old to new). */
    public TableConfig withColumnsRenamed(Map<String, String> names) {
        Map<String, ColumnConfig> config = new LinkedHashMap<>();
        columnConfig.forEach((column, c) -> config.put(names.getOrDefault(column, column), c));
        Map<String, String> custom = new LinkedHashMap<>();
        customColumnNames.forEach((column, name) -> custom.put(names.getOrDefault(column, column), name));
        return new TableConfig(customName, customRootFields, config, custom, comment, other, keys);
    }
}
