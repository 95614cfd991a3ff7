package io.quarry.engine.plan;

import java.util.List;
import java.util.Objects;

/** A value in a filter: text from the request, a list of them, or a session variable (permissions). */
public sealed interface Value {

    record Text(String text) implements Value {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    record Texts(List<String> texts) implements Value {
        public Texts {
            texts = List.copyOf(texts);
        }
    }

    /** Another column of the same row (the column comparison operators of permissions). */
    record Column(String column) implements Value {
        public Column {
            Objects.requireNonNull(column, "column");
        }
    }

    /** A session variable by its lower-case name; as a list, it holds a Postgres array literal. */
    record Session(String variable) implements Value {
        public Session {
            Objects.requireNonNull(variable, "variable");
        }
    }
}
