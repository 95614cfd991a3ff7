package io.quarry.engine.schema;

import io.quarry.engine.model.TableInfo;
import java.util.Objects;

/** What a root field of {@code query_root} reads. */
public record RootFieldInfo(Kind kind, TableInfo table) {
    public enum Kind { SELECT, SELECT_BY_PK, SELECT_AGGREGATE }

    public RootFieldInfo {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(table, "table");
    }
}
