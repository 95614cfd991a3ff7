package io.quarry.engine.model;

import io.quarry.engine.introspect.PgFunction;
import io.quarry.metadata.QualifiedTable;
import java.util.List;
import java.util.Objects;

/**
 * A tracked function returning rows of a tracked table, served as the root field {@code rootField} (and its
 * {@code _aggregate}). {@code argumentNames} name its input arguments in GraphQL ({@code arg_1} when unnamed).
 */
public record FunctionInfo(QualifiedTable name, PgFunction function, String rootField, QualifiedTable returnTable,
        List<String> argumentNames) {
    public FunctionInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(rootField, "rootField");
        Objects.requireNonNull(returnTable, "returnTable");
        argumentNames = List.copyOf(argumentNames);
    }
}
