package io.quarry.engine.schema;

import graphql.GraphQLContext;
import graphql.Scalars;
import graphql.execution.CoercedVariables;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.EnumValue;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.NullValue;
import graphql.language.ObjectValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLScalarType;
import io.quarry.engine.introspect.PgType;
import io.quarry.engine.model.GraphqlNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static graphql.schema.GraphQLInputObjectField.newInputObjectField;

/**
 * Postgres types as GraphQL scalars, named as Hasura names them: {@code Int}, {@code Float}, {@code String},
 * {@code Boolean} for the types GraphQL has, the Postgres type name ({@code bigint}, {@code numeric},
 * {@code timestamptz}, {@code jsonb}, {@code _text}, ...) for the rest. Also the {@code <scalar>_comparison_exp}
 * input types. One instance per schema build, so each scalar type object exists once.
 */
final class ScalarTypes {
    private static final Map<String, String> BY_PG_NAME = Map.ofEntries(
            Map.entry("int4", "Int"), Map.entry("int2", "smallint"), Map.entry("int8", "bigint"),
            Map.entry("float4", "Float"), Map.entry("float8", "float8"), Map.entry("bool", "Boolean"),
            Map.entry("text", "String"), Map.entry("varchar", "String"), Map.entry("bpchar", "bpchar"),
            Map.entry("numeric", "numeric"), Map.entry("name", "name"));

    private final Map<String, GraphQLScalarType> scalars = new TreeMap<>();
    private final Map<String, GraphQLInputObjectType> comparisons = new TreeMap<>();

    static String scalarName(PgType type) {
        PgType t = type.underlying();
        String pgName = t.name().name();
        String mapped = BY_PG_NAME.get(pgName);
        if (mapped != null && "pg_catalog".equals(t.name().schema())) {
            return mapped;
        }
        return GraphqlNames.isValid(pgName) ? pgName : pgName.replaceAll("[^_0-9A-Za-z]", "_");
    }

    /** Whether the string operators ({@code _like}, {@code _ilike}, ...) apply to the type. */
    static boolean isTextual(PgType type) {
        PgType t = type.underlying();
        return t.category() == 'S' || "citext".equals(t.name().name());
    }

    static boolean isJson(PgType type) {
        PgType t = type.underlying();
        return "pg_catalog".equals(t.name().schema()) && ("json".equals(t.name().name()) || "jsonb".equals(t.name().name()));
    }

    static boolean isJsonb(PgType type) {
        PgType t = type.underlying();
        return "pg_catalog".equals(t.name().schema()) && "jsonb".equals(t.name().name());
    }

    GraphQLScalarType scalar(PgType type) {
        String name = scalarName(type);
        return switch (name) {
            case "Int" -> Scalars.GraphQLInt;
            case "Float" -> Scalars.GraphQLFloat;
            case "String" -> Scalars.GraphQLString;
            case "Boolean" -> Scalars.GraphQLBoolean;
            default -> scalars.computeIfAbsent(name, ScalarTypes::passThrough);
        };
    }

    /**
     * The scalar of a function argument. A row type's scalar is {@code <type>_scalar} (as in Hasura), since the
     * table's object type may already hold the type's name; its values are written as record literals.
     */
    GraphQLScalarType argument(PgType type) {
        if (type.underlying().kind() == 'c') {
            return scalars.computeIfAbsent(scalarName(type) + "_scalar", ScalarTypes::passThrough);
        }
        return scalar(type);
    }

