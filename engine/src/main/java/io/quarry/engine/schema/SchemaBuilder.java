package io.quarry.engine.schema;

import graphql.Scalars;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLOutputType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLTypeReference;
import io.quarry.engine.model.ColumnInfo;
import io.quarry.engine.model.ComputedFieldInfo;
import io.quarry.engine.model.FunctionInfo;
import io.quarry.engine.model.Model;
import io.quarry.engine.model.RelationshipInfo;
import io.quarry.engine.model.RoleView;
import io.quarry.engine.model.SelectPermission;
import io.quarry.engine.model.WritePermission;
import io.quarry.engine.model.TableInfo;
import io.quarry.metadata.QualifiedTable;
import io.quarry.metadata.Relationship;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static graphql.schema.GraphQLArgument.newArgument;
import static graphql.schema.GraphQLFieldDefinition.newFieldDefinition;
import static graphql.schema.GraphQLInputObjectField.newInputObjectField;

/** Builds the {@link RoleSchema} of a role from the {@link Model}. */
public final class SchemaBuilder {
    public static final String ORDER_BY = "order_by";

    private final Model model;
    private final Model full;
    private final Map<QualifiedTable, SelectPermission> permissions;
    /** The role whose schema this is; null for the admin. */
    private final String role;
    /**
     * Whether this is the schema of a trusted backend's request: its write permissions are the backend-only ones,
     * the others are for other requests (as Hasura splits them).
     */
    private final boolean backend;
    private final ScalarTypes scalars = new ScalarTypes();
    private final GraphQLEnumType orderBy = EnumTypes.orderBy();
    /** Function fields and their argument types, shared so that two fields of one function share one type. */
    private final FunctionFields functionFields = new FunctionFields(scalars);
    /** Whether a role sees query functions over the tables it reads without a function permission. */
    private final boolean inferFunctionPermissions;

    private SchemaBuilder(Model model, Model full, Map<QualifiedTable, SelectPermission> permissions, String role,
            boolean backend, boolean inferFunctionPermissions) {
        this.inferFunctionPermissions = inferFunctionPermissions;
        this.role = role;
        this.backend = backend;
        this.model = model;
        this.full = full;
        this.permissions = permissions;
    }

    /** The schema of the admin role, which sees every tracked table, column and relationship. */
    public static RoleSchema admin(Model model) {
        return new SchemaBuilder(model, model, Map.of(), null, true, true).build("admin");
    }

    /**
     * The schema of a role: what its select permissions let it read and its write permissions write; with
     * {@code backend}, its backend-only write permissions instead of the others.
     */
    public static RoleSchema forRole(Model model, String role, boolean backend) {
        return forRole(model, role, backend, true);
    }

    /**
     * As {@link #forRole(Model, String, boolean)}; without {@code inferFunctionPermissions}, the role sees a query
     * function only with a function permission (a mutation function needs one either way).
     */
    public static RoleSchema forRole(Model model, String role, boolean backend, boolean inferFunctionPermissions) {
        Map<QualifiedTable, SelectPermission> permissions = new LinkedHashMap<>();
        for (QualifiedTable table : model.tables().keySet()) {
            model.selectPermission(table, role).ifPresent(p -> permissions.put(table, p));
        }
        return new SchemaBuilder(RoleView.of(model, role), model, permissions, role, backend,
                inferFunctionPermissions).build(role);
    }

    /** The functions this schema serves: all for the admin; for a role, those Hasura shows it. */
    private List<FunctionInfo> functions() {
        return model.functions().stream()
                .filter(f -> role == null || f.visibleTo(role, inferFunctionPermissions)).toList();
    }

    /**
     * The role's write permissions on a table by kind: all of them for the admin; none that Postgres would refuse
     * (a view it cannot write through, a materialized view), whatever the metadata says.
     */
    private Map<String, WritePermission> writes(TableInfo table) {
        Map<String, WritePermission> out = new LinkedHashMap<>();
        for (String kind : List.of("insert", "update", "delete")) {
            if (!table.relation().writes().allows(kind)) {
                continue;
            }
            if (role == null) {
                out.put(kind, WritePermission.admin());
            } else {
                full.writePermission(table.name(), role, kind).filter(p -> backend == p.backendOnly())
                        .ifPresent(p -> out.put(kind, p));
            }
        }
        return out;
    }

