package io.quarry.engine.plan;

import io.quarry.engine.error.ApiError;
import io.quarry.engine.introspect.PgFunction;
import io.quarry.engine.model.ComputedFieldInfo;
import io.quarry.engine.model.FunctionInfo;
import io.quarry.engine.model.RelationshipInfo;
import io.quarry.engine.model.SelectPermission;
import io.quarry.engine.model.TableInfo;
import io.quarry.engine.request.FieldNode;
import io.quarry.engine.schema.RoleSchema;
import io.quarry.engine.schema.RootFieldInfo;
import io.quarry.metadata.Relationship;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;

/** Turns the fields of a validated query into the IR, reading what each field means from the {@link RoleSchema}. */
public final class Planner {
    private final RoleSchema schema;
    private final Redactions redactions;

    private Planner(RoleSchema schema) {
        this.schema = schema;
        this.redactions = new Redactions(schema);
    }

    /** The outputs of a query operation's root fields, in response order. */
    public static List<Output> query(RoleSchema schema, List<FieldNode> roots) {
        return query(schema, roots, Map.of());
    }

    /** As {@link #query(RoleSchema, List)}, with the JSON of root fields already answered (introspection). */
    public static List<Output> query(RoleSchema schema, List<FieldNode> roots, Map<String, String> answered) {
        Planner planner = new Planner(schema);
        List<Output> outputs = new ArrayList<>(roots.size());
        for (FieldNode root : roots) {
            String json = answered.get(root.key());
            outputs.add(new Output(root.key(), json != null ? new Field.Json(json) : planner.rootField(root)));
        }
        return outputs;
    }

    /** A planner for the reads of a mutation's returned rows. */
    static Planner forSchema(RoleSchema schema) {
        return new Planner(schema);
    }

    /**
     * The rows a mutation function returns for {@code node}, as the role may read them: its select permission's
     * filter and limit apply, as to a query function's rows.
     */
    TableSelect functionRows(RootFieldInfo info, FieldNode node) {
        FunctionInfo function = info.function().orElseThrow();
        return select(info.table(), node, outputs(info.table(), node), functionCall(function, node, info.table()));
    }

    private FunctionCall functionCall(FunctionInfo function, FieldNode node, TableInfo table) {
        return call(function.function(), function.argumentNames(), node, -1, function.sessionArgument(), table);
    }

    /** The outputs of a row of {@code table} for the selection of {@code node}. */
    List<Output> rowOutputs(TableInfo table, FieldNode node) {
        return outputs(table, node);
    }

    private Field rootField(FieldNode node) {
        if ("__typename".equals(node.name())) {
            return new Field.Typename(node.parentType());
        }
        RootFieldInfo info = schema.rootField(node.name())
                .orElseThrow(() -> notFound(node));
        if (info.function().isPresent()) {
            FunctionInfo function = info.function().get();
            FunctionCall call = functionCall(function, node, info.table());
            return info.kind() == RootFieldInfo.Kind.SELECT_AGGREGATE
                    ? new Field.Aggregate(select(info.table(), node, aggregateOutputs(info.table(), node), call), List.of())
                    : new Field.Rows(select(info.table(), node, outputs(info.table(), node), call), List.of());
        }
        return switch (info.kind()) {
            case SELECT, SELECT_STREAM -> new Field.Rows(select(info.table(), node, outputs(info.table(), node)),
                    List.of());
            case SELECT_BY_PK -> new Field.Row(selectByPk(info.table(), node), List.of());
            case SELECT_AGGREGATE -> new Field.Aggregate(
                    select(info.table(), node, aggregateOutputs(info.table(), node)), List.of());
            default -> throw notFound(node);
        };
    }

    private TableSelect select(TableInfo table, FieldNode node, List<Output> outputs) {
        return select(table, node, outputs, null);
    }

