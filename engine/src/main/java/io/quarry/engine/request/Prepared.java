package io.quarry.engine.request;

import java.util.List;
import java.util.Objects;

/** A request ready for planning: a query's root fields, or the finished answer of a pure introspection query. */
public sealed interface Prepared {

    /**
     * A query's root fields. Introspection root fields asked for beside data come already answered, as JSON by
     * response key in {@code answered}.
     */
    record Query(List<FieldNode> roots, java.util.Map<String, String> answered) implements Prepared {
        public Query {
            roots = List.copyOf(roots);
            answered = java.util.Map.copyOf(answered);
        }

        public Query(List<FieldNode> roots) {
            this(roots, java.util.Map.of());
        }
    }

    /** A mutation's root fields, to run in order in one transaction. */
    record Mutation(List<FieldNode> roots) implements Prepared {
        public Mutation {
            roots = List.copyOf(roots);
        }
    }

    /** A subscription's root fields: served over WebSocket only, polled while the client listens. */
    record Subscription(List<FieldNode> roots) implements Prepared {
        public Subscription {
            roots = List.copyOf(roots);
        }
    }

    /** The complete {@code data} object of a query that only asks about the schema, as JSON. */
    record Introspection(JsonChunks data) implements Prepared {
        public Introspection {
            Objects.requireNonNull(data, "data");
        }
    }
}
