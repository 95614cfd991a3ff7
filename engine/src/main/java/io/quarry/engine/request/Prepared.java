package io.quarry.engine.request;

import java.util.List;
import java.util.Objects;

/** A request ready for planning: a query's root fields, or the finished answer of a pure introspection query. */
public sealed interface Prepared {

    record Query(List<FieldNode> roots) implements Prepared {
        public Query {
            roots = List.copyOf(roots);
        }
    }

    /** The complete {@code data} object of a query that only asks about the schema. */
    record Introspection(String dataJson) implements Prepared {
        public Introspection {
            Objects.requireNonNull(dataJson, "dataJson");
        }
    }
}
