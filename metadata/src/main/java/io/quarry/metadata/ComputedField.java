package io.quarry.metadata;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An entry of a table's {@code computed_fields}: a field computed by a SQL function of the table's row. As with
 * permissions, {@code keys} are the entry's keys in the order read, so it is written back as read.
 */
public record ComputedField(String name, Definition definition, Optional<String> comment, List<String> keys) {
    public ComputedField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(comment, "comment");
        keys = List.copyOf(keys);
    }

    /**
     * The function, the argument that takes the row ({@code table_argument}, the first when not given) and the one
     * that takes the session variables ({@code session_argument}), if any; keys not modelled are kept in
     * {@code other}.
     */
    public record Definition(QualifiedTable function, Optional<String> tableArgument,
            Optional<String> sessionArgument, Map<String, JsonValue> other, List<String> keys) {
        public Definition {
            Objects.requireNonNull(function, "function");
            Objects.requireNonNull(tableArgument, "tableArgument");
            Objects.requireNonNull(sessionArgument, "sessionArgument");
            other = Collections.unmodifiableMap(new LinkedHashMap<>(other));
            keys = List.copyOf(keys);
        }
    }
}
