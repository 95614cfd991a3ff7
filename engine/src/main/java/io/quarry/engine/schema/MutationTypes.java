package io.quarry.engine.schema;

import graphql.Scalars;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLTypeReference;
import io.quarry.engine.introspect.Key;
import io.quarry.engine.model.ColumnInfo;
import io.quarry.engine.model.Model;
import io.quarry.engine.model.RelationshipInfo;
import io.quarry.engine.model.TableInfo;
import io.quarry.engine.model.WritePermission;
import io.quarry.metadata.QualifiedTable;
import io.quarry.metadata.Relationship;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static graphql.schema.GraphQLArgument.newArgument;
import static graphql.schema.GraphQLFieldDefinition.newFieldDefinition;
import static graphql.schema.GraphQLInputObjectField.newInputObjectField;

/**
 * The mutation fields of a table and their types, named as Hasura names them: {@code insert_<t>},
 * {@code insert_<t>_one}, {@code update_<t>}, {@code update_<t>_by_pk}, {@code delete_<t>}, {@code delete_<t>_by_pk},
 * with {@code <t>_insert_input}, {@code <t>_set_input}, {@code <t>_inc_input}, {@code <t>_pk_columns_input} and
 * {@code <t>_mutation_response}. Only the columns a role's permission lets it write appear in the inputs.
 */
final class MutationTypes {
    private static final String PLACEHOLDER = "_PLACEHOLDER";
    private static final Pattern GRAPHQL_NAME = Pattern.compile("[_A-Za-z][_0-9A-Za-z]*");

    private final ScalarTypes scalars;
    private final Reachable schema;
    private final Map<QualifiedTable, TableInfo> tables;
    private final Model full;
    private final Map<QualifiedTable, Map<String, WritePermission>> permissions;
    private final Set<String> relationInputs = new HashSet<>();

    /**
     * Types for a role that may write the tables of {@code permissions}; {@code tables} are those tables as the role
     * sees them (those it may only insert into, as they are), {@code full} every table with all its relationships.
     */
    MutationTypes(ScalarTypes scalars, Reachable schema, Map<QualifiedTable, TableInfo> tables,
            Model full, Map<QualifiedTable, Map<String, WritePermission>> permissions) {
        this.scalars = scalars;
        this.schema = schema;
        this.tables = tables;
        this.full = full;
        this.permissions = permissions;
    }

    void add(TableInfo table, List<GraphQLFieldDefinition> fields, Map<String, RootFieldInfo> roots) {
        if (permissions(table).isEmpty()) {
            return;
        }
        schema.add(response(table).field(newFieldDefinition().name("returning").type(GraphQLNonNull.nonNull(
                GraphQLList.list(GraphQLNonNull.nonNull(GraphQLTypeReference.typeRef(table.typeName())))))).build());
        addWrites(table, fields, roots);
    }

    private Map<String, WritePermission> permissions(TableInfo table) {
        return permissions.getOrDefault(table.name(), Map.of());
    }

    private static GraphQLObjectType.Builder response(TableInfo table) {
        return GraphQLObjectType.newObject().name(table.typeName() + "_mutation_response")
                .description("response of any mutation on the table \"" + table.name() + "\"")
                .field(newFieldDefinition().name("affected_rows").type(GraphQLNonNull.nonNull(Scalars.GraphQLInt)));
    }

    /**
     * The insert field of a table the role may insert into but not read, as Hasura gives it: {@code insert_<t>}
     * answering {@code affected_rows} only (no row type to return, so no {@code _one}, upsert, update or delete).
     */
    void addInsertOnly(TableInfo table, List<GraphQLFieldDefinition> fields, Map<String, RootFieldInfo> roots) {
        String t = table.typeName();
        insertInput(table, permissions(table).get("insert")).ifPresent(type -> {
            schema.add(response(table).build());
            add(fields, roots, table, TableInfo.INSERT, RootFieldInfo.Kind.INSERT,
                    GraphQLTypeReference.typeRef(t + "_mutation_response"), List.of(newArgument().name("objects")
                            .type(GraphQLNonNull.nonNull(GraphQLList.list(GraphQLNonNull.nonNull(
                                    GraphQLTypeReference.typeRef(type))))).build()));
        });
    }

