package io.quarry.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.metadata.MetadataException;
import io.quarry.metadata.MetadataJson;
import io.quarry.metadata.QualifiedTable;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a permission against the tables it reads before the permission is served: its columns exist, and its
 * boolean expressions ({@code filter}, {@code check}) name only columns, relationships, computed fields and operators
 * that exist. A permission that fails is reported and left out, so a query never meets it half-resolved.
 */
final class PermissionCheck {
    /** The comparison operators of boolean expressions, as permissions spell them (with {@code _} or {@code $}). */
    private static final Set<String> OPERATORS = Set.of("_eq", "_neq", "_ne", "_gt", "_gte", "_lt", "_lte", "_in",
            "_nin", "_is_null", "_like", "_nlike", "_ilike", "_nilike", "_similar", "_nsimilar", "_regex", "_nregex",
            "_iregex", "_niregex", "_contains", "_contained_in", "_has_key", "_has_keys_any", "_has_keys_all",
            "_ceq", "_cne", "_cneq", "_cgt", "_cgte", "_clt", "_clte", "_st_contains", "_st_crosses", "_st_equals",
            "_st_intersects", "_st_overlaps", "_st_touches", "_st_within", "_st_d_within", "_cast");

    private final Map<QualifiedTable, TableInfo> tables;

    PermissionCheck(Map<QualifiedTable, TableInfo> tables) {
        this.tables = tables;
    }

    /** What is wrong with the {@code permission} object of a table's permission entry, if anything. */
    Optional<String> problem(TableInfo table, JsonNode permission) {
        if (permission == null || !permission.isObject()) {
            return Optional.of("the permission must be an object");
        }
        JsonNode columns = permission.get("columns");
        if (columns != null && columns.isArray()) {
            for (JsonNode column : columns) {
                if (table.column(column.asText()).isEmpty()) {
                    return Optional.of("\"" + column.asText() + "\" does not exist");
                }
            }
        }
        for (String key : new String[] {"filter", "check"}) {
            JsonNode exp = permission.get(key);
            if (exp != null && !exp.isNull()) {
                Optional<String> problem = expression(table, exp);
                if (problem.isPresent()) {
                    return problem;
                }
            }
        }
        return Optional.empty();
    }

    private Optional<String> expression(TableInfo table, JsonNode exp) {
        if (!exp.isObject()) {
            return Optional.of("a boolean expression must be an object");
        }
        var fields = exp.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            String key = spelled(field.getKey());
            JsonNode value = field.getValue();
            if (value.isNull()) {
                continue;
            }
            Optional<String> problem = switch (key) {
                case "_and", "_or" -> list(table, value);
                case "_not" -> expression(table, value);
                case "_exists" -> exists(value);
                default -> field(table, field.getKey(), value);
            };
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    private Optional<String> list(TableInfo table, JsonNode value) {
        if (!value.isArray()) {
            return expression(table, value);
        }
        for (JsonNode item : value) {
            Optional<String> problem = expression(table, item);
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    private Optional<String> exists(JsonNode value) {
        QualifiedTable name;
        try {
            name = MetadataJson.readTable(value.get("_table"), "$._table");
        } catch (MetadataException | NullPointerException e) {
            return Optional.of("_exists needs a \"_table\"");
        }
        TableInfo target = tables.get(name);
        if (target == null) {
            return Optional.of("table \"" + name + "\" is not tracked");
        }
        JsonNode where = value.get("_where");
        return where == null || where.isNull() ? Optional.empty() : expression(target, where);
    }

    private Optional<String> field(TableInfo table, String name, JsonNode value) {
        if (table.column(name).isPresent() || table.columnByField(name).isPresent()) {
            return value.isObject() ? operators(value) : Optional.empty();
        }
        Optional<ComputedFieldInfo> computed = table.computedField(name);
        if (computed.isPresent()) {
            Optional<QualifiedTable> returns = computed.get().returnTable();
            if (returns.isPresent() && tables.containsKey(returns.get())) {
                return expression(tables.get(returns.get()), value);
            }
            return value.isObject() ? operators(value) : Optional.empty();
        }
        Optional<RelationshipInfo> relationship = table.relationship(name);
        if (relationship.isEmpty() && name.endsWith("_aggregate")) {
            // An aggregate predicate over an array relationship: the relationship must exist.
            relationship = table.relationship(name.substring(0, name.length() - "_aggregate".length()));
            if (relationship.isPresent()) {
                return Optional.empty();
            }
        }
        if (relationship.isPresent()) {
            TableInfo target = tables.get(relationship.get().target());
            return target == null ? Optional.of("table \"" + relationship.get().target() + "\" is not tracked")
                    : expression(target, value);
        }
        return Optional.of("\"" + name + "\" does not exist");
    }

    private static Optional<String> operators(JsonNode ops) {
        var names = ops.fieldNames();
        while (names.hasNext()) {
            String op = names.next();
            if (!OPERATORS.contains(spelled(op))) {
                return Optional.of("Unknown operator: " + op);
            }
        }
        return Optional.empty();
    }

    /** Permissions may spell operators with {@code $} ({@code $eq}) as well as {@code _}. */
    private static String spelled(String key) {
        return key.startsWith("$") ? "_" + key.substring(1) : key;
    }
}
