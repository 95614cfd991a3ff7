package io.quarry.engine.request;

import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.EnumValue;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.NullValue;
import graphql.language.ObjectField;
import graphql.language.ObjectValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import io.quarry.engine.error.ApiError;
import io.quarry.engine.error.ErrorCode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Checks an input value against its GraphQL type as Hasura's parsers do, with Hasura's words and the path of the
 * offending value ({@code $.selectionSet.actor.args.where.nope}). Values are either written in the document
 * ({@link Value}) or given as JSON in {@code variables} (maps, lists, strings, numbers, booleans, null). Scalars
 * that Postgres parses (uuid, timestamptz, numeric, ...) are left to Postgres.
 */
final class InputCheck {
    private static final Pattern DIGITS = Pattern.compile("-?[0-9]+");
    private static final BigInteger MIN_INT = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger MAX_INT = BigInteger.valueOf(Integer.MAX_VALUE);

    /** How the engine reads an {@code Int}: as GraphQL's, or as Hasura's {@code limit} and {@code offset}. */
    enum IntKind { INT, NON_NEGATIVE, BIG }

    /** A variable met in the document where a value of {@code type} is expected. */
    record Usage(String variable, GraphQLInputType type, IntKind kind, String path) {
    }

    private InputCheck() {
    }

    /**
     * Checks a value written in the document. Variables it holds are type-checked against their declarations
     * ({@code declared}: name to type) and handed to {@code usages}, whose values are checked per request.
     */
    static void literal(Value<?> value, GraphQLInputType type, IntKind kind, String path,
            Map<String, GraphQLType> declared, Consumer<Usage> usages) {
        if (value instanceof VariableReference ref) {
            GraphQLType variableType = declared.get(ref.getName());
            if (variableType == null) {
                throw ApiError.validation("$", "unbound variable \"" + ref.getName() + "\"");
            }
            if (!usageAllowed(type, variableType)) {
                throw ApiError.validation(path, "variable \"" + ref.getName() + "\" is declared as '"
                        + GraphQLTypeUtil.simplePrint(variableType) + "', but used where '"
                        + GraphQLTypeUtil.simplePrint(type) + "' is expected");
            }
            usages.accept(new Usage(ref.getName(), type, kind, path));
            return;
        }
        if (type instanceof GraphQLNonNull nonNull) {
            if (value instanceof NullValue) {
                throw mismatch(GraphQLTypeUtil.unwrapAll(type), expected(nonNull.getWrappedType(), kind), "null", path);
            }
            literal(value, (GraphQLInputType) nonNull.getWrappedType(), kind, path, declared, usages);
            return;
        }
        if (value instanceof NullValue) {
            return;
        }
        if (type instanceof GraphQLList list) {
            GraphQLInputType element = (GraphQLInputType) list.getWrappedType();
            if (value instanceof ArrayValue array) {
                List<Value> values = array.getValues();
                for (int i = 0; i < values.size(); i++) {
                    literal(values.get(i), element, kind, path + "[" + i + "]", declared, usages);
                }
            } else {
                literal(value, element, kind, path, declared, usages);
            }
            return;
        }
        if (type instanceof GraphQLInputObjectType object) {
            if (!(value instanceof ObjectValue fields)) {
                throw mismatch(object, "an object", describe(value), path);
            }
            Map<String, Value<?>> given = new LinkedHashMap<>();
            for (ObjectField f : fields.getObjectFields()) {
                given.putIfAbsent(f.getName(), f.getValue());
            }
            unknownFields(object, given.keySet(), path);
            for (GraphQLInputObjectField field : object.getFieldDefinitions()) {
                Value<?> v = given.get(field.getName());
                String at = path + "." + field.getName();
                if (v == null) {
                    required(field, at);
                } else {
                    literal(v, field.getType(), IntKind.INT, at, declared, usages);
                }
            }
            return;
        }
        if (type instanceof GraphQLEnumType e) {
            if (!(value instanceof EnumValue ev)) {
                throw mismatch(e, "an enum value", describe(value), path);
            }
            enumValue(e, ev.getName(), path);
            return;
        }
        scalar((GraphQLScalarType) type, kind, describe(value), literalNumber(value), path, null);
    }

