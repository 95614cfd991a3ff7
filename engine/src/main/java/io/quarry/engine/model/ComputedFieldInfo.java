package io.quarry.engine.model;

import io.quarry.engine.introspect.PgFunction;
import io.quarry.metadata.QualifiedTable;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A computed field: {@code function} applied to the row (as argument {@code tableArgument}) and, when it takes one,
 * the session (as {@code sessionArgument}). It yields a scalar, or rows of {@code returnTable}. {@code argumentNames}
 * lists, by position, the GraphQL names of the other arguments, null for the row and session ones.
 */
public record ComputedFieldInfo(String name, PgFunction function, int tableArgument, Optional<Integer> sessionArgument,
        Optional<QualifiedTable> returnTable, List<String> argumentNames) {
    public ComputedFieldInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(sessionArgument, "sessionArgument");
        Objects.requireNonNull(returnTable, "returnTable");
        argumentNames = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(argumentNames));
    }

    public boolean isScalar() {
        return returnTable.isEmpty();
    }

    /** Whether the function takes arguments besides the row and the session. */
    public boolean hasArguments() {
        return argumentNames.stream().anyMatch(Objects::nonNull);
    }
}
