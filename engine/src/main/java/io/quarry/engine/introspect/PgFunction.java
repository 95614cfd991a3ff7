package io.quarry.engine.introspect;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A function: its input arguments (the last {@code defaults} of them have defaults), what it returns (a set of rows
 * of {@code returnRelation} when it returns a table's row type), and its volatility ({@code i}, {@code s}, {@code v}).
 */
public record PgFunction(PgName name, List<Argument> arguments, int defaults, boolean returnsSet, PgType returnType,
        Optional<PgName> returnRelation, char volatility, Optional<String> comment) {

    /** An input argument; unnamed ones have no name. */
    public record Argument(Optional<String> name, PgType type) {
        public Argument {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }

    public PgFunction {
        Objects.requireNonNull(name, "name");
        arguments = List.copyOf(arguments);
        Objects.requireNonNull(returnType, "returnType");
        Objects.requireNonNull(returnRelation, "returnRelation");
        Objects.requireNonNull(comment, "comment");
    }

    /** Whether argument {@code index} may be left out. */
    public boolean hasDefault(int index) {
        return index >= arguments.size() - defaults;
    }
}
