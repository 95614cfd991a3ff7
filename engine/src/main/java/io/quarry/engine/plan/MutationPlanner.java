package io.quarry.engine.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.engine.error.ApiError;
import io.quarry.engine.model.ColumnInfo;
import io.quarry.engine.model.TableInfo;
import io.quarry.engine.model.WritePermission;
import io.quarry.engine.request.FieldNode;
import io.quarry.engine.schema.RoleSchema;
import io.quarry.engine.schema.RootFieldInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Turns the root fields of a mutation into {@link Mutation}s, the role's write permissions applied. */
public final class MutationPlanner {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Update arguments and the change each makes to the columns it names. */
    private static final List<Map.Entry<String, Mutation.ChangeOp>> UPDATE_OPERATORS = List.of(
            Map.entry("_set", Mutation.ChangeOp.SET), Map.entry("_inc", Mutation.ChangeOp.INC),
            Map.entry("_append", Mutation.ChangeOp.APPEND), Map.entry("_prepend", Mutation.ChangeOp.PREPEND),
            Map.entry("_delete_key", Mutation.ChangeOp.DELETE_KEY),
            Map.entry("_delete_elem", Mutation.ChangeOp.DELETE_ELEM),
            Map.entry("_delete_at_path", Mutation.ChangeOp.DELETE_AT_PATH));

    /**
     * A mutation root field: its writes (one, or with {@code many} a list answered as a list: {@code update_<t>_many}),
     * or {@code __typename}.
     */
    public record Step(String key, List<Mutation> mutations, boolean many, String typename) {
        public Step {
            mutations = List.copyOf(mutations);
        }
    }

    private final RoleSchema schema;
    private final Planner reads;

    private MutationPlanner(RoleSchema schema) {
        this.schema = schema;
        this.reads = Planner.forSchema(schema);
    }

    public static List<Step> plan(RoleSchema schema, List<FieldNode> roots) {
        MutationPlanner planner = new MutationPlanner(schema);
        List<Step> steps = new ArrayList<>();
        for (FieldNode root : roots) {
            if ("__typename".equals(root.name())) {
                steps.add(new Step(root.key(), List.of(), false, root.parentType()));
            } else {
                steps.add(planner.step(root));
            }
        }
        return steps;
    }

    private Step step(FieldNode node) {
        RootFieldInfo info = schema.rootField(node.name()).orElseThrow(() -> ApiError.validation(node.path(),
                "field '" + node.name() + "' not found in type: 'mutation_root'"));
        TableInfo table = info.table();
        if (info.kind() == RootFieldInfo.Kind.UPDATE_MANY) {
            List<Mutation> updates = new ArrayList<>();
            List<?> list = (List<?>) node.arguments().get("updates");
            for (int i = 0; i < list.size(); i++) {
                Map<?, ?> args = (Map<?, ?>) list.get(i);
                String path = node.path() + ".args.updates[" + i + "]";
                updates.add(update(table, node, args, where(table, args.get("where"), path + ".where"), false, path));
            }
            return new Step(node.key(), updates, true, null);
        }
        Map<?, ?> args = node.arguments();
        String path = node.path() + ".args";
        Mutation mutation = switch (info.kind()) {
            case INSERT -> insert(table, node, (List<?>) args.get("objects"), false);
            case INSERT_ONE -> insert(table, node, List.of(args.get("object")), true);
            case UPDATE -> update(table, node, args, where(table, args.get("where"), path + ".where"), false, path);
            case UPDATE_BY_PK -> update(table, node, args, Filters.primaryKey(table, (Map<?, ?>) args.get("pk_columns")), true, path);
            case DELETE -> delete(table, node, where(table, args.get("where"), path + ".where"), false);
            case DELETE_BY_PK -> delete(table, node, Filters.primaryKey(table, args), true);
            default -> throw new IllegalStateException("not a mutation: " + info.kind());
        };
        return new Step(node.key(), List.of(mutation), false, null);
    }

    private Mutation insert(TableInfo table, FieldNode node, List<?> objects, boolean one) {
        WritePermission permission = permission(table, "insert");
        List<Map<String, Value>> rows = new ArrayList<>();
        for (Object object : objects) {
            Map<String, Value> row = new LinkedHashMap<>();
            ((Map<?, ?>) object).forEach((field, value) -> {
                ColumnInfo column = table.columnByField((String) field).orElseThrow();
                row.put(column.name(), value == null ? null : new Value.Text(Filters.text(value)));
            });
            presets(permission, row);
            rows.add(row);
        }
        return new Mutation.Insert(table, rows, check(table, permission), onConflict(table, node),
                outputs(table, node, one), one);
    }

