package io.quarry.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads and writes table permissions ({@link Permission}, {@link PermissionRule}) in Hasura's format. Keys are
 * written in the order they were read; keys a rule was not read with follow in Hasura's order, left out when they
 * hold their default (no {@code limit}, {@code allow_aggregations: false}, ...), as Hasura exports them.
 */
final class PermissionJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PermissionJson() {
    }

    static TablePermissions readTablePermissions(ObjectNode entry, String path) {
        TablePermissions permissions = TablePermissions.NONE;
        for (String kind : TablePermissions.KINDS) {
            String key = kind + "_permissions";
            JsonNode items = entry.get(key);
            if (items != null && !items.isNull()) {
                ArrayNode array = MetadataJson.array(items, path + "." + key);
                for (int i = 0; i < array.size(); i++) {
                    permissions = permissions.with(readPermission(kind, array.get(i), path + "." + key + "[" + i + "]"));
                }
            }
        }
        return permissions;
    }

    static void writeTablePermissions(ObjectNode node, TablePermissions permissions) {
        for (String kind : TablePermissions.KINDS) {
            List<Permission<? extends PermissionRule>> list = permissions.of(kind);
            if (!list.isEmpty()) {
                ArrayNode array = node.putArray(kind + "_permissions");
                list.forEach(p -> array.add(writePermission(p)));
            }
        }
    }

    /** An entry of {@code <kind>_permissions}: {@code {role, permission, comment}}. */
    static Permission<? extends PermissionRule> readPermission(String kind, JsonNode json, String path) {
        ObjectNode entry = MetadataJson.object(json, path);
        String role = MetadataJson.text(entry.get("role"), path + ".role");
        JsonNode comment = entry.get("comment");
        if (comment != null && !comment.isNull() && !comment.isTextual()) {
            throw new MetadataException(path + ".comment", "expected a string, but found " + MetadataJson.describe(comment));
        }
        List<String> keys = new ArrayList<>();
        // Hasura ignores other keys of the entry, and so leaves them out of its export.
        entry.fieldNames().forEachRemaining(k -> {
            if (Set.of("role", "permission", "comment").contains(k)) {
                keys.add(k);
            }
        });
        PermissionRule rule = readRule(kind, entry.get("permission"), path + ".permission");
        return new Permission<>(role, rule, comment == null || comment.isNull() ? Optional.empty()
                : Optional.of(comment.textValue()), keys);
    }

    static ObjectNode writePermission(Permission<? extends PermissionRule> permission) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        values.put("role", NODES.textNode(permission.role()));
        values.put("permission", writeRule(permission.rule()));
        values.put("comment", permission.comment().<JsonNode>map(NODES::textNode).orElse(null));
        return OrderedKeys.write(permission.keys(), values, Set.of(), Map.of());
    }

    static PermissionRule readRule(String kind, JsonNode json, String path) {
        ObjectNode rule = MetadataJson.object(json, path);
        List<String> keys = new ArrayList<>();
        rule.fieldNames().forEachRemaining(keys::add);
        Map<String, JsonValue> other = new LinkedHashMap<>();
        Set<String> known = switch (kind) {
            case "select" -> Set.of("columns", "computed_fields", "filter", "limit", "allow_aggregations",
                    "query_root_fields", "subscription_root_fields");
            case "insert" -> Set.of("check", "set", "columns", "backend_only");
            case "update" -> Set.of("columns", "filter", "check", "set", "backend_only");
            case "delete" -> Set.of("filter", "backend_only");
            default -> throw new IllegalArgumentException("no permissions of kind " + kind);
        };
        rule.fields().forEachRemaining(e -> {
            if (!known.contains(e.getKey())) {
                other.put(e.getKey(), ExpressionJson.readValue(e.getValue()));
            }
        });
        Optional<Columns> columns = columns(rule.get("columns"), path + ".columns");
        boolean backendOnly = bool(rule.get("backend_only"), path + ".backend_only");
        return switch (kind) {
            case "select" -> new PermissionRule.Select(columns, names(rule.get("computed_fields"),
                    path + ".computed_fields").orElse(List.of()), exp(rule.get("filter"), path + ".filter"),
                    limit(rule.get("limit"), path + ".limit"), bool(rule.get("allow_aggregations"),
                    path + ".allow_aggregations"), names(rule.get("query_root_fields"), path + ".query_root_fields"),
                    names(rule.get("subscription_root_fields"), path + ".subscription_root_fields"), other, keys);
            case "insert" -> new PermissionRule.Insert(exp(rule.get("check"), path + ".check"),
                    set(rule.get("set"), path + ".set"), columns, backendOnly, other, keys);
            case "update" -> new PermissionRule.Update(columns, exp(rule.get("filter"), path + ".filter"),
                    exp(rule.get("check"), path + ".check"), set(rule.get("set"), path + ".set"), backendOnly, other,
                    keys);
            default -> new PermissionRule.Delete(exp(rule.get("filter"), path + ".filter"), backendOnly, other, keys);
        };
    }

    static ObjectNode writeRule(PermissionRule rule) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        Set<String> defaults = new java.util.HashSet<>();
        if (rule instanceof PermissionRule.Select s) {
            values.put("columns", s.columns().map(PermissionJson::writeColumns).orElse(null));
            values.put("computed_fields", strings(s.computedFields()));
            if (s.computedFields().isEmpty()) {
                defaults.add("computed_fields");
            }
            values.put("filter", s.filter().<JsonNode>map(ExpressionJson::writeExp).orElse(null));
            values.put("limit", s.limit().isPresent() ? NODES.numberNode(s.limit().getAsInt()) : null);
            values.put("allow_aggregations", NODES.booleanNode(s.allowAggregations()));
            if (!s.allowAggregations()) {
                defaults.add("allow_aggregations");
            }
            values.put("query_root_fields", s.queryRootFields().map(PermissionJson::strings).orElse(null));
            values.put("subscription_root_fields", s.subscriptionRootFields().map(PermissionJson::strings).orElse(null));
        } else if (rule instanceof PermissionRule.Insert i) {
            values.put("check", i.check().<JsonNode>map(ExpressionJson::writeExp).orElse(null));
            values.put("set", set(i.set(), defaults));
            values.put("columns", i.columns().map(PermissionJson::writeColumns).orElse(null));
            backendOnly(values, defaults, i.backendOnly());
        } else if (rule instanceof PermissionRule.Update u) {
            values.put("columns", u.columns().map(PermissionJson::writeColumns).orElse(null));
            values.put("filter", u.filter().<JsonNode>map(ExpressionJson::writeExp).orElse(null));
            values.put("check", u.check().<JsonNode>map(ExpressionJson::writeExp).orElse(null));
            values.put("set", set(u.set(), defaults));
            backendOnly(values, defaults, u.backendOnly());
        } else if (rule instanceof PermissionRule.Delete d) {
            values.put("filter", d.filter().<JsonNode>map(ExpressionJson::writeExp).orElse(null));
            backendOnly(values, defaults, d.backendOnly());
        } else {
            throw new AssertionError(rule);
        }
        return OrderedKeys.write(rule.keys(), values, defaults, rule.other());
    }

    private static void backendOnly(Map<String, JsonNode> values, Set<String> defaults, boolean backendOnly) {
        values.put("backend_only", NODES.booleanNode(backendOnly));
        if (!backendOnly) {
            defaults.add("backend_only");
        }
    }

    private static Optional<Columns> columns(JsonNode json, String path) {
        if (json == null || json.isNull()) {
            return Optional.empty();
        }
        if (json.isTextual() && json.textValue().equals("*")) {
            return Optional.of(Columns.ALL);
        }
        if (!json.isArray()) {
            throw new MetadataException(path, "expected \"*\" or a list of columns, but found "
                    + MetadataJson.describe(json));
        }
        return Optional.of(Columns.of(MetadataJson.strings(json, path)));
    }

    private static JsonNode writeColumns(Columns columns) {
        return columns.all() ? NODES.textNode("*") : strings(columns.names());
    }

    private static ArrayNode strings(List<String> names) {
        ArrayNode array = NODES.arrayNode();
        names.forEach(array::add);
        return array;
    }

    private static Optional<List<String>> names(JsonNode json, String path) {
        return json == null || json.isNull() ? Optional.empty() : Optional.of(MetadataJson.strings(json, path));
    }

    private static Optional<BoolExpr> exp(JsonNode json, String path) {
        return json == null || json.isNull() ? Optional.empty() : Optional.of(ExpressionJson.readExp(json, path));
    }

    private static OptionalInt limit(JsonNode json, String path) {
        if (json == null || json.isNull()) {
            return OptionalInt.empty();
        }
        // As Hasura reads an Int: any whole number that fits, 10.0 included (it exports 10).
        if (!json.isNumber() || !json.canConvertToInt() || json.decimalValue().stripTrailingZeros().scale() > 0) {
            throw new MetadataException(path, "expected an integer, but found " + MetadataJson.describe(json));
        }
        return OptionalInt.of(json.intValue());
    }

    private static boolean bool(JsonNode json, String path) {
        if (json == null || json.isNull()) {
            return false;
        }
        if (!json.isBoolean()) {
            throw new MetadataException(path, "expected a boolean, but found " + MetadataJson.describe(json));
        }
        return json.booleanValue();
    }

    private static Map<String, BoolExpr.Operand> set(JsonNode json, String path) {
        Map<String, BoolExpr.Operand> set = new LinkedHashMap<>();
        if (json == null || json.isNull()) {
            return set;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = MetadataJson.object(json, path).fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            set.put(e.getKey(), ExpressionJson.readPreset(e.getValue()));
        }
        return set;
    }

    private static JsonNode set(Map<String, BoolExpr.Operand> set, Set<String> defaults) {
        if (set.isEmpty()) {
            defaults.add("set");
        }
        ObjectNode node = NODES.objectNode();
        set.forEach((column, value) -> node.set(column, ExpressionJson.writeOperand(value)));
        return node;
    }
}
