package io.quarry.metadata;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A JSON value written in metadata that Quarry passes on rather than interprets: a literal in a permission's boolean
 * expression, a column preset, a setting not modelled yet. Our own immutable records rather than Jackson's
 * {@code JsonNode}, whose object and array nodes can be changed by anyone holding them.
 *
 * <p>A number keeps the Java type the JSON reader gave it ({@code Integer}, {@code Long}, {@code BigInteger},
 * {@code Double} or {@code BigDecimal}), so that it is written back exactly as it was read.
 */
public sealed interface JsonValue {
    Null NULL = new Null();

    /** The value as plain Java: null, Boolean, Number, String, {@code List} or {@code Map} (in key order). */
    Object plain();

    record Null() implements JsonValue {
        @Override
        public Object plain() {
            return null;
        }
    }

    record Bool(boolean value) implements JsonValue {
        @Override
        public Object plain() {
            return value;
        }
    }

    record Num(Number value) implements JsonValue {
        public Num {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public Object plain() {
            return value;
        }
    }

    record Str(String value) implements JsonValue {
        public Str {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public Object plain() {
            return value;
        }
    }

    record Arr(List<JsonValue> items) implements JsonValue {
        public Arr {
            items = List.copyOf(items);
        }

        @Override
        public Object plain() {
            List<Object> out = new ArrayList<>();
            items.forEach(i -> out.add(i.plain()));
            return Collections.unmodifiableList(out);
        }
    }

    /** An object, its keys in the order written. */
    record Obj(Map<String, JsonValue> fields) implements JsonValue {
        public Obj {
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        @Override
        public Object plain() {
            Map<String, Object> out = new LinkedHashMap<>();
            fields.forEach((k, v) -> out.put(k, v.plain()));
            return Collections.unmodifiableMap(out);
        }
    }
}
