package io.quarry.engine.request;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.GraphQLContext;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What of an operation's variables decides the shape of its statement, so that one compiled statement serves every
 * request whose variables differ only in values that are bound as parameters.
 *
 * <p>A variable of a scalar type other than {@code Boolean}, or a list of such, is <em>free</em>: its value only
 * reaches the statement as a parameter, so only whether it is given, null, or (a list) empty belongs to the shape.
 * Every other variable (booleans steer {@code @skip} and {@code _is_null}, enums and input objects steer the
 * statement's text) belongs to the shape whole, as does a {@code limit}, which a permission's row limit caps.
 * Whether a free variable really is bound as it is is proven once per shape by planning the operation a second
 * time with {@link #markers} in its place (see the service's statement cache).
 */
public final class VariableShape {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FIRST_INT_MARKER = 1_987_654_000;
    /** Values longer than this (a bulk insert's rows, say) are not kept in a key: such requests are compiled each. */
    private static final int LONGEST_KEY = 4096;

    /** How one variable reaches the statement. */
    private record Variable(String name, GraphQLScalarType freeScalar, boolean list) {
        boolean free() {
            return freeScalar != null;
        }
    }

    private final List<Variable> variables;

    private VariableShape(List<Variable> variables) {
        this.variables = List.copyOf(variables);
    }

    /** The shape of one checked operation's variables. */
    static VariableShape of(OperationCheck check) {
        List<Variable> out = new ArrayList<>();
        check.declared().forEach((name, type) -> {
            boolean capped = check.usages().stream()
                    .anyMatch(u -> u.variable().equals(name) && u.kind() == InputCheck.IntKind.NON_NEGATIVE);
            GraphQLType inner = type instanceof GraphQLNonNull n ? n.getWrappedType() : type;
            boolean list = inner instanceof GraphQLList;
            if (list) {
                GraphQLType element = ((GraphQLList) inner).getWrappedType();
                inner = element instanceof GraphQLNonNull n ? n.getWrappedType() : element;
            }
            boolean free = !capped && inner instanceof GraphQLScalarType scalar && !"Boolean".equals(scalar.getName());
            out.add(new Variable(name, free ? (GraphQLScalarType) inner : null, list));
        });
        return new VariableShape(out);
    }

    /**
     * The shape of {@code values} as a key: equal keys compile to the same statement text. Empty when the values
     * are of a kind the cache leaves alone (a list holding null, a list where a single value is expected, values
     * that shape the statement but are too long to keep).
     */
    public Optional<String> key(Map<String, Object> values) {
        StringBuilder key = new StringBuilder();
        for (Variable v : variables) {
            key.append(v.name()).append('=');
            if (!values.containsKey(v.name())) {
                key.append('-');
            } else if (values.get(v.name()) == null) {
                key.append('0');
            } else if (!v.free()) {
                key.append(json(values.get(v.name())));
            } else if (v.list()) {
                if (!(values.get(v.name()) instanceof List<?> items) || items.contains(null)) {
                    return Optional.empty();
                }
                key.append(items.isEmpty() ? "[]" : "[1]");
            } else {
                key.append('1');
            }
            key.append('\u0000');
            if (key.length() > LONGEST_KEY) {
                return Optional.empty();
            }
        }
        return Optional.of(key.toString());
    }

    /**
     * The values with each given free variable replaced by a marker of its type that no request sends: a list by
     * a list of one marker. Planning them shows where each free variable lands in the statement.
     */
    public Map<String, Object> markers(Map<String, Object> values) {
        Map<String, Object> out = new LinkedHashMap<>(values);
        for (int i = 0; i < variables.size(); i++) {
            Variable v = variables.get(i);
            Object value = values.get(v.name());
            if (v.free() && value != null && !(value instanceof List<?> l && l.isEmpty())) {
                Object marker = switch (v.freeScalar().getName()) {
                    case "Int" -> FIRST_INT_MARKER + i;
                    case "Float" -> FIRST_INT_MARKER + i + 0.25;
                    default -> "\u0001" + i + "\u0002" + v.name() + "\u0003";
                };
                out.put(v.name(), v.list() ? List.of(marker) : marker);
            }
        }
        return out;
    }

    /** The free variables that {@code values} gives (not null, not an empty list). */
    public List<String> given(Map<String, Object> values) {
        return variables.stream().filter(v -> v.free() && values.get(v.name()) != null
                && !(values.get(v.name()) instanceof List<?> l && l.isEmpty())).map(Variable::name).toList();
    }

    /**
     * A free variable's value as the planner receives it, coerced by its scalar type: a list of such for a list.
     * Throws for a value the type refuses, which the whole preparation then reports in its own words.
     */
    public Object coerce(String name, Object value) {
        Variable v = variables.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        if (v.list()) {
            List<Object> out = new ArrayList<>();
            for (Object item : (List<?>) value) {
                out.add(parse(v.freeScalar(), item));
            }
            return out;
        }
        return parse(v.freeScalar(), value);
    }

    private static Object parse(GraphQLScalarType scalar, Object value) {
        Object parsed = scalar.getCoercing().parseValue(value, GraphQLContext.getDefault(), Locale.ENGLISH);
        if (parsed == null) {
            throw new IllegalArgumentException("no value");
        }
        return parsed;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("variable value cannot be written as JSON", e);
        }
    }
}