    /** Whether a role's permission gives the table this root field (the admin has them all). */
    private boolean rootField(TableInfo table, String kind) {
        SelectPermission permission = permissions.get(table.name());
        return permission == null || permission.allowsRootField(kind);
    }

    /** The admin aggregates anything; a role only what its permission allows. */
    private boolean aggregates(TableInfo table) {
        SelectPermission permission = permissions.get(table.name());
        return permission == null || permission.allowAggregations();
    }

    private RoleSchema build(String role) {
        Map<String, RootFieldInfo> rootFields = new LinkedHashMap<>();
        Map<String, TableInfo> tablesByType = new LinkedHashMap<>();
        Map<QualifiedTable, TableInfo> tablesByName = new LinkedHashMap<>();
        List<GraphQLFieldDefinition> queryFields = new ArrayList<>();
        SubscriptionRoot subscriptions = new SubscriptionRoot(scalars, permissions);
        var schema = GraphQLSchema.newSchema();
        Reachable types = new Reachable();
        // Enum types exist whether or not the role may read the enum tables themselves, or a column using them.
        for (TableInfo table : full.tables().values()) {
            table.enumValues().ifPresent(values -> {
                types.keep(EnumTypes.values(table, values));
                types.keep(EnumTypes.comparison(table));
            });
        }
        for (TableInfo table : model.tables().values()) {
            tablesByType.put(table.typeName(), table);
            tablesByName.put(table.name(), table);
            types.add(objectType(table));
            types.add(boolExp(table));
            types.add(orderByInput(table));
            AggregateTypes.orderBy(table, orderBy).forEach(types::add);
            AggregateTypes.boolExp(table, scalars).forEach(types::add);
            AggregateTypes.types(table, scalars).forEach(types::add);
            if (rootField(table, TableInfo.SELECT) | subscriptions.allows(table, TableInfo.SELECT)) {
                subscriptions.offer(table, TableInfo.SELECT, selectField(table), rootField(table, TableInfo.SELECT),
                        queryFields);
                rootFields.put(table.rootField(TableInfo.SELECT), new RootFieldInfo(RootFieldInfo.Kind.SELECT, table));
            }
            String aggregate = table.rootField(TableInfo.SELECT_AGGREGATE);
            if (aggregates(table) && (rootField(table, TableInfo.SELECT_AGGREGATE)
                    | subscriptions.allows(table, TableInfo.SELECT_AGGREGATE))) {
                subscriptions.offer(table, TableInfo.SELECT_AGGREGATE, AggregateTypes.field(aggregate, table)
                        .description("fetch aggregated fields from the table: \"" + table.name() + "\"")
                        .arguments(selectArguments(table)).build(), rootField(table, TableInfo.SELECT_AGGREGATE),
                        queryFields);
                rootFields.put(aggregate, new RootFieldInfo(RootFieldInfo.Kind.SELECT_AGGREGATE, table));
            }
            table.primaryKey().filter(pk -> rootField(table, TableInfo.SELECT_BY_PK)
                    | subscriptions.allows(table, TableInfo.SELECT_BY_PK)).ifPresent(pk -> {
                subscriptions.offer(table, TableInfo.SELECT_BY_PK, selectByPkField(table, pk),
                        rootField(table, TableInfo.SELECT_BY_PK), queryFields);
                rootFields.put(table.rootField(TableInfo.SELECT_BY_PK),
                        new RootFieldInfo(RootFieldInfo.Kind.SELECT_BY_PK, table));
            });
            if (subscriptions.allows(table, TableInfo.SELECT_STREAM) && subscriptions.addStream(table)) {
                rootFields.put(table.rootField(TableInfo.SELECT_STREAM),
                        new RootFieldInfo(RootFieldInfo.Kind.SELECT_STREAM, table));
            }
        }
        for (FunctionInfo function : functions()) {
            TableInfo table = model.table(function.returnTable()).orElseThrow();
            if (!function.mutation()) {
                int before = queryFields.size();
                functionFields.addQuery(function, table, selectArguments(table), aggregates(table), queryFields,
                        rootFields);
                queryFields.subList(before, queryFields.size()).forEach(subscriptions::add);
            }
        }
        if (queryFields.isEmpty()) {
            // GraphQL needs a query type with a field; Hasura answers an empty schema the same way.
            queryFields.add(newFieldDefinition().name("no_queries_available")
                    .type(GraphQLNonNull.nonNull(Scalars.GraphQLString)).build());
        }
        // Tables the role may read, then those it may only insert into (a narrower set of fields).
        Map<QualifiedTable, Map<String, WritePermission>> writePermissions = new LinkedHashMap<>();
        Map<QualifiedTable, TableInfo> writable = new LinkedHashMap<>(model.tables());
        model.tables().values().forEach(t -> writePermissions.put(t.name(), writes(t)));
        List<TableInfo> insertOnly = new ArrayList<>();
        for (TableInfo table : full.tables().values()) {
            WritePermission insert = model.tables().containsKey(table.name()) ? null : writes(table).get("insert");
            if (insert != null) {
                insertOnly.add(table);
                writable.put(table.name(), table);
                writePermissions.put(table.name(), Map.of("insert", insert));
            }
        }
        MutationTypes mutations = new MutationTypes(scalars, types, writable, full, writePermissions);
        List<GraphQLFieldDefinition> mutationFields = new ArrayList<>();
        model.tables().values().forEach(table -> mutations.add(table, mutationFields, rootFields));
        insertOnly.forEach(table -> mutations.addInsertOnly(table, mutationFields, rootFields));
        for (FunctionInfo function : functions()) {
            if (function.mutation()) {
                TableInfo table = model.table(function.returnTable()).orElseThrow();
                functionFields.addMutation(function, table, selectArguments(table), mutationFields, rootFields);
            }
        }
        GraphQLObjectType mutationRoot = null;
        if (!mutationFields.isEmpty()) {
            mutationFields.sort(Comparator.comparing(GraphQLFieldDefinition::getName));
            mutationRoot = GraphQLObjectType.newObject().name("mutation_root").fields(mutationFields).build();
            schema.mutation(mutationRoot);
        }
        functionFields.types().forEach(types::add);
        queryFields.sort(Comparator.comparing(GraphQLFieldDefinition::getName));
        GraphQLObjectType queryRoot = GraphQLObjectType.newObject().name("query_root").fields(queryFields).build();
        GraphQLObjectType subscriptionRoot = subscriptions.root(types);
        if (subscriptionRoot != null) {
            schema.subscription(subscriptionRoot);
        }
        types.addTo(schema.query(queryRoot).additionalDirective(Directives.CACHED), queryRoot, mutationRoot,
                subscriptionRoot);
        return new RoleSchema(role, schema.build(), rootFields, tablesByType, tablesByName, permissions, full,
                writePermissions);
    }

