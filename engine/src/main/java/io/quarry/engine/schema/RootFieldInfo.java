package io.quarry.engine.schema;

import io.quarry.engine.model.FunctionInfo;
import io.quarry.engine.model.TableInfo;
import java.util.Objects;
import java.util.Optional;

/**
 * What a root field means: a read or write of a table, or a call of a tracked function (a query's rows or
 * aggregate, or a mutation function's rows). A {@code SELECT_STREAM} field is served by the {@code subscribe} package,
 * which reads it as a {@code SELECT} from a cursor.
 */
public record RootFieldInfo(Kind kind, TableInfo table, Optional<FunctionInfo> function) {
    public enum Kind { SELECT, SELECT_BY_PK, SELECT_AGGREGATE, SELECT_STREAM, INSERT, INSERT_ONE, UPDATE, UPDATE_BY_PK, UPDATE_MANY,
        DELETE, DELETE_BY_PK, FUNCTION_MUTATION }

    public RootFieldInfo {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(function, "function");
    }

    public RootFieldInfo(Kind kind, TableInfo table) {
        this(kind, table, Optional.empty());
    }
}