    GraphQLInputObjectType comparison(PgType type) {
        GraphQLScalarType scalar = scalar(type);
        boolean textual = isTextual(type);
        String pgType = type.underlying().name().name();
        // _cast compares as String: make sure that comparison type exists (built first, outside the map's update).
        GraphQLInputObjectType asText = isJsonb(type) || pgType.equals("geometry") || pgType.equals("geography")
                ? comparison(PgType.builtin("text", 'S')) : null;
        return comparisons.computeIfAbsent(scalar.getName(), name -> {
            var builder = GraphQLInputObjectType.newInputObject().name(name + "_comparison_exp")
                    .description("Boolean expression to compare columns of type \"" + name
                            + "\". All fields are combined with logical 'AND'.");
            for (String op : List.of("_eq", "_gt", "_gte", "_lt", "_lte", "_neq")) {
                builder.field(newInputObjectField().name(op).type(scalar));
            }
            builder.field(newInputObjectField().name("_in").type(GraphQLList.list(GraphQLNonNull.nonNull(scalar))));
            builder.field(newInputObjectField().name("_nin").type(GraphQLList.list(GraphQLNonNull.nonNull(scalar))));
            builder.field(newInputObjectField().name("_is_null").type(Scalars.GraphQLBoolean));
            if (textual) {
                for (String op : List.of("_ilike", "_iregex", "_like", "_nilike", "_niregex", "_nlike", "_nregex",
                        "_nsimilar", "_regex", "_similar")) {
                    builder.field(newInputObjectField().name(op).type(scalar));
                }
            }
            String pgName = type.underlying().name().name();
            if (pgName.equals("geometry") || pgName.equals("geography")) {
                List<String> ops = pgName.equals("geometry")
                        ? List.of("_st_contains", "_st_crosses", "_st_equals", "_st_intersects", "_st_overlaps",
                        "_st_touches", "_st_within") : List.of("_st_intersects");
                ops.forEach(op -> builder.field(newInputObjectField().name(op).type(scalar)));
                var within = GraphQLInputObjectType.newInputObject()
                        .name(pgName.equals("geometry") ? "st_d_within_input" : "st_d_within_geography_input")
                        .field(newInputObjectField().name("distance").type(GraphQLNonNull.nonNull(Scalars.GraphQLFloat)))
                        .field(newInputObjectField().name("from").type(GraphQLNonNull.nonNull(scalar)));
                if (pgName.equals("geography")) {
                    within.field(newInputObjectField().name("use_spheroid").type(Scalars.GraphQLBoolean));
                }
                builder.field(newInputObjectField().name("_st_d_within").type(within.build()));
            }
            if (isJsonb(type) || pgName.equals("geometry") || pgName.equals("geography")) {
                builder.field(newInputObjectField().name("_cast").type(GraphQLInputObjectType.newInputObject()
                        .name(name + "_cast_exp").field(newInputObjectField().name("String").type(asText)).build()));
            }
            if (isJsonb(type)) {
                builder.field(newInputObjectField().name("_contained_in").type(scalar)
                        .description("is the column contained in the given json value"));
                builder.field(newInputObjectField().name("_contains").type(scalar)
                        .description("does the column contain the given json value at the top level"));
                builder.field(newInputObjectField().name("_has_key").type(Scalars.GraphQLString)
                        .description("does the string exist as a top-level key in the column"));
                builder.field(newInputObjectField().name("_has_keys_all")
                        .type(GraphQLList.list(GraphQLNonNull.nonNull(Scalars.GraphQLString)))
                        .description("do all of these strings exist as top-level keys in the column"));
                builder.field(newInputObjectField().name("_has_keys_any")
                        .type(GraphQLList.list(GraphQLNonNull.nonNull(Scalars.GraphQLString)))
                        .description("do any of these strings exist as top-level keys in the column"));
            }
            return builder.build();
        });
    }

    /**
     * A scalar whose values reach the planner as plain Java values (strings, numbers, booleans, lists, maps);
     * Postgres parses them when they arrive as parameters, so Postgres decides what a valid value is.
     */
    private static GraphQLScalarType passThrough(String name) {
        return GraphQLScalarType.newScalar().name(name).coercing(new Coercing<Object, Object>() {
            @Override
            public Object serialize(Object value, GraphQLContext context, Locale locale) {
                return value;
            }

            @Override
            public Object parseValue(Object input, GraphQLContext context, Locale locale) {
                return input;
            }

            @Override
            public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context,
                    Locale locale) {
                return literal(input, variables);
            }

            @Override
            public Value<?> valueToLiteral(Object input, GraphQLContext context, Locale locale) {
                return toLiteral(input);
            }
        }).build();
    }

    /** A plain Java value (as JSON variables decode) as a GraphQL literal. */
    private static Value<?> toLiteral(Object value) {
        if (value == null) {
            return NullValue.of();
        } else if (value instanceof String s) {
            return StringValue.of(s);
        } else if (value instanceof Boolean b) {
            return BooleanValue.of(b);
        } else if (value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger) {
            return IntValue.newIntValue(new java.math.BigInteger(value.toString())).build();
        } else if (value instanceof Number n) {
            return FloatValue.newFloatValue(new java.math.BigDecimal(n.toString())).build();
        } else if (value instanceof List<?> list) {
            return ArrayValue.newArrayValue().values(list.stream().<Value>map(ScalarTypes::toLiteral).toList()).build();
        } else if (value instanceof Map<?, ?> map) {
            var object = ObjectValue.newObjectValue();
            map.forEach((k, v) -> object.objectField(new graphql.language.ObjectField(k.toString(), toLiteral(v))));
            return object.build();
        }
        return StringValue.of(value.toString());
    }

    private static Object literal(Value<?> input, CoercedVariables variables) {
        if (input instanceof StringValue s) {
            return s.getValue();
        } else if (input instanceof IntValue i) {
            return i.getValue();
        } else if (input instanceof FloatValue f) {
            return f.getValue();
        } else if (input instanceof BooleanValue b) {
            return b.isValue();
        } else if (input instanceof NullValue) {
            return null;
        } else if (input instanceof EnumValue e) {
            // A bare name inside a JSON literal ({first: json}) is its text, as Hasura reads it.
            return e.getName();
        } else if (input instanceof ArrayValue a) {
            List<Object> out = new ArrayList<>();
            a.getValues().forEach(v -> out.add(literal(v, variables)));
            return out;
        } else if (input instanceof ObjectValue o) {
            Map<String, Object> out = new LinkedHashMap<>();
            o.getObjectFields().forEach(f -> out.put(f.getName(), literal(f.getValue(), variables)));
            return out;
        } else if (input instanceof VariableReference v) {
            return variables.get(v.getName());
        }
        throw new CoercingParseLiteralException("unexpected literal " + input);
    }
}