    /** The object type of a table; fields in name order, as Hasura's introspection lists them. */
    private GraphQLObjectType objectType(TableInfo table) {
        List<GraphQLFieldDefinition> fields = new ArrayList<>();
        for (ColumnInfo column : table.columns()) {
            GraphQLOutputType scalar = column.enumTable().isPresent()
                    ? GraphQLTypeReference.typeRef(enumName(column)) : scalars.scalar(column.type());
            var field = newFieldDefinition().name(column.field()).description(column.description().orElse(null))
                    .type(column.nullable() ? scalar : GraphQLNonNull.nonNull(scalar));
            if (ScalarTypes.isJson(column.type())) {
                field.argument(newArgument().name("path").description("JSON select path").type(Scalars.GraphQLString));
            }
            fields.add(field.build());
        }
        for (RelationshipInfo rel : table.relationships()) {
            TableInfo target = model.target(rel);
            GraphQLTypeReference targetType = GraphQLTypeReference.typeRef(target.typeName());
            if (rel.kind() == Relationship.Kind.OBJECT) {
                fields.add(newFieldDefinition().name(rel.name()).description("An object relationship")
                        .type(objectRelationshipRequired(table, rel) ? GraphQLNonNull.nonNull(targetType) : targetType)
                        .build());
            } else {
                fields.add(newFieldDefinition().name(rel.name()).description("An array relationship")
                        .arguments(selectArguments(target))
                        .type(GraphQLNonNull.nonNull(GraphQLList.list(GraphQLNonNull.nonNull(targetType)))).build());
                if (aggregates(target)) {
                    fields.add(AggregateTypes.field(rel.name() + "_aggregate", target)
                            .description("An aggregate relationship").arguments(selectArguments(target)).build());
                }
            }
        }
        for (ComputedFieldInfo computed : table.computedFields()) {
            var field = newFieldDefinition().name(computed.name())
                    .description(computed.function().comment().orElse("A computed field, executes function \""
                            + computed.function().name().name() + "\""));
            // Named after the field and table (as Hasura does), so it never meets the function's own root field type.
            Optional<GraphQLArgument> args = computed.hasArguments()
                    ? functionFields.arguments(computed.name() + "_" + table.typeName() + "_args", computed.function(),
                    computed.argumentNames(), "computed field \"" + computed.name() + "\" defined on table \""
                    + table.name() + "\"") : Optional.empty();
            args.ifPresent(field::argument);
            if (computed.isScalar()) {
                field.type(scalars.scalar(computed.function().returnType()));
            } else {
                TableInfo target = model.table(computed.returnTable().orElseThrow()).orElseThrow();
                field.arguments(selectArguments(target)).type(GraphQLList.list(GraphQLNonNull.nonNull(
                        GraphQLTypeReference.typeRef(target.typeName()))));
            }
            fields.add(field.build());
        }
        fields.sort(Comparator.comparing(GraphQLFieldDefinition::getName));
        return GraphQLObjectType.newObject().name(table.typeName())
                .description(table.description().orElse("columns and relationships of \"" + table.name() + "\""))
                .fields(fields).build();
    }

