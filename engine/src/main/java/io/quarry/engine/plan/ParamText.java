package io.quarry.engine.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;

/** How a coerced GraphQL value becomes the text of a parameter, which Postgres parses as the column's type. */
public final class ParamText {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ParamText() {
    }

    /** The value as text: strings as they are, numbers and booleans written out, lists and objects as JSON. */
    public static String of(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return json(value);
    }

    /** The value as JSON, for a json or jsonb operand: the string "a" is {@code "a"}. */
    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("value cannot be written as JSON", e);
        }
    }
}