    private Optional<Mutation.OnConflict> onConflict(TableInfo table, FieldNode node) {
        if (!(node.arguments().get("on_conflict") instanceof Map<?, ?> args)) {
            return Optional.empty();
        }
        WritePermission update = permission(table, "update");
        List<String> columns = new ArrayList<>();
        if (args.get("update_columns") instanceof List<?> fields) {
            for (Object field : fields) {
                // Only _PLACEHOLDER, offered to a role that may update no column, names no column.
                columns.add(table.columnByField((String) field).orElseThrow(() -> ApiError.validation(
                        node.path() + ".args.on_conflict.update_columns", "the role may update no column of \""
                                + table.name() + "\"")).name());
            }
        }
        Map<String, Value> set = new LinkedHashMap<>();
        presets(update, set);
        BoolExp where = args.get("where") instanceof Map<?, ?> w
                ? Filters.boolExp(schema, table, w, node.path() + ".args.on_conflict.where") : BoolExp.TRUE;
        return Optional.of(new Mutation.OnConflict((String) args.get("constraint"), columns, set,
                and(Filters.permissionExpression(schema, table, update.filter()), where), check(table, update)));
    }

    /** An update from its arguments ({@code _set}, {@code _inc}, ...), found at {@code path}. */
    private Mutation update(TableInfo table, FieldNode node, Map<?, ?> args, BoolExp where, boolean one, String path) {
        WritePermission permission = permission(table, "update");
        List<Mutation.Change> changes = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        Set<String> repeated = new LinkedHashSet<>();
        UPDATE_OPERATORS.forEach(operator -> {
            Mutation.ChangeOp op = operator.getValue();
            if (args.get(operator.getKey()) instanceof Map<?, ?> map) {
                map.forEach((field, value) -> {
                    String column = table.columnByField((String) field).orElseThrow().name();
                    if (!seen.add(column)) {
                        repeated.add(column);
                    }
                    changes.add(new Mutation.Change(column, op, value == null ? null
                            : op == Mutation.ChangeOp.DELETE_AT_PATH && value instanceof List<?> keys
                            ? new Value.Texts(keys.stream().map(Filters::text).toList())
                            : new Value.Text(Filters.text(value))));
                });
            }
        });
        if (!repeated.isEmpty()) {
            throw ApiError.validation(path, "Column found in multiple operators: ["
                    + String.join(", ", repeated.stream().map(c -> "'" + c + "'").toList()) + "].");
        }
        Map<String, Value> presets = new LinkedHashMap<>();
        presets(permission, presets);
        presets.forEach((column, value) -> changes.add(new Mutation.Change(column, Mutation.ChangeOp.SET, value)));
        BoolExp filter = Filters.permissionExpression(schema, table, permission.filter());
        return new Mutation.Update(table, and(filter, where), changes, check(table, permission),
                outputs(table, node, one), one);
    }

    private Mutation delete(TableInfo table, FieldNode node, BoolExp where, boolean one) {
        WritePermission permission = permission(table, "delete");
        BoolExp filter = Filters.permissionExpression(schema, table, permission.filter());
        return new Mutation.Delete(table, and(filter, where), outputs(table, node, one), one);
    }

    private WritePermission permission(TableInfo table, String kind) {
        return schema.writePermission(table.name(), kind).orElseThrow();
    }

    private BoolExp check(TableInfo table, WritePermission permission) {
        return Filters.permissionExpression(schema, table, permission.check());
    }

    /** Presets override whatever the request gave (which the input types do not offer anyway). */
    private static void presets(WritePermission permission, Map<String, Value> row) {
        permission.set().forEach((column, value) -> row.put(column, Filters.presetValue(JSON.convertValue(value,
                Object.class))));
    }

    private BoolExp where(TableInfo table, Object where, String path) {
        return where instanceof Map<?, ?> w ? Filters.boolExp(schema, table, w, path) : BoolExp.TRUE;
    }

    /** Both conditions; an empty one (no filter) is left out so the statement does not say {@code true AND}. */
    private static BoolExp and(BoolExp a, BoolExp b) {
        return a.equals(BoolExp.TRUE) ? b : b.equals(BoolExp.TRUE) ? a : new BoolExp.And(List.of(a, b));
    }

    /** What a mutation field answers: the written row's fields, or affected_rows, returning and __typename. */
    private List<Output> outputs(TableInfo table, FieldNode node, boolean one) {
        if (one) {
            return reads.rowOutputs(table, node);
        }
        List<Output> outputs = new ArrayList<>();
        for (FieldNode child : node.children()) {
            Field field = switch (child.name()) {
                case "affected_rows" -> new Field.AffectedRows();
                case "returning" -> new Field.Returning(reads.rowOutputs(table, child));
                default -> new Field.Typename(child.parentType());
            };
            outputs.add(new Output(child.key(), field));
        }
        return outputs;
    }
}
