package io.quarry.engine.plan;

import io.quarry.engine.error.ApiError;
import io.quarry.engine.model.ColumnInfo;
import io.quarry.engine.model.RelationshipInfo;
import io.quarry.engine.model.TableInfo;
import io.quarry.engine.model.WritePermission;
import io.quarry.engine.request.FieldNode;
import io.quarry.engine.schema.RoleSchema;
import io.quarry.engine.schema.RootFieldInfo;
import io.quarry.metadata.Relationship;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

/** Turns the root fields of a mutation into {@link Mutation}s, the role's write permissions applied. */
public final class MutationPlanner {
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
        if (info.kind() == RootFieldInfo.Kind.FUNCTION_MUTATION) {
            return new Step(node.key(), List.of(new Mutation.FunctionRows(reads.functionRows(info, node))), false, null);
        }
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
        String at = node.path() + ".args." + (one ? "object" : "objects");
        List<String> paths = IntStream.range(0, objects.size()).mapToObj(i -> at + "[" + i + "]").toList();
        return insert(table, objects, paths, node.arguments().get("on_conflict"), node.path() + ".args.on_conflict",
                Set.of(), outputs(table, node, one), one);
    }

    /** An insert of {@code objects} (found at {@code paths}), whose {@code determined} columns parents will set. */
    private Mutation.Insert insert(TableInfo table, List<?> objects, List<String> paths, Object onConflict,
            String conflictPath, Set<String> determined, List<Output> outputs, boolean one) {
        WritePermission permission = permission(table, "insert");
        List<Mutation.Row> rows = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            rows.add(row(table, permission, (Map<?, ?>) objects.get(i), paths.get(i), determined));
        }
        return new Mutation.Insert(table, rows, check(table, permission), onConflict(table, onConflict, conflictPath),
                outputs, one);
    }

    /** One object of an insert: its columns, and the rows its relationship fields insert with it. */
    private Mutation.Row row(TableInfo table, WritePermission permission, Map<?, ?> object, String path,
            Set<String> determined) {
        Map<String, Value> values = new LinkedHashMap<>();
        List<Mutation.Related> parents = new ArrayList<>();
        List<Mutation.Related> children = new ArrayList<>();
        object.forEach((field, value) -> {
            Optional<ColumnInfo> column = table.columnByField((String) field);
            if (column.isPresent()) {
                values.put(column.get().name(), value == null ? null : new Value.Text(ParamText.of(value)));
                return;
            }
            if (value == null) {
                return; // A relationship given as null inserts nothing through it.
            }
            // Any relationship to a table the role may insert into, readable or not (the schema offers no other).
            RelationshipInfo rel = schema.model().table(table.name()).orElse(table).relationship((String) field)
                    .orElseThrow();
            TableInfo target = schema.target(rel).or(() -> schema.model().table(rel.target())).orElseThrow();
            Map<?, ?> input = (Map<?, ?>) value;
            String at = path + "." + field;
            List<Join> join = Planner.joins(rel);
            if (!rel.targetRefers()) {
                parents.add(new Mutation.Related(rel.name(), join, insert(target, List.of(input.get("data")),
                        List.of(at + ".data"), input.get("on_conflict"), at + ".on_conflict", Set.of(), List.of(),
                        false)));
                return;
            }
            // The related rows copy this row's columns: an array relationship's rows, or an object relationship's
            // row through its own foreign key.
            boolean one = rel.kind() == Relationship.Kind.OBJECT;
            List<?> data = one ? List.of(input.get("data")) : (List<?>) input.get("data");
            if (data.isEmpty()) {
                return; // As in Hasura, no rows through a relationship is no relationship insert at all.
            }
            List<String> paths = one ? List.of(at + ".data")
                    : IntStream.range(0, data.size()).mapToObj(i -> at + ".data[" + i + "]").toList();
            Set<String> copied = new LinkedHashSet<>(join.stream().map(Join::innerColumn).toList());
            children.add(new Mutation.Related(rel.name(), join, insert(target, data, paths,
                    input.get("on_conflict"), at + ".on_conflict", copied, List.of(), false)));
        });
        List<String> given = values.keySet().stream().filter(determined::contains).toList();
        if (!given.isEmpty()) {
            throw ApiError.validation(path, "cannot insert " + quoted(given)
                    + " columns as their values are already being determined by parent insert");
        }
        for (Mutation.Related parent : parents) {
            List<String> set = parent.join().stream().map(Join::outerColumn)
                    .filter(c -> values.containsKey(c) || determined.contains(c)).toList();
            if (!set.isEmpty()) {
                throw ApiError.validation(path + "." + parent.name(), "cannot insert object relationship \""
                        + parent.name() + "\" as " + quoted(set) + " column values are already determined");
            }
        }
        presets(permission, values);
        // Columns copied from related rows are theirs to set, not a preset's.
        determined.forEach(values::remove);
        parents.forEach(p -> p.join().forEach(j -> values.remove(j.outerColumn())));
        return new Mutation.Row(values, parents, children, path);
    }

    private static String quoted(List<String> columns) {
        return String.join(", ", columns.stream().map(c -> "\"" + c + "\"").toList());
    }

    private Optional<Mutation.OnConflict> onConflict(TableInfo table, Object value, String path) {
        if (!(value instanceof Map<?, ?> args)) {
            return Optional.empty();
        }
        WritePermission update = permission(table, "update");
        List<String> columns = new ArrayList<>();
        if (args.get("update_columns") instanceof List<?> fields) {
            for (Object field : fields) {
                // Only _PLACEHOLDER, offered to a role that may update no column, names no column.
                columns.add(table.columnByField((String) field).orElseThrow(() -> ApiError.validation(
                        path + ".update_columns", "the role may update no column of \"" + table.name() + "\""))
                        .name());
            }
        }
        Map<String, Value> set = new LinkedHashMap<>();
        presets(update, set);
        BoolExp where = args.get("where") instanceof Map<?, ?> w
                ? Filters.boolExp(schema, table, w, path + ".where") : BoolExp.TRUE;
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
                            ? new Value.Texts(keys.stream().map(ParamText::of).toList())
                            : new Value.Text(ParamText.of(value))));
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
        permission.set().forEach((column, value) -> row.put(column, Filters.presetValue(value)));
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
