package io.quarry.engine.plan;

import io.quarry.engine.introspect.PgType;
import java.util.List;
import java.util.Objects;

/** What one output key holds. */
public sealed interface Field {

    /** A column of the current row. */
    record Column(String column, PgType type) implements Field {
        public Column {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(type, "type");
        }
    }

    /** A constant string: {@code __typename}. */
    record Typename(String name) implements Field {
        public Typename {
            Objects.requireNonNull(name, "name");
        }
    }

    /** A JSON array of rows, joined to the current row unless at the root (array relationships, list root fields). */
    record Rows(TableSelect select, List<Join> join) implements Field {
        public Rows {
            Objects.requireNonNull(select, "select");
            join = List.copyOf(join);
        }
    }

    /** One row as an object, or null (object relationships, {@code _by_pk} root fields). */
    record Row(TableSelect select, List<Join> join) implements Field {
        public Row {
            Objects.requireNonNull(select, "select");
            join = List.copyOf(join);
        }
    }
}
