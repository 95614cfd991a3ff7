package io.quarry.engine.plan;

import io.quarry.engine.introspect.PgType;
import io.quarry.engine.model.TableInfo;
import java.util.List;
import java.util.Objects;

/** A row filter. Values are kept as the text Postgres will parse with the column's type. */
public sealed interface BoolExp {
    BoolExp TRUE = new And(List.of());

    record And(List<BoolExp> operands) implements BoolExp {
        public And {
            operands = List.copyOf(operands);
        }
    }

    record Or(List<BoolExp> operands) implements BoolExp {
        public Or {
            operands = List.copyOf(operands);
        }
    }

    record Not(BoolExp operand) implements BoolExp {
        public Not {
            Objects.requireNonNull(operand, "operand");
        }
    }

    /** {@code operand op value}, the value typed as {@code type}. */
    record Compare(Operand operand, PgType type, CompareOp op, Value value) implements BoolExp {
        public Compare {
            Objects.requireNonNull(operand, "operand");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(value, "value");
        }
    }

    /** {@code operand = ANY(values)} or, negated, {@code operand <> ALL(values)}. */
    record In(Operand operand, PgType type, boolean negated, Value values) implements BoolExp {
        public In {
            Objects.requireNonNull(operand, "operand");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(values, "values");
        }
    }

    /** A jsonb column has all ({@code ?&}) or any ({@code ?|}) of the keys. */
    record HasKeys(Operand operand, boolean all, Value keys) implements BoolExp {
        public HasKeys {
            Objects.requireNonNull(operand, "operand");
            Objects.requireNonNull(keys, "keys");
        }
    }

    /**
     * A PostGIS predicate ({@code ST_Intersects}, {@code ST_DWithin}, ...) between a geometry or geography operand and
     * a GeoJSON {@code shape}; {@code distance} for {@code ST_DWithin}.
     */
    record Spatial(Operand operand, PgType type, SpatialOp op, Value shape, java.util.Optional<Value> distance)
            implements BoolExp {
        public Spatial {
            Objects.requireNonNull(operand, "operand");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(shape, "shape");
            Objects.requireNonNull(distance, "distance");
        }
    }

    enum SpatialOp {
        CONTAINS("ST_Contains"), CROSSES("ST_Crosses"), EQUALS("ST_Equals"), INTERSECTS("ST_Intersects"),
        OVERLAPS("ST_Overlaps"), TOUCHES("ST_Touches"), WITHIN("ST_Within"), D_WITHIN("ST_DWithin");

        private final String function;

        SpatialOp(String function) {
            this.function = function;
        }

        public String function() {
            return function;
        }
    }

    record IsNull(Operand operand, boolean isNull) implements BoolExp {
        public IsNull {
            Objects.requireNonNull(operand, "operand");
        }
    }

    /**
     * Some row of {@code table}, joined to the current row, satisfies {@code where}: filters through relationships.
     * With a {@code source}, the rows are those the function returns for the current row (computed fields).
     */
    record Exists(TableInfo table, List<Join> join, BoolExp where, java.util.Optional<FunctionCall> source)
            implements BoolExp {
        public Exists {
            Objects.requireNonNull(table, "table");
            join = List.copyOf(join);
            Objects.requireNonNull(where, "where");
            Objects.requireNonNull(source, "source");
        }
    }

    /**
     * An aggregate predicate: the count of the related rows (those matching {@code filter}, counting non-null
     * {@code columns}, distinct ones if asked) compared with {@code value}.
     */
    record CountCompare(TableInfo table, List<Join> join, BoolExp filter, List<Operand> columns, boolean distinct,
            CompareOp op, Value value) implements BoolExp {
        public CountCompare {
            Objects.requireNonNull(table, "table");
            join = List.copyOf(join);
            Objects.requireNonNull(filter, "filter");
            columns = List.copyOf(columns);
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(value, "value");
        }
    }

    enum CompareOp {
        EQ("="), NEQ("<>"), GT(">"), GTE(">="), LT("<"), LTE("<="),
        LIKE("LIKE"), NLIKE("NOT LIKE"), ILIKE("ILIKE"), NILIKE("NOT ILIKE"),
        SIMILAR("SIMILAR TO"), NSIMILAR("NOT SIMILAR TO"), REGEX("~"), NREGEX("!~"), IREGEX("~*"), NIREGEX("!~*"),
        CONTAINS("@>"), CONTAINED_IN("<@"), HAS_KEY("?");

        private final String sql;

        CompareOp(String sql) {
            this.sql = sql;
        }

        public String sql() {
            return sql;
        }
    }
}