    private void addWrites(TableInfo table, List<GraphQLFieldDefinition> fields, Map<String, RootFieldInfo> roots) {
        Map<String, WritePermission> permissions = permissions(table);
        String t = table.typeName();
        GraphQLTypeReference row = GraphQLTypeReference.typeRef(t);
        GraphQLTypeReference response = GraphQLTypeReference.typeRef(t + "_mutation_response");
        Function<ColumnInfo, GraphQLInputType> own = c -> scalars.scalar(c.type());
        WritePermission insert = permissions.get("insert");
        if (insert != null) {
            Optional<GraphQLArgument> onConflict = onConflict(table, permissions.get("update"));
            insertInput(table, insert).ifPresent(type -> {
                GraphQLTypeReference ref = GraphQLTypeReference.typeRef(type);
                List<GraphQLArgument> many = new ArrayList<>(List.of(newArgument().name("objects")
                        .type(GraphQLNonNull.nonNull(GraphQLList.list(GraphQLNonNull.nonNull(ref)))).build()));
                List<GraphQLArgument> one = new ArrayList<>(List.of(
                        newArgument().name("object").type(GraphQLNonNull.nonNull(ref)).build()));
                onConflict.ifPresent(many::add);
                onConflict.ifPresent(one::add);
                add(fields, roots, table, TableInfo.INSERT, RootFieldInfo.Kind.INSERT, response, many);
                add(fields, roots, table, TableInfo.INSERT_ONE, RootFieldInfo.Kind.INSERT_ONE, row, one);
            });
        }
        WritePermission update = permissions.get("update");
        if (update != null) {
            // Hasura's update arguments, alphabetical as it lists them: the jsonb ones for jsonb columns only.
            List<GraphQLArgument> changes = new ArrayList<>();
            Predicate<ColumnInfo> jsonb = c -> ScalarTypes.isJsonb(c.type());
            change(changes, "_append", input(t + "_append_input", table, update, jsonb, own,
                    "append existing jsonb value of filtered columns with new jsonb value"));
            change(changes, "_delete_at_path", input(t + "_delete_at_path_input", table, update, jsonb,
                    c -> GraphQLList.list(GraphQLNonNull.nonNull(Scalars.GraphQLString)), "delete the field or "
                            + "element with specified path (for JSON arrays, negative integers count from the end)"));
            change(changes, "_delete_elem", input(t + "_delete_elem_input", table, update, jsonb,
                    c -> Scalars.GraphQLInt, "delete the array element with specified index (negative integers "
                            + "count from the end). throws an error if top level container is not an array"));
            change(changes, "_delete_key", input(t + "_delete_key_input", table, update, jsonb,
                    c -> Scalars.GraphQLString, "delete key/value pair or string element. key/value pairs are "
                            + "matched based on their key value"));
            change(changes, "_inc", input(t + "_inc_input", table, update,
                    c -> AggregateTypes.isNumeric(c.type()), own,
                    "input type for incrementing numeric columns in table \"" + table.name() + "\""));
            change(changes, "_prepend", input(t + "_prepend_input", table, update, jsonb, own,
                    "prepend existing jsonb value of filtered columns with new jsonb value"));
            change(changes, "_set", input(t + "_set_input", table, update, c -> true, own,
                    "input type for updating data in table \"" + table.name() + "\""));
            if (!changes.isEmpty()) {
                List<GraphQLArgument> many = new ArrayList<>(changes);
                many.add(newArgument().name("where")
                        .type(GraphQLNonNull.nonNull(GraphQLTypeReference.typeRef(t + "_bool_exp"))).build());
                add(fields, roots, table, TableInfo.UPDATE, RootFieldInfo.Kind.UPDATE, response, many);
                // update_<t>_many: a list of updates applied in order, each with its own where.
                var updates = GraphQLInputObjectType.newInputObject().name(t + "_updates");
                many.forEach(a -> updates.field(newInputObjectField().name(a.getName()).type(a.getType())));
                schema.add(updates.build());
                add(fields, roots, table, TableInfo.UPDATE_MANY, RootFieldInfo.Kind.UPDATE_MANY,
                        GraphQLList.list(response), List.of(newArgument().name("updates").description(
                                "updates to execute, in order").type(GraphQLNonNull.nonNull(GraphQLList.list(
                                GraphQLNonNull.nonNull(GraphQLTypeReference.typeRef(t + "_updates"))))).build()));
                table.primaryKey().ifPresent(pk -> {
                    var keys = GraphQLInputObjectType.newInputObject().name(t + "_pk_columns_input")
                            .description("primary key columns input for table: " + table.name());
                    pk.forEach(c -> keys.field(newInputObjectField().name(c.field())
                            .description(c.description().orElse(null))
                            .type(GraphQLNonNull.nonNull(scalars.scalar(c.type())))));
                    schema.add(keys.build());
                    List<GraphQLArgument> one = new ArrayList<>(changes);
                    one.add(newArgument().name("pk_columns").type(GraphQLNonNull.nonNull(
                            GraphQLTypeReference.typeRef(t + "_pk_columns_input"))).build());
                    add(fields, roots, table, TableInfo.UPDATE_BY_PK, RootFieldInfo.Kind.UPDATE_BY_PK, row, one);
                });
            }
        }
        if (permissions.containsKey("delete")) {
            add(fields, roots, table, TableInfo.DELETE, RootFieldInfo.Kind.DELETE, response, List.of(
                    newArgument().name("where").type(GraphQLNonNull.nonNull(
                            GraphQLTypeReference.typeRef(t + "_bool_exp"))).build()));
            table.primaryKey().ifPresent(pk -> {
                List<GraphQLArgument> keys = new ArrayList<>();
                pk.forEach(c -> keys.add(newArgument().name(c.field()).description(c.description().orElse(null))
                        .type(GraphQLNonNull.nonNull(scalars.scalar(c.type()))).build()));
                add(fields, roots, table, TableInfo.DELETE_BY_PK, RootFieldInfo.Kind.DELETE_BY_PK, row, keys);
            });
        }
    }