    /**
     * An object relationship whose foreign key is on this table's non-null columns always finds its row, so its
     * field is non-null; one resolved the other way round, or by a manual mapping, may find none.
     */
    private static boolean objectRelationshipRequired(TableInfo table, RelationshipInfo rel) {
        boolean ownForeignKey = table.relation().foreignKeys().stream().anyMatch(fk ->
                fk.columns().equals(rel.mapping().stream().map(RelationshipInfo.ColumnPair::column).toList())
                        && fk.targetColumns().equals(rel.mapping().stream()
                        .map(RelationshipInfo.ColumnPair::targetColumn).toList()));
        return ownForeignKey && rel.mapping().stream()
                .allMatch(p -> table.column(p.column()).map(c -> !c.nullable()).orElse(false));
    }

    private GraphQLInputObjectType boolExp(TableInfo table) {
        String name = table.typeName() + "_bool_exp";
        GraphQLTypeReference self = GraphQLTypeReference.typeRef(name);
        List<GraphQLInputObjectField> fields = new ArrayList<>();
        fields.add(newInputObjectField().name("_and").type(GraphQLList.list(GraphQLNonNull.nonNull(self))).build());
        fields.add(newInputObjectField().name("_not").type(self).build());
        fields.add(newInputObjectField().name("_or").type(GraphQLList.list(GraphQLNonNull.nonNull(self))).build());
        for (ColumnInfo column : table.columns()) {
            fields.add(newInputObjectField().name(column.field()).type(column.enumTable().isPresent()
                    ? GraphQLTypeReference.typeRef(enumName(column) + "_comparison_exp")
                    : scalars.comparison(column.type())).build());
        }
        for (RelationshipInfo rel : table.relationships()) {
            String target = model.target(rel).typeName();
            fields.add(newInputObjectField().name(rel.name())
                    .type(GraphQLTypeReference.typeRef(target + "_bool_exp")).build());
            if (rel.kind() == Relationship.Kind.ARRAY) {
                fields.add(newInputObjectField().name(rel.name() + "_aggregate")
                        .type(GraphQLTypeReference.typeRef(target + "_aggregate_bool_exp")).build());
            }
        }
        for (ComputedFieldInfo computed : table.computedFields()) {
            if (computed.hasArguments()) {
                continue;
            }
            fields.add(newInputObjectField().name(computed.name()).type(computed.isScalar()
                    ? scalars.comparison(computed.function().returnType())
                    : GraphQLTypeReference.typeRef(model.table(computed.returnTable().orElseThrow()).orElseThrow()
                    .typeName() + "_bool_exp")).build());
        }
        fields.sort(Comparator.comparing(GraphQLInputObjectField::getName));
        return GraphQLInputObjectType.newInputObject().name(name)
                .description("Boolean expression to filter rows from the table \"" + table.name()
                        + "\". All fields are combined with a logical 'AND'.")
                .fields(fields).build();
    }