    /** Checks a variable's JSON value where it is used; {@code variable} is its name, for enum errors. */
    static void json(Object value, GraphQLInputType type, IntKind kind, String path, String variable) {
        if (type instanceof GraphQLNonNull nonNull) {
            if (value == null) {
                throw mismatch(GraphQLTypeUtil.unwrapAll(type), expected(nonNull.getWrappedType(), kind), "null", path);
            }
            json(value, (GraphQLInputType) nonNull.getWrappedType(), kind, path, variable);
            return;
        }
        if (value == null) {
            return;
        }
        if (type instanceof GraphQLList list) {
            GraphQLInputType element = (GraphQLInputType) list.getWrappedType();
            if (value instanceof List<?> values) {
                for (int i = 0; i < values.size(); i++) {
                    json(values.get(i), element, kind, path + "[" + i + "]", variable);
                }
            } else {
                json(value, element, kind, path, variable);
            }
            return;
        }
        if (type instanceof GraphQLInputObjectType object) {
            if (!(value instanceof Map<?, ?> given)) {
                throw mismatch(object, "an object", describeJson(value), path);
            }
            List<String> names = given.keySet().stream().map(String::valueOf).toList();
            unknownFields(object, names, path);
            for (GraphQLInputObjectField field : object.getFieldDefinitions()) {
                String at = path + "." + field.getName();
                if (!given.containsKey(field.getName())) {
                    required(field, at);
                } else {
                    json(given.get(field.getName()), field.getType(), IntKind.INT, at, variable);
                }
            }
            return;
        }
        if (type instanceof GraphQLEnumType e) {
            if (!(value instanceof String s)) {
                throw mismatch(e, "an enum value", describeJson(value), path);
            }
            // Hasura reads an enum given in the variables where the variables are.
            enumValue(e, s, "$.variableValues." + variable);
            return;
        }
        scalar((GraphQLScalarType) type, kind, describeJson(value), value instanceof Number n ? new BigDecimal(n.toString()) : null,
                path, value instanceof String s ? s : null);
    }

    private static void unknownFields(GraphQLInputObjectType object, Iterable<String> names, String path) {
        for (String name : names) {
            if (object.getField(name) == null) {
                throw ApiError.validation(path + "." + name,
                        "field \"" + name + "\" not found in type: '" + object.getName() + "'");
            }
        }
    }

    private static void required(GraphQLInputObjectField field, String path) {
        if (GraphQLTypeUtil.isNonNull(field.getType()) && !field.hasSetDefaultValue()) {
            throw ApiError.validation(path, "missing required field \"" + field.getName() + "\"");
        }
    }

    private static void enumValue(GraphQLEnumType type, String name, String path) {
        if (type.getValue(name) == null) {
            throw ApiError.validation(path, "unexpected value \"" + name + "\" for enum: '" + type.getName() + "'");
        }
    }

    /**
     * Checks a scalar: {@code found} describes what was given ("an integer", "a string", ...), {@code number} is
     * its value when it is a number, {@code text} when it is a JSON string.
     */
    private static void scalar(GraphQLScalarType type, IntKind kind, String found, BigDecimal number, String path,
            String text) {
        String name = type.getName();
        boolean integer = "an integer".equals(found) || "a number".equals(found);
        switch (name) {
            case "Int" -> {
                if (kind == IntKind.BIG && (found.equals("a string") && text != null && DIGITS.matcher(text).matches())) {
                    return;
                }
                if (!integer || kind == IntKind.NON_NEGATIVE && number.signum() < 0) {
                    throw mismatch(type, expected(type, kind), found, path);
                }
                bounded(number, kind == IntKind.BIG ? 64 : 32, path);
            }
            case "Float" -> {
                if (!integer && !"a float".equals(found)) {
                    throw mismatch(type, "a float", found, path);
                }
            }
            case "String" -> {
                if (!"a string".equals(found)) {
                    throw mismatch(type, "a string", found, path);
                }
            }
            case "Boolean" -> {
                if (!"a boolean".equals(found)) {
                    throw mismatch(type, "a boolean", found, path);
                }
            }
            case "ID" -> {
                if (!"a string".equals(found) && !integer) {
                    throw mismatch(type, "a String or a 32-bit integer", found, path);
                }
            }
            default -> {
                // Postgres's own types: Postgres reads them and says what is wrong.
            }
        }
    }