    /** A select of {@code table}'s rows, or of the rows {@code source} returns when it is not null. */
    private TableSelect select(TableInfo table, FieldNode node, List<Output> outputs, FunctionCall source) {
        Map<String, Object> args = node.arguments();
        BoolExp where = args.get("where") instanceof Map<?, ?> w
                ? Filters.boolExp(schema, table, w, node.path() + ".args.where") : BoolExp.TRUE;
        List<OrderBy> orderBy = orderBy(table, args.get("order_by"));
        List<String> distinctColumns = columns(table, args.get("distinct_on"));
        // Postgres needs the DISTINCT ON columns to lead the ORDER BY; Hasura says so before asking.
        if (!distinctColumns.isEmpty() && !orderBy.isEmpty() && (orderBy.size() < distinctColumns.size()
                || !new java.util.HashSet<>(distinctColumns).equals(new java.util.HashSet<>(orderBy
                        .subList(0, distinctColumns.size()).stream().map(o -> o.column().orElse("")).toList())))) {
            throw ApiError.validation(node.path() + ".args",
                    "\"distinct_on\" columns must match initial \"order_by\" columns");
        }
        List<OrderKey> distinctOn = distinctColumns.stream()
                .map(c -> redactions.key(table, c, new OrderKey.Column(c))).toList();
        OptionalLong limit = count(args.get("limit"), node.path() + ".args.limit");
        // A permission's row limit caps the rows returned, not what aggregates count (as Hasura does).
        boolean aggregate = outputs.stream().anyMatch(o -> o.field() instanceof Field.Aggregates
                || o.field() instanceof Field.Nodes);
        OptionalLong allowed = schema.permission(table.name()).map(SelectPermission::limit).orElse(OptionalLong.empty());
        if (!aggregate && allowed.isPresent() && (limit.isEmpty() || limit.getAsLong() > allowed.getAsLong())) {
            limit = allowed;
        }
        return new TableSelect(table, permitted(table, where), distinctOn, orderBy, limit,
                count(args.get("offset"), node.path() + ".args.offset"), outputs, Optional.ofNullable(source),
                aggregate ? allowed : OptionalLong.empty());
    }

    /** {@code where} narrowed to the rows the role may read. */
    private BoolExp permitted(TableInfo table, BoolExp where) {
        BoolExp allowed = Filters.permissionFilter(schema, table);
        if (allowed instanceof BoolExp.And and && and.operands().isEmpty()) {
            return where;
        }
        if (where instanceof BoolExp.And and && and.operands().isEmpty()) {
            return allowed;
        }
        return new BoolExp.And(List.of(allowed, where));
    }

    /**
     * The call of a function for a field: values from the field's {@code args} for the arguments GraphQL names,
     * the row for {@code rowArgument}, the session for {@code sessionArgument}.
     */
    private FunctionCall call(PgFunction function, List<String> names, FieldNode node, int rowArgument,
            Optional<Integer> sessionArgument, TableInfo rowTable) {
        Map<?, ?> given = node.arguments().get("args") instanceof Map<?, ?> m ? m : Map.of();
        List<FunctionCall.Argument> arguments = new ArrayList<>();
        for (int i = 0; i < function.arguments().size(); i++) {
            PgFunction.Argument argument = function.arguments().get(i);
            Optional<String> name = argument.name();
            if (i == rowArgument) {
                arguments.add(new FunctionCall.Argument.Row(name, rowTable));
            } else if (sessionArgument.isPresent() && sessionArgument.get() == i) {
                arguments.add(new FunctionCall.Argument.Session(name));
            } else if (given.get(names.get(i)) != null) {
                arguments.add(new FunctionCall.Argument.Value(name, ParamText.of(given.get(names.get(i))),
                        argument.type()));
            } else if (!function.hasDefault(i)) {
                throw ApiError.validation(node.path() + ".args.args",
                        "missing argument \"" + names.get(i) + "\" of function \"" + function.name().name() + "\"");
            }
        }
        return new FunctionCall(function.name(), arguments);
    }

    /** The outputs of a {@code <table>_aggregate} selection: {@code aggregate}, {@code nodes}, {@code __typename}. */
    private List<Output> aggregateOutputs(TableInfo table, FieldNode node) {
        List<Output> outputs = new ArrayList<>();
        for (FieldNode child : node.children()) {
            Field field = switch (child.name()) {
                case "__typename" -> new Field.Typename(child.parentType());
                case "nodes" -> new Field.Nodes(outputs(table, child));
                case "aggregate" -> new Field.Aggregates(aggregates(table, child));
                default -> throw notFound(child);
            };
            outputs.add(new Output(child.key(), field));
        }
        return outputs;
    }

    private List<Output> aggregates(TableInfo table, FieldNode node) {
        List<Output> outputs = new ArrayList<>();
        for (FieldNode child : node.children()) {
            Field field;
            if ("__typename".equals(child.name())) {
                field = new Field.Typename(child.parentType());
            } else if ("count".equals(child.name())) {
                field = new Field.Count(columns(table, child.arguments().get("columns")).stream()
                        .map(c -> redactions.column(table, c)).toList(),
                        Boolean.TRUE.equals(child.arguments().get("distinct")));
            } else {
                List<Output> columns = new ArrayList<>();
                for (FieldNode c : child.children()) {
                    columns.add(new Output(c.key(), "__typename".equals(c.name()) ? new Field.Typename(c.parentType())
                            : aggregated(table, c)));
                }
                field = new Field.Function(child.name(), columns);
            }
            outputs.add(new Output(child.key(), field));
        }
        return outputs;
    }

