package io.quarry.engine.plan;

import java.util.Objects;

/**
 * A value of the row: a column, or a computed field (a function of the row), possibly cast, as the left side of a
 * comparison or what an aggregate or a {@code count} reads.
 */
public sealed interface Operand {

    record Column(String name) implements Operand {
        public Column {
            Objects.requireNonNull(name, "name");
        }
    }

    /** Another operand cast to a type ({@code _cast}: a jsonb column compared as text). */
    record Cast(Operand operand, io.quarry.engine.introspect.PgType type) implements Operand {
        public Cast {
            Objects.requireNonNull(operand, "operand");
            Objects.requireNonNull(type, "type");
        }
    }

    record Call(FunctionCall call) implements Operand {
        public Call {
            Objects.requireNonNull(call, "call");
        }
    }

    /**
     * A value an inherited role sees only in the rows where {@code shown} holds and reads as null elsewhere: filters,
     * aggregates, ordering and {@code distinct_on} all work on what the role sees, never on the hidden value.
     */
    record Redacted(Operand operand, BoolExp shown) implements Operand {
        public Redacted {
            Objects.requireNonNull(operand, "operand");
            Objects.requireNonNull(shown, "shown");
        }
    }
}
