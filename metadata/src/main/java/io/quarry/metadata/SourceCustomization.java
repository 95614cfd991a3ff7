package io.quarry.metadata;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A source's {@code customization}: a namespace, prefix and suffix for its root fields, a prefix, suffix and
 * renames for its type names, and its naming convention. Quarry keeps it for the export (its schema does not apply
 * it yet); like the other records each object keeps the keys it was read with, in order ({@code keys}).
 */
public record SourceCustomization(Optional<RootFields> rootFields, Optional<TypeNames> typeNames,
        Optional<String> namingConvention, Map<String, JsonValue> other, List<String> keys) {
    public SourceCustomization {
        Objects.requireNonNull(rootFields, "rootFields");
        Objects.requireNonNull(typeNames, "typeNames");
        Objects.requireNonNull(namingConvention, "namingConvention");
        other = Collections.unmodifiableMap(new LinkedHashMap<>(other));
        keys = List.copyOf(keys);
    }

    /** {@code root_fields}: {@code namespace}, {@code prefix}, {@code suffix}. */
    public record RootFields(Optional<String> namespace, Optional<String> prefix, Optional<String> suffix,
            Map<String, JsonValue> other, List<String> keys) {
        public RootFields {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(suffix, "suffix");
            other = Collections.unmodifiableMap(new LinkedHashMap<>(other));
            keys = List.copyOf(keys);
        }
    }

    /** {@code type_names}: {@code prefix}, {@code suffix} and {@code mapping} (type name to new name). */
    public record TypeNames(Optional<String> prefix, Optional<String> suffix, Map<String, String> mapping,
            Map<String, JsonValue> other, List<String> keys) {
        public TypeNames {
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(suffix, "suffix");
            mapping = Collections.unmodifiableMap(new LinkedHashMap<>(mapping));
            other = Collections.unmodifiableMap(new LinkedHashMap<>(other));
            keys = List.copyOf(keys);
        }
    }
}