    /** A column an aggregate function reads, as the role sees it. */
    private Field aggregated(TableInfo table, FieldNode node) {
        var column = table.columnByField(node.name()).orElseThrow(() -> notFound(node));
        return redactions.field(table, column.name(), new Field.Column(column.name(), column.type()));
    }

    /** Column names from a list of {@code <table>_select_column} values. */
    private static List<String> columns(TableInfo table, Object value) {
        if (value == null) {
            return List.of();
        }
        List<?> items = value instanceof List<?> l ? l : List.of(value);
        return items.stream().map(v -> table.columnByField(v.toString()).orElseThrow().name()).toList();
    }

    private TableSelect selectByPk(TableInfo table, FieldNode node) {
        return new TableSelect(table, permitted(table, Filters.primaryKey(table, node.arguments())), List.of(), List.of(),
                OptionalLong.empty(), OptionalLong.empty(), outputs(table, node), Optional.empty(), OptionalLong.empty());
    }

    private List<Output> outputs(TableInfo table, FieldNode node) {
        List<Output> outputs = new ArrayList<>(node.children().size());
        for (FieldNode child : node.children()) {
            String name = table.columnByField(child.name()).map(c -> c.name()).orElse(child.name());
            outputs.add(new Output(child.key(), redactions.field(table, name, field(table, child))));
        }
        return outputs;
    }

    private Field field(TableInfo table, FieldNode node) {
        if ("__typename".equals(node.name())) {
            return new Field.Typename(node.parentType());
        }
        var column = table.columnByField(node.name());
        if (column.isPresent() && node.arguments().get("path") instanceof String path) {
            try {
                return new Field.JsonColumn(column.get().name(), JsonPath.parse(path));
            } catch (IllegalArgumentException e) {
                throw ApiError.validation(node.path() + ".args.path", e.getMessage());
            }
        }
        if (column.isPresent()) {
            return new Field.Column(column.get().name(), column.get().type());
        }
        var computed = table.computedField(node.name());
        if (computed.isPresent()) {
            ComputedFieldInfo c = computed.get();
            FunctionCall call = call(c.function(), c.argumentNames(), node, c.tableArgument(), c.sessionArgument(),
                    table);
            if (c.isScalar()) {
                return new Field.Computed(call, c.function().returnType());
            }
            TableInfo target = schema.tablesByName().get(c.returnTable().orElseThrow());
            return new Field.Rows(select(target, node, outputs(target, node), call), List.of());
        }
        var relationship = table.relationship(node.name());
        if (relationship.isEmpty() && node.name().endsWith("_aggregate")) {
            String name = node.name().substring(0, node.name().length() - "_aggregate".length());
            RelationshipInfo rel = table.relationship(name).filter(r -> r.kind() == Relationship.Kind.ARRAY)
                    .orElseThrow(() -> notFound(node));
            TableInfo target = schema.target(rel).orElseThrow(() -> notFound(node));
            return new Field.Aggregate(select(target, node, aggregateOutputs(target, node)), joins(rel));
        }
        RelationshipInfo rel = relationship.orElseThrow(() -> notFound(node));
        TableInfo target = schema.target(rel).orElseThrow(() -> notFound(node));
        List<Join> join = joins(rel);
        if (rel.kind() == Relationship.Kind.OBJECT) {
            return new Field.Row(new TableSelect(target, permitted(target, BoolExp.TRUE), List.of(), List.of(),
                    OptionalLong.empty(), OptionalLong.empty(), outputs(target, node), Optional.empty(),
                    OptionalLong.empty()), join);
        }
        return new Field.Rows(select(target, node, outputs(target, node)), join);
    }

    /** The call of a computed field that takes no arguments but the row (and the session). */
    static FunctionCall rowCall(ComputedFieldInfo field, TableInfo table) {
        List<FunctionCall.Argument> arguments = new ArrayList<>();
        for (int i = 0; i < field.function().arguments().size(); i++) {
            var name = field.function().arguments().get(i).name();
            if (i == field.tableArgument()) {
                arguments.add(new FunctionCall.Argument.Row(name, table));
            } else if (field.sessionArgument().isPresent() && field.sessionArgument().get() == i) {
                arguments.add(new FunctionCall.Argument.Session(name));
            }
        }
        return new FunctionCall(field.function().name(), arguments);
    }

