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

    /** The value at a path inside a json or jsonb column. */
    record JsonColumn(String column, List<String> path) implements Field {
        public JsonColumn {
            Objects.requireNonNull(column, "column");
            path = List.copyOf(path);
        }
    }

    /** A computed field returning a scalar: the function called for the current row. */
    record Computed(FunctionCall call, PgType type) implements Field {
        public Computed {
            Objects.requireNonNull(call, "call");
            Objects.requireNonNull(type, "type");
        }
    }

    /** A value shown only in rows where {@code condition} holds, null elsewhere (inherited roles' redaction). */
    record Redacted(Field field, BoolExp condition) implements Field {
        public Redacted {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(condition, "condition");
        }
    }

    /** A JSON value known before the query runs (an introspection answer), sent as a parameter. */
    record Json(String json) implements Field {
        public Json {
            Objects.requireNonNull(json, "json");
        }
    }

    /** The number of rows a mutation wrote. */
    record AffectedRows() implements Field {
    }

    /** The rows a mutation wrote, read back with these outputs. */
    record Returning(List<Output> outputs) implements Field {
        public Returning {
            outputs = List.copyOf(outputs);
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

    /**
     * {@code <table>_aggregate}: aggregates over the selected rows and the rows themselves, joined to the current
     * row unless at the root. Its select's outputs are {@link Nodes}, {@link Aggregates} and {@link Typename}.
     */
    record Aggregate(TableSelect select, List<Join> join) implements Field {
        public Aggregate {
            Objects.requireNonNull(select, "select");
            join = List.copyOf(join);
        }
    }

    /** The rows of an aggregate selection, as a JSON array. */
    record Nodes(List<Output> outputs) implements Field {
        public Nodes {
            outputs = List.copyOf(outputs);
        }
    }

    /** The {@code aggregate} object: its outputs are {@link Count}, {@link Function} and {@link Typename}. */
    record Aggregates(List<Output> outputs) implements Field {
        public Aggregates {
            outputs = List.copyOf(outputs);
        }
    }

    /**
     * {@code count}, of all rows, or of the rows where the columns are not null (distinct ones if asked); a column an
     * inherited role sees in some rows only is a {@link Operand.Redacted}.
     */
    record Count(List<Operand> columns, boolean distinct) implements Field {
        public Count {
            columns = List.copyOf(columns);
        }
    }

    /**
     * An aggregate function ({@code sum}, {@code avg}, {@code max}, ...) of each column in its outputs: a
     * {@link Column}, or a {@link Redacted} one aggregated over what the role sees of it.
     */
    record Function(String name, List<Output> outputs) implements Field {
        public Function {
            Objects.requireNonNull(name, "name");
            outputs = List.copyOf(outputs);
        }
    }
}
