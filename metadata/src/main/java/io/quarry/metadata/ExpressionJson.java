package io.quarry.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ShortNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads and writes JSON values and boolean expressions ({@link JsonValue}, {@link BoolExpr}) in Hasura's format. */
final class ExpressionJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ExpressionJson() {
    }

    static JsonValue readValue(JsonNode json) {
        if (json == null || json.isNull() || json.isMissingNode()) {
            return JsonValue.NULL;
        }
        if (json.isBoolean()) {
            return new JsonValue.Bool(json.booleanValue());
        }
        if (json.isNumber()) {
            return new JsonValue.Num(json.numberValue());
        }
        if (json.isTextual()) {
            return new JsonValue.Str(json.textValue());
        }
        if (json.isArray()) {
            List<JsonValue> items = new ArrayList<>();
            json.forEach(i -> items.add(readValue(i)));
            return new JsonValue.Arr(items);
        }
        if (json.isObject()) {
            Map<String, JsonValue> fields = new LinkedHashMap<>();
            json.fields().forEachRemaining(e -> fields.put(e.getKey(), readValue(e.getValue())));
            return new JsonValue.Obj(fields);
        }
        throw new MetadataException("$", "a value of type " + MetadataJson.describe(json) + " is not JSON");
    }

    static JsonNode writeValue(JsonValue value) {
        if (value instanceof JsonValue.Null) {
            return NODES.nullNode();
        }
        if (value instanceof JsonValue.Bool b) {
            return NODES.booleanNode(b.value());
        }
        if (value instanceof JsonValue.Num n) {
            return number(n.value());
        }
        if (value instanceof JsonValue.Str s) {
            return NODES.textNode(s.value());
        }
        if (value instanceof JsonValue.Arr a) {
            ArrayNode array = NODES.arrayNode();
            a.items().forEach(i -> array.add(writeValue(i)));
            return array;
        }
        if (value instanceof JsonValue.Obj o) {
            ObjectNode object = NODES.objectNode();
            o.fields().forEach((k, v) -> object.set(k, writeValue(v)));
            return object;
        }
        throw new AssertionError(value);
    }

    /** The node Jackson reads for the number, so that a value read and written compares equal to the original. */
    private static JsonNode number(Number n) {
        if (n instanceof Integer i) {
            return IntNode.valueOf(i);
        }
        if (n instanceof Long l) {
            return LongNode.valueOf(l);
        }
        if (n instanceof Short s) {
            return ShortNode.valueOf(s);
        }
        if (n instanceof BigInteger b) {
            return BigIntegerNode.valueOf(b);
        }
        if (n instanceof Float f) {
            return FloatNode.valueOf(f);
        }
        if (n instanceof BigDecimal d) {
            return DecimalNode.valueOf(d);
        }
        return DoubleNode.valueOf(n.doubleValue());
    }

    /** A boolean expression: an object whose keys are taken together. */
    static BoolExpr readExp(JsonNode json, String path) {
        ObjectNode object = MetadataJson.object(json, path);
        List<BoolExpr> items = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            items.add(readKey(e.getKey(), e.getValue(), path + "." + e.getKey()));
        }
        return items.size() == 1 ? items.get(0) : new BoolExpr.And(items, Optional.empty());
    }

    private static BoolExpr readKey(String key, JsonNode value, String path) {
        if (value == null || value.isNull()) {
            // A null operand leaves the expression unconstrained; it is kept to be written back.
            return new BoolExpr.Field(key, new BoolExpr.Compare("_eq", new BoolExpr.Operand.Literal(JsonValue.NULL), true));
        }
        return switch (BoolExpr.canonical(key)) {
            case "_and" -> new BoolExpr.And(list(value, path), Optional.of(key));
            case "_or" -> new BoolExpr.Or(list(value, path), key);
            case "_not" -> new BoolExpr.Not(readExp(value, path), key);
            case "_exists" -> {
                ObjectNode exists = MetadataJson.object(value, path);
                JsonNode where = exists.get("_where");
                yield new BoolExpr.Exists(MetadataJson.readTable(exists.get("_table"), path + "._table"),
                        where == null || where.isNull() ? BoolExpr.TRUE : readExp(where, path + "._where"), key);
            }
            default -> new BoolExpr.Field(key, readPredicate(value, path));
        };
    }

    private static List<BoolExpr> list(JsonNode value, String path) {
        if (value.isObject()) {
            return List.of(readExp(value, path)); // One expression stands for a list of one, as the engine reads it.
        }
        List<BoolExpr> items = new ArrayList<>();
        for (int i = 0; i < MetadataJson.array(value, path).size(); i++) {
            items.add(readExp(value.get(i), path + "[" + i + "]"));
        }
        return items;
    }

    /** What a field must satisfy: operators, a nested expression, or a bare value ({@code _eq}). */
    private static BoolExpr readPredicate(JsonNode value, String path) {
        if (!value.isObject()) {
            return new BoolExpr.Compare("_eq", operand("_eq", value, path), true);
        }
        if (value.isEmpty()) {
            return BoolExpr.TRUE;
        }
        for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
            if (!BoolExpr.OPERATORS.contains(BoolExpr.canonical(names.next()))) {
                return readExp(value, path);
            }
        }
        List<BoolExpr> compares = new ArrayList<>();
        value.fields().forEachRemaining(e -> compares.add(new BoolExpr.Compare(e.getKey(),
                operand(BoolExpr.canonical(e.getKey()), e.getValue(), path + "." + e.getKey()), false)));
        return compares.size() == 1 ? compares.get(0) : new BoolExpr.And(compares, Optional.empty());
    }

    private static BoolExpr.Operand operand(String op, JsonNode value, String path) {
        if (BoolExpr.COLUMN_OPERATORS.contains(op)) {
            if (value.isTextual()) {
                return new BoolExpr.Operand.ColumnRef(List.of(value.textValue()), true);
            }
            if (value.isArray() && !value.isEmpty()) {
                List<String> names = new ArrayList<>();
                value.forEach(n -> names.add(n.isTextual() ? n.textValue() : null));
                if (!names.contains(null)) {
                    return new BoolExpr.Operand.ColumnRef(names, false);
                }
            }
        }
        if (op.equals("_cast") && value.isObject()) {
            Map<String, BoolExpr> casts = new LinkedHashMap<>();
            value.fields().forEachRemaining(e -> casts.put(e.getKey(),
                    readPredicate(e.getValue(), path + "." + e.getKey())));
            return new BoolExpr.Operand.Cast(casts);
        }
        if (value.isTextual() && BoolExpr.Operand.SessionVariable.is(value.textValue())) {
            return new BoolExpr.Operand.SessionVariable(value.textValue());
        }
        return new BoolExpr.Operand.Literal(readValue(value));
    }

    static ObjectNode writeExp(BoolExpr exp) {
        ObjectNode node = NODES.objectNode();
        if (exp instanceof BoolExpr.And and && and.key().isEmpty()) {
            and.items().forEach(i -> node.setAll(writeExp(i)));
        } else if (exp instanceof BoolExpr.And and) {
            ArrayNode items = node.putArray(and.key().get());
            and.items().forEach(i -> items.add(writeExp(i)));
        } else if (exp instanceof BoolExpr.Or or) {
            ArrayNode items = node.putArray(or.key());
            or.items().forEach(i -> items.add(writeExp(i)));
        } else if (exp instanceof BoolExpr.Not not) {
            node.set(not.key(), writeExp(not.item()));
        } else if (exp instanceof BoolExpr.Exists exists) {
            ObjectNode body = node.putObject(exists.key());
            body.set("_table", MetadataJson.writeTable(exists.table()));
            body.set("_where", writeExp(exists.where()));
        } else if (exp instanceof BoolExpr.Field field) {
            node.set(field.name(), writePredicate(field.predicate()));
        } else if (exp instanceof BoolExpr.Compare compare) {
            node.set(compare.bare() ? "_eq" : compare.operator(), writeOperand(compare.operand()));
        } else {
            throw new AssertionError(exp);
        }
        return node;
    }

    private static JsonNode writePredicate(BoolExpr predicate) {
        return predicate instanceof BoolExpr.Compare c && c.bare() ? writeOperand(c.operand()) : writeExp(predicate);
    }

    static JsonNode writeOperand(BoolExpr.Operand operand) {
        if (operand instanceof BoolExpr.Operand.Literal literal) {
            return writeValue(literal.value());
        }
        if (operand instanceof BoolExpr.Operand.SessionVariable variable) {
            return NODES.textNode(variable.name());
        }
        if (operand instanceof BoolExpr.Operand.ColumnRef ref) {
            if (ref.bare()) {
                return NODES.textNode(ref.path().get(0));
            }
            ArrayNode path = NODES.arrayNode();
            ref.path().forEach(path::add);
            return path;
        }
        if (operand instanceof BoolExpr.Operand.Cast cast) {
            ObjectNode casts = NODES.objectNode();
            cast.casts().forEach((type, predicate) -> casts.set(type, writePredicate(predicate)));
            return casts;
        }
        throw new AssertionError(operand);
    }

    /** A preset or a bare value: a string naming a session variable is that variable. */
    static BoolExpr.Operand readPreset(JsonNode value) {
        return value.isTextual() && BoolExpr.Operand.SessionVariable.is(value.textValue())
                ? new BoolExpr.Operand.SessionVariable(value.textValue())
                : new BoolExpr.Operand.Literal(readValue(value));
    }
}