    private static void bounded(BigDecimal number, int bits, String path) {
        BigInteger exact;
        try {
            exact = number.toBigIntegerExact();
        } catch (ArithmeticException e) {
            exact = null;
        }
        boolean fits = exact != null && (bits == 64 ? exact.bitLength() < 64
                : exact.compareTo(MIN_INT) >= 0 && exact.compareTo(MAX_INT) <= 0);
        if (!fits) {
            throw new ApiError(ErrorCode.PARSE_FAILED, path, "The value " + number.toString()
                    + " lies outside the bounds or is not an integer. Maybe it is a float, or is there integer "
                    + "overflow?");
        }
    }

    private static String expected(GraphQLType type, IntKind kind) {
        GraphQLType named = GraphQLTypeUtil.unwrapAll(type);
        if (named instanceof GraphQLInputObjectType) {
            return "an object";
        }
        if (named instanceof GraphQLEnumType) {
            return "an enum value";
        }
        if (GraphQLTypeUtil.isList(GraphQLTypeUtil.unwrapNonNull(type))) {
            return "a list";
        }
        return switch (((GraphQLScalarType) named).getName()) {
            case "Int" -> kind == IntKind.NON_NEGATIVE ? "a non-negative 32-bit integer"
                    : kind == IntKind.BIG ? "a 32-bit integer, or a 64-bit integer represented as a string"
                    : "a 32-bit integer";
            case "Float" -> "a float";
            case "String" -> "a string";
            case "Boolean" -> "a boolean";
            case "ID" -> "a String or a 32-bit integer";
            default -> "a value";
        };
    }

    private static ApiError mismatch(GraphQLType type, String expected, String found, String path) {
        String name = ((graphql.schema.GraphQLNamedType) GraphQLTypeUtil.unwrapAll(type)).getName();
        return ApiError.validation(path, "expected " + expected + " for type \"" + name + "\", but found " + found);
    }

    /**
     * Hasura's rule for a variable at a location (GraphQL's §5.8.5): the same named types and list depth; a
     * nullable variable never where a non-null value is expected.
     */
    static boolean usageAllowed(GraphQLType location, GraphQLType variable) {
        if (location instanceof GraphQLNonNull l) {
            return variable instanceof GraphQLNonNull v && usageAllowed(l.getWrappedType(), v.getWrappedType());
        }
        GraphQLType v = GraphQLTypeUtil.unwrapNonNull(variable);
        if (location instanceof GraphQLList l) {
            return v instanceof GraphQLList vl && usageAllowed(l.getWrappedType(), vl.getWrappedType());
        }
        return !(v instanceof GraphQLList) && ((graphql.schema.GraphQLNamedType) location).getName()
                .equals(((graphql.schema.GraphQLNamedType) v).getName());
    }

    private static BigDecimal literalNumber(Value<?> value) {
        if (value instanceof IntValue i) {
            return new BigDecimal(i.getValue());
        }
        if (value instanceof FloatValue f) {
            return f.getValue();
        }
        return null;
    }

    /** What a written value is, in Hasura's words ({@code "an integer"}, {@code "a list"}, ...). */
    static String describe(Value<?> value) {
        return value instanceof IntValue ? "an integer" : value instanceof FloatValue ? "a float"
                : value instanceof StringValue ? "a string" : value instanceof BooleanValue ? "a boolean"
                : value instanceof NullValue ? "null" : value instanceof EnumValue ? "an enum value"
                : value instanceof ArrayValue ? "a list" : "an object";
    }

    private static String describeJson(Object value) {
        return value instanceof String ? "a string" : value instanceof Boolean ? "a boolean"
                : value instanceof Number ? "a number" : value instanceof List ? "a list" : "an object";
    }
}
