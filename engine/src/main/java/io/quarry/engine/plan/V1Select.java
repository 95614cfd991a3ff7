package io.quarry.engine.plan;

import io.quarry.engine.error.ApiError;
import io.quarry.engine.error.ErrorCode;
import io.quarry.engine.model.RelationshipInfo;
import io.quarry.engine.model.TableInfo;
import io.quarry.engine.schema.RoleSchema;
import io.quarry.metadata.Relationship;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The v1 {@code select} command of {@code /v1/query}: {@code {table, columns, where, order_by, limit, offset}}, where
 * {@code columns} lists column names, {@code "*"}, or relationships as {@code {name, columns, where, order_by, limit,
 * offset}}, and {@code order_by} is {@code ["+col", "-rel.col"]} or {@code [{column, type, nulls}]}.
 */
public final class V1Select {
    private final RoleSchema schema;

    private V1Select(RoleSchema schema) {
        this.schema = schema;
    }

    /**
     * The rows of {@code table} the arguments ask for (a JSON object, as read from the request). Hasura decodes a
     * command's JSON before it checks it, so a value of the wrong kind ({@code "$is_null": "yes"}) is
     * {@code parse-failed}.
     */
    public static TableSelect plan(RoleSchema schema, TableInfo table, Map<?, ?> args) {
        try {
            return new V1Select(schema).select(table, args, "$.args");
        } catch (ApiError e) {
            if (e.code() == ErrorCode.VALIDATION_FAILED && e.getMessage().startsWith("expected ")) {
                throw new ApiError(ErrorCode.PARSE_FAILED, e.path(), e.getMessage());
            }
            throw e;
        } catch (io.quarry.metadata.MetadataException e) {
            throw new ApiError(ErrorCode.PARSE_FAILED, e.path(), e.getMessage());
        } catch (ClassCastException | NullPointerException e) {
            throw new ApiError(ErrorCode.PARSE_FAILED, "$.args", "the select command's arguments are malformed");
        }
    }

    private TableSelect select(TableInfo table, Map<?, ?> args, String path) {
        BoolExp where = args.get("where") instanceof Map<?, ?> w && !w.isEmpty()
                ? Filters.permissionStyle(schema, table, w, path + ".where") : BoolExp.TRUE;
        return new TableSelect(table, where, List.of(), orderBy(table, args.get("order_by"), path + ".order_by"),
                count(args.get("limit"), path + ".limit"), count(args.get("offset"), path + ".offset"),
                outputs(table, args.get("columns"), path + ".columns"), Optional.empty(), OptionalLong.empty());
    }

    private List<Output> outputs(TableInfo table, Object columns, String path) {
        if (!(columns instanceof List<?> list)) {
            throw ApiError.validation(path, "expected an array of columns");
        }
        List<Output> outputs = new ArrayList<>();
        for (Object item : list) {
            if ("*".equals(item)) {
                table.columns().forEach(c -> outputs.add(new Output(c.name(), new Field.Column(c.name(), c.type()))));
            } else if (item instanceof String name) {
                var column = table.column(name).orElseThrow(() -> ApiError.validation(path,
                        "no such column exists: \"" + name + "\""));
                outputs.add(new Output(name, new Field.Column(column.name(), column.type())));
            } else if (item instanceof Map<?, ?> nested && nested.get("name") instanceof String name) {
                RelationshipInfo rel = table.relationship(name).orElseThrow(() -> ApiError.validation(path,
                        "no such relationship exists: \"" + name + "\""));
                TableInfo target = schema.target(rel).orElseThrow();
                TableSelect select = select(target, nested, path + "." + name);
                outputs.add(new Output(name, rel.kind() == Relationship.Kind.OBJECT
                        ? new Field.Row(select, Planner.joins(rel)) : new Field.Rows(select, Planner.joins(rel))));
            } else {
                throw ApiError.validation(path, "expected a column name or a relationship object");
            }
        }
        return outputs;
    }

    private List<OrderBy> orderBy(TableInfo table, Object value, String path) {
        if (value == null) {
            return List.of();
        }
        List<OrderBy> keys = new ArrayList<>();
        for (Object item : value instanceof List<?> l ? l : List.of(value)) {
            String column;
            boolean descending;
            String nulls;
            if (item instanceof String s) {
                descending = s.startsWith("-");
                column = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
                nulls = null;
            } else if (item instanceof Map<?, ?> m && m.get("column") instanceof String c) {
                column = c;
                descending = "desc".equals(m.get("type"));
                nulls = m.get("nulls") instanceof String n ? n : null;
            } else {
                throw ApiError.validation(path, "expected \"+column\", \"-column\" or {column, type, nulls}");
            }
            // Postgres's defaults: nulls sort as the largest values.
            boolean nullsFirst = nulls == null ? descending : nulls.equals("first");
            keys.add(new OrderBy(key(table, List.of(column.split("\\.")), path), descending, nullsFirst));
        }
        return keys;
    }

    /** A column, or a column reached through object relationships ({@code author.name}). */
    private OrderKey key(TableInfo table, List<String> steps, String path) {
        if (steps.size() == 1) {
            return new OrderKey.Column(table.column(steps.get(0)).orElseThrow(() -> ApiError.validation(path,
                    "no such column exists: \"" + steps.get(0) + "\"")).name());
        }
        RelationshipInfo rel = table.relationship(steps.get(0)).filter(r -> r.kind() == Relationship.Kind.OBJECT)
                .orElseThrow(() -> ApiError.validation(path, "no such object relationship exists: \""
                        + steps.get(0) + "\""));
        TableInfo target = schema.target(rel).orElseThrow();
        // An admin command: every related row may be read.
        return new OrderKey.Related(target, Planner.joins(rel), BoolExp.TRUE,
                key(target, steps.subList(1, steps.size()), path));
    }

    /** GraphQL has typed the counts of a query; a v1 command's JSON may hold anything. */
    private static OptionalLong count(Object value, String path) {
        if (value != null && !(value instanceof Number)) {
            throw ApiError.validation(path, "expected an integer");
        }
        return Planner.count(value, path);
    }
}
