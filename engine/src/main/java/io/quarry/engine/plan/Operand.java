package io.quarry.engine.plan;

import java.util.Objects;

/** The left side of a comparison: a column of the row, or a computed field (a function of the row). */
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
}