    /**
     * The {@code on_conflict} argument of inserts: only a role that may update can upsert (as in Hasura), and only
     * on a table with a primary key or unique constraint. A role that may update no column still gets the enum
     * (GraphQL has no empty ones) with Hasura's {@code _PLACEHOLDER}, which leaves it {@code DO NOTHING} alone.
     */
    private Optional<GraphQLArgument> onConflict(TableInfo table, WritePermission update) {
        List<Key> keys = conflictKeys(table);
        if (update == null || keys.isEmpty()) {
            return Optional.empty();
        }
        String t = table.typeName();
        var constraints = GraphQLEnumType.newEnum().name(t + "_constraint")
                .description("unique or primary key constraints on table \"" + table.name() + "\"");
        for (Key key : keys) {
            constraints.value(key.name(), key.name(), "unique or primary key constraint on columns "
                    + String.join(", ", key.columns().stream().map(c -> "\"" + c + "\"").toList()));
        }
        var columns = GraphQLEnumType.newEnum().name(t + "_update_column")
                .description("update columns of table \"" + table.name() + "\"");
        List<ColumnInfo> updatable = writable(table, update, c -> true);
        updatable.forEach(c -> columns.value(c.field(), c.field(), "column name"));
        if (updatable.isEmpty()) {
            columns.value(PLACEHOLDER, PLACEHOLDER, "placeholder (do not use)");
        }
        schema.add(constraints.build());
        schema.add(columns.build());
        schema.add(GraphQLInputObjectType.newInputObject().name(t + "_on_conflict")
                .description("on_conflict condition type for table \"" + table.name() + "\"")
                .field(newInputObjectField().name("constraint")
                        .type(GraphQLNonNull.nonNull(GraphQLTypeReference.typeRef(t + "_constraint"))))
                .field(newInputObjectField().name("update_columns").type(GraphQLNonNull.nonNull(GraphQLList.list(
                        GraphQLNonNull.nonNull(GraphQLTypeReference.typeRef(t + "_update_column")))))
                        .defaultValueProgrammatic(List.of()))
                .field(newInputObjectField().name("where").type(GraphQLTypeReference.typeRef(t + "_bool_exp")))
                .build());
        return Optional.of(newArgument().name("on_conflict").description("upsert condition")
                .type(GraphQLTypeReference.typeRef(t + "_on_conflict")).build());
    }

    /** The keys an upsert may name: the primary key and unique constraints with GraphQL names. */
    private static List<Key> conflictKeys(TableInfo table) {
        List<Key> keys = new ArrayList<>();
        table.relation().primaryKey().ifPresent(keys::add);
        keys.addAll(table.relation().uniqueKeys());
        keys.removeIf(k -> !GRAPHQL_NAME.matcher(k.name()).matches());
        return keys;
    }