    private GraphQLInputObjectType orderByInput(TableInfo table) {
        List<GraphQLInputObjectField> fields = new ArrayList<>();
        for (ColumnInfo column : table.columns()) {
            fields.add(newInputObjectField().name(column.field()).type(orderBy).build());
        }
        for (RelationshipInfo rel : table.relationships()) {
            TableInfo target = model.target(rel);
            if (rel.kind() == Relationship.Kind.OBJECT) {
                fields.add(newInputObjectField().name(rel.name())
                        .type(GraphQLTypeReference.typeRef(target.typeName() + "_order_by")).build());
            } else {
                fields.add(newInputObjectField().name(rel.name() + "_aggregate")
                        .type(GraphQLTypeReference.typeRef(target.typeName() + "_aggregate_order_by")).build());
            }
        }
        for (ComputedFieldInfo computed : table.computedFields()) {
            if (computed.hasArguments()) {
                continue;
            }
            fields.add(computed.isScalar() ? newInputObjectField().name(computed.name()).type(orderBy).build()
                    : newInputObjectField().name(computed.name() + "_aggregate").type(GraphQLTypeReference.typeRef(
                    model.table(computed.returnTable().orElseThrow()).orElseThrow().typeName() + "_aggregate_order_by"))
                    .build());
        }
        fields.sort(Comparator.comparing(GraphQLInputObjectField::getName));
        return GraphQLInputObjectType.newInputObject().name(table.typeName() + "_order_by")
                .description("Ordering options when selecting data from \"" + table.name() + "\".")
                .fields(fields).build();
    }

    private List<GraphQLArgument> selectArguments(TableInfo table) {
        List<GraphQLArgument> arguments = new ArrayList<>();
        if (!table.columns().isEmpty()) {
            arguments.add(newArgument().name("distinct_on").description("distinct select on columns")
                    .type(GraphQLList.list(GraphQLNonNull.nonNull(
                            GraphQLTypeReference.typeRef(table.typeName() + "_select_column")))).build());
        }
        arguments.addAll(List.of(
                newArgument().name("limit").description("limit the number of rows returned")
                        .type(Scalars.GraphQLInt).build(),
                newArgument().name("offset").description("skip the first n rows. Use only with order_by")
                        .type(Scalars.GraphQLInt).build(),
                newArgument().name("order_by").description("sort the rows by one or more columns")
                        .type(GraphQLList.list(GraphQLNonNull.nonNull(
                                GraphQLTypeReference.typeRef(table.typeName() + "_order_by")))).build(),
                newArgument().name("where").description("filter the rows returned")
                        .type(GraphQLTypeReference.typeRef(table.typeName() + "_bool_exp")).build()));
        return arguments;
    }

    private GraphQLFieldDefinition selectField(TableInfo table) {
        return newFieldDefinition().name(table.rootField(TableInfo.SELECT))
                .description("fetch data from the table: \"" + table.name() + "\"")
                .arguments(selectArguments(table))
                .type(GraphQLNonNull.nonNull(GraphQLList.list(GraphQLNonNull.nonNull(
                        GraphQLTypeReference.typeRef(table.typeName())))))
                .build();
    }

    private GraphQLFieldDefinition selectByPkField(TableInfo table, List<ColumnInfo> primaryKey) {
        var field = newFieldDefinition().name(table.rootField(TableInfo.SELECT_BY_PK))
                .description("fetch data from the table: \"" + table.name() + "\" using primary key columns")
                .type(GraphQLTypeReference.typeRef(table.typeName()));
        for (ColumnInfo column : primaryKey) {
            field.argument(newArgument().name(column.field()).description(column.description().orElse(null))
                    .type(GraphQLNonNull.nonNull(scalars.scalar(column.type()))));
        }
        return field.build();
    }

    private String enumName(ColumnInfo column) {
        return full.table(column.enumTable().orElseThrow()).orElseThrow().typeName() + "_enum";
    }
}
