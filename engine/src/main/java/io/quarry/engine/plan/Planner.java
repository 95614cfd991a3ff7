package io.quarry.engine.plan;

import io.quarry.engine.error.ApiError;
import io.quarry.engine.model.ColumnInfo;
import io.quarry.engine.model.RelationshipInfo;
import io.quarry.engine.model.TableInfo;
import io.quarry.engine.request.FieldNode;
import io.quarry.engine.schema.RoleSchema;
import io.quarry.engine.schema.RootFieldInfo;
import io.quarry.metadata.Relationship;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** Turns the fields of a validated query into the IR, reading what each field means from the {@link RoleSchema}. */
public final class Planner {
    private final RoleSchema schema;

    private Planner(RoleSchema schema) {
        this.schema = schema;
    }

    /** The outputs of a query operation's root fields, in response order. */
    public static List<Output> query(RoleSchema schema, List<FieldNode> roots) {
        Planner planner = new Planner(schema);
        List<Output> outputs = new ArrayList<>(roots.size());
        for (FieldNode root : roots) {
            outputs.add(new Output(root.key(), planner.rootField(root)));
        }
        return outputs;
    }

    private Field rootField(FieldNode node) {
        if ("__typename".equals(node.name())) {
            return new Field.Typename(node.parentType());
        }
        RootFieldInfo info = schema.rootField(node.name())
                .orElseThrow(() -> notFound(node));
        return switch (info.kind()) {
            case SELECT -> new Field.Rows(select(info.table(), node), List.of());
            case SELECT_BY_PK -> new Field.Row(selectByPk(info.table(), node), List.of());
        };
    }

    private TableSelect select(TableInfo table, FieldNode node) {
        Map<String, Object> args = node.arguments();
        BoolExp where = args.get("where") instanceof Map<?, ?> w
                ? Filters.boolExp(schema, table, w, node.path() + ".args.where") : BoolExp.TRUE;
        return new TableSelect(table, where, orderBy(table, args.get("order_by")),
                count(args.get("limit"), node.path() + ".args.limit"),
                count(args.get("offset"), node.path() + ".args.offset"), outputs(table, node));
    }

    private TableSelect selectByPk(TableInfo table, FieldNode node) {
        List<BoolExp> keys = new ArrayList<>();
        for (ColumnInfo column : table.primaryKey().orElseThrow()) {
            keys.add(new BoolExp.Compare(column.name(), column.type(), BoolExp.CompareOp.EQ,
                    Filters.text(node.arguments().get(column.field()))));
        }
        return new TableSelect(table, new BoolExp.And(keys), List.of(), OptionalLong.empty(), OptionalLong.empty(),
                outputs(table, node));
    }

    private List<Output> outputs(TableInfo table, FieldNode node) {
        List<Output> outputs = new ArrayList<>(node.children().size());
        for (FieldNode child : node.children()) {
            outputs.add(new Output(child.key(), field(table, child)));
        }
        return outputs;
    }

    private Field field(TableInfo table, FieldNode node) {
        if ("__typename".equals(node.name())) {
            return new Field.Typename(node.parentType());
        }
        var column = table.columnByField(node.name());
        if (column.isPresent()) {
            return new Field.Column(column.get().name(), column.get().type());
        }
        RelationshipInfo rel = table.relationship(node.name()).orElseThrow(() -> notFound(node));
        TableInfo target = schema.target(rel).orElseThrow(() -> notFound(node));
        List<Join> join = joins(rel);
        if (rel.kind() == Relationship.Kind.OBJECT) {
            return new Field.Row(new TableSelect(target, BoolExp.TRUE, List.of(), OptionalLong.empty(),
                    OptionalLong.empty(), outputs(target, node)), join);
        }
        return new Field.Rows(select(target, node), join);
    }

    static List<Join> joins(RelationshipInfo rel) {
        return rel.mapping().stream().map(p -> new Join(p.column(), p.targetColumn())).toList();
    }

    private static List<OrderBy> orderBy(TableInfo table, Object value) {
        if (value == null) {
            return List.of();
        }
        List<?> items = value instanceof List<?> l ? l : List.of(value);
        List<OrderBy> keys = new ArrayList<>();
        for (Object item : items) {
            if (item instanceof Map<?, ?> m) {
                m.forEach((field, direction) -> {
                    if (direction != null) {
                        ColumnInfo column = table.columnByField((String) field).orElseThrow();
                        keys.add(OrderBy.of(column.name(), direction.toString()));
                    }
                });
            }
        }
        return keys;
    }

    private static OptionalLong count(Object value, String path) {
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