    /**
     * {@code <t>_insert_input}: the columns the insert permission allows, and a field per relationship to a table
     * the role may insert into (whether or not it may read it, as in Hasura), taking the rows to insert with this
     * one ({@code <r>_obj_rel_insert_input}, {@code <r>_arr_rel_insert_input}).
     */
    private Optional<String> insertInput(TableInfo table, WritePermission insert) {
        List<GraphQLInputObjectField> fields = columnFields(table, insert, c -> true, c -> scalars.scalar(c.type()));
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        for (RelationshipInfo rel : full.table(table.name()).orElse(table).relationships()) {
            TableInfo target = tables.get(rel.target());
            if (target != null && writableColumns(target)) {
                boolean object = rel.kind() == Relationship.Kind.OBJECT;
                fields.add(newInputObjectField().name(rel.name())
                        .type(GraphQLTypeReference.typeRef(relationInput(target, object))).build());
            }
        }
        String name = table.typeName() + "_insert_input";
        schema.add(GraphQLInputObjectType.newInputObject().name(name)
                .description("input type for inserting data into table \"" + table.name() + "\"").fields(fields)
                .build());
        return Optional.of(name);
    }

    /** Whether the role may insert into {@code table} and give a value for some column of it. */
    private boolean writableColumns(TableInfo table) {
        WritePermission insert = permissions(table).get("insert");
        return insert != null && !writable(table, insert, c -> true).isEmpty();
    }

    /** The input naming rows of {@code target} to insert through a relationship, made once per table and kind. */
    private String relationInput(TableInfo target, boolean object) {
        String t = target.typeName();
        String name = t + (object ? "_obj_rel_insert_input" : "_arr_rel_insert_input");
        if (relationInputs.add(name)) {
            GraphQLInputType row = GraphQLNonNull.nonNull(GraphQLTypeReference.typeRef(t + "_insert_input"));
            var type = GraphQLInputObjectType.newInputObject().name(name)
                    .description("input type for inserting " + (object ? "object" : "array")
                            + " relation for remote table \"" + target.name() + "\"")
                    .field(newInputObjectField().name("data")
                            .type(object ? row : GraphQLNonNull.nonNull(GraphQLList.list(row))));
            if (permissions(target).get("update") != null && !conflictKeys(target).isEmpty()) {
                type.field(newInputObjectField().name("on_conflict").description("upsert condition")
                        .type(GraphQLTypeReference.typeRef(t + "_on_conflict")));
            }
            schema.add(type.build());
        }
        return name;
    }

    private static void add(List<GraphQLFieldDefinition> fields, Map<String, RootFieldInfo> roots, TableInfo table,
            String kind, RootFieldInfo.Kind rootKind, graphql.schema.GraphQLOutputType type,
            List<GraphQLArgument> arguments) {
        String name = table.rootField(kind);
        fields.add(newFieldDefinition().name(name).arguments(arguments).type(type)
                .description(kind.replace('_', ' ') + " data of the table: \"" + table.name() + "\"").build());
        roots.put(name, new RootFieldInfo(rootKind, table));
    }

    private static void change(List<GraphQLArgument> arguments, String name, Optional<String> type) {
        type.ifPresent(n -> arguments.add(newArgument().name(name).type(GraphQLTypeReference.typeRef(n)).build()));
    }

    /** An input type of the writable columns that {@code qualifies} accepts; none if no column qualifies. */
    private Optional<String> input(String name, TableInfo table, WritePermission permission,
            Predicate<ColumnInfo> qualifies, Function<ColumnInfo, GraphQLInputType> type, String description) {
        List<GraphQLInputObjectField> fields = columnFields(table, permission, qualifies, type);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        schema.add(GraphQLInputObjectType.newInputObject().name(name).description(description)
                .fields(fields).build());
        return Optional.of(name);
    }

    private static List<GraphQLInputObjectField> columnFields(TableInfo table, WritePermission permission,
            Predicate<ColumnInfo> qualifies, Function<ColumnInfo, GraphQLInputType> type) {
        return new ArrayList<>(writable(table, permission, qualifies).stream()
                .map(c -> newInputObjectField().name(c.field()).description(c.description().orElse(null))
                        .type(type.apply(c)).build()).toList());
    }

    /**
     * The columns, in table order, that the permission lets the role write and {@code qualifies} accepts; never a
     * generated column or an identity column generated always, which Postgres refuses values for (as in Hasura).
     */
    private static List<ColumnInfo> writable(TableInfo table, WritePermission permission,
            Predicate<ColumnInfo> qualifies) {
        return table.relation().columns().stream().filter(col -> !col.generated() && !col.identityAlways())
                .map(col -> table.column(col.name())).flatMap(Optional::stream)
                .filter(c -> permission.allowsColumn(c.name()) && qualifies.test(c)).toList();
    }
}
