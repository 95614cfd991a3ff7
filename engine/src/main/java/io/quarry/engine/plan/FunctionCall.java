package io.quarry.engine.plan;

import io.quarry.engine.introspect.PgName;
import io.quarry.engine.introspect.PgType;
import io.quarry.engine.model.TableInfo;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A call of a function, with its arguments in order; a named one is passed by name. */
public record FunctionCall(PgName function, List<Argument> arguments) {
    public FunctionCall {
        Objects.requireNonNull(function, "function");
        arguments = List.copyOf(arguments);
    }

    public sealed interface Argument {
        Optional<String> name();

        /** A value from the request (or the session), typed as the argument. */
        record Value(Optional<String> name, String text, PgType type) implements Argument {
            public Value {
                Objects.requireNonNull(name, "name");
                Objects.requireNonNull(text, "text");
                Objects.requireNonNull(type, "type");
            }
        }

        /** The request's session, as JSON (a computed field's {@code session_argument}). */
        record Session(Optional<String> name) implements Argument {
            public Session {
                Objects.requireNonNull(name, "name");
            }
        }

        /** The row the call is made for (computed fields), as a value of its table's row type. */
        record Row(Optional<String> name, TableInfo table) implements Argument {
            public Row {
                Objects.requireNonNull(name, "name");
                Objects.requireNonNull(table, "table");
            }
        }
    }
}