    static List<Join> joins(RelationshipInfo rel) {
        return rel.mapping().stream().map(p -> new Join(p.column(), p.targetColumn())).toList();
    }

    private List<OrderBy> orderBy(TableInfo table, Object value) {
        if (value == null) {
            return List.of();
        }
        List<?> items = value instanceof List<?> l ? l : List.of(value);
        List<OrderBy> keys = new ArrayList<>();
        for (Object item : items) {
            if (item instanceof Map<?, ?> m) {
                orderKeys(table, m, k -> k, keys);
            }
        }
        return keys;
    }

    /** Collects the keys of one {@code <table>_order_by} object; {@code wrap} places them under the path so far. */
    private void orderKeys(TableInfo table, Map<?, ?> input, UnaryOperator<OrderKey> wrap, List<OrderBy> into) {
        input.forEach((name, value) -> {
            if (value == null) {
                return;
            }
            String field = (String) name;
            var column = table.columnByField(field);
            if (column.isPresent()) {
                String col = column.get().name();
                into.add(OrderBy.of(wrap.apply(redactions.key(table, col, new OrderKey.Column(col))),
                        value.toString()));
                return;
            }
            var object = table.relationship(field).filter(r -> r.kind() == Relationship.Kind.OBJECT);
            if (object.isPresent()) {
                TableInfo target = schema.target(object.get()).orElseThrow();
                List<Join> join = joins(object.get());
                BoolExp where = Filters.permissionFilter(schema, target);
                orderKeys(target, (Map<?, ?>) value, k -> wrap.apply(new OrderKey.Related(target, join, where, k)),
                        into);
                return;
            }
            var computed = table.computedField(field).filter(c -> c.isScalar() && !c.hasArguments());
            if (computed.isPresent()) {
                OrderKey key = redactions.key(table, field, new OrderKey.Computed(rowCall(computed.get(), table)));
                into.add(OrderBy.of(wrap.apply(key), value.toString()));
                return;
            }
            String base = field.substring(0, field.length() - "_aggregate".length());
            TableInfo target;
            List<Join> join = List.of();
            Optional<FunctionCall> source = Optional.empty();
            var tableField = table.computedField(base).filter(c -> !c.isScalar() && !c.hasArguments());
            if (tableField.isPresent()) {
                target = schema.tablesByName().get(tableField.get().returnTable().orElseThrow());
                source = Optional.of(rowCall(tableField.get(), table));
            } else {
                RelationshipInfo array = table.relationship(base).orElseThrow();
                target = schema.target(array).orElseThrow();
                join = joins(array);
            }
            aggregateKeys(target, join, source, (Map<?, ?>) value, wrap, into);
        });
    }

    /** Keys over the related rows the role may read, of their columns as the role sees them. */
    private void aggregateKeys(TableInfo target, List<Join> join, Optional<FunctionCall> source,
            Map<?, ?> value, UnaryOperator<OrderKey> wrap, List<OrderBy> into) {
        BoolExp where = Filters.permissionFilter(schema, target);
        value.forEach((function, spec) -> {
            if (spec == null) {
                return;
            }
            if ("count".equals(function)) {
                into.add(OrderBy.of(wrap.apply(new OrderKey.Aggregate(target, join, source, where, "count",
                        Optional.empty())), spec.toString()));
                return;
            }
            ((Map<?, ?>) spec).forEach((columnField, direction) -> {
                if (direction != null) {
                    String col = target.columnByField((String) columnField).orElseThrow().name();
                    into.add(OrderBy.of(wrap.apply(new OrderKey.Aggregate(target, join, source, where,
                            (String) function, Optional.of(redactions.column(target, col)))), direction.toString()));
                }
            });
        });
    }

    /** A {@code limit} or {@code offset}: absent, or a non-negative number. */
    static OptionalLong count(Object value, String path) {
        if (value == null) {
            return OptionalLong.empty();
        }
        long n = ((Number) value).longValue();
        if (n < 0) {
            throw ApiError.validation(path,
                    "expected a non-negative 32-bit integer for type \"Int\", but found an integer");
        }
        return OptionalLong.of(n);
    }

    private static ApiError notFound(FieldNode node) {
        return ApiError.validation(node.path(),
                "field '" + node.name() + "' not found in type: '" + node.parentType() + "'");
    }
}
