package io.quarry.engine.schema;

import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLTypeReference;
import io.quarry.engine.introspect.PgFunction;
import io.quarry.engine.model.FunctionInfo;
import io.quarry.engine.model.TableInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static graphql.schema.GraphQLArgument.newArgument;
import static graphql.schema.GraphQLFieldDefinition.newFieldDefinition;
import static graphql.schema.GraphQLInputObjectField.newInputObjectField;

/**
 * The fields of functions, named as Hasura names them: a tracked query function's {@code <f>} and
 * {@code <f>_aggregate} on {@code query_root}, a mutation function's {@code <f>} on {@code mutation_root}, and the
 * {@code args} input types they and computed fields take (kept once per name, added to the schema at the end).
 */
final class FunctionFields {
    private final ScalarTypes scalars;
    private final Map<String, GraphQLInputObjectType> argumentTypes = new LinkedHashMap<>();

    FunctionFields(ScalarTypes scalars) {
        this.scalars = scalars;
    }

    /** The {@code args} input types made so far. */
    Collection<GraphQLInputObjectType> types() {
        return argumentTypes.values();
    }

    /** {@code <f>(args, distinct_on, limit, offset, order_by, where): [T!]!} and, if allowed, its aggregate. */
    void addQuery(FunctionInfo function, TableInfo table, List<GraphQLArgument> select, boolean aggregates,
            List<GraphQLFieldDefinition> fields, Map<String, RootFieldInfo> rootFields) {
        List<GraphQLArgument> arguments = arguments(function, select);
        String description = function.function().comment().orElse("execute function \"" + function.name()
                + "\" which returns \"" + table.name() + "\"");
        fields.add(rows(function, table, description, arguments));
        rootFields.put(function.rootField(), new RootFieldInfo(RootFieldInfo.Kind.SELECT, table, Optional.of(function)));
        if (aggregates) {
            fields.add(AggregateTypes.field(function.aggregateField(), table).description(description)
                    .arguments(arguments).build());
            rootFields.put(function.aggregateField(),
                    new RootFieldInfo(RootFieldInfo.Kind.SELECT_AGGREGATE, table, Optional.of(function)));
        }
    }

    /** A mutation function's field: as its query field, without an aggregate (Hasura exposes none). */
    void addMutation(FunctionInfo function, TableInfo table, List<GraphQLArgument> select,
            List<GraphQLFieldDefinition> fields, Map<String, RootFieldInfo> rootFields) {
        String description = function.function().comment().orElse("execute VOLATILE function \"" + function.name()
                + "\" which returns \"" + table.name() + "\"");
        fields.add(rows(function, table, description, arguments(function, select)));
        rootFields.put(function.rootField(),
                new RootFieldInfo(RootFieldInfo.Kind.FUNCTION_MUTATION, table, Optional.of(function)));
    }

    private GraphQLFieldDefinition rows(FunctionInfo function, TableInfo table, String description,
            List<GraphQLArgument> arguments) {
        return newFieldDefinition().name(function.rootField()).description(description).arguments(arguments)
                .type(GraphQLNonNull.nonNull(GraphQLList.list(GraphQLNonNull.nonNull(
                        GraphQLTypeReference.typeRef(table.typeName()))))).build();
    }

    private List<GraphQLArgument> arguments(FunctionInfo function, List<GraphQLArgument> select) {
        List<GraphQLArgument> arguments = new ArrayList<>();
        arguments(function.argumentsType(), function.function(), function.argumentNames(),
                "function \"" + function.function().name().name() + "\"").ifPresent(arguments::add);
        arguments.addAll(select);
        return arguments;
    }

    /**
     * The {@code args} argument of a function field: an input object {@code typeName} with a field per argument
     * that has a GraphQL name, required when some argument has no default.
     */
    Optional<GraphQLArgument> arguments(String typeName, PgFunction function, List<String> names, String describedAs) {
        var type = GraphQLInputObjectType.newInputObject().name(typeName);
        boolean required = false;
        boolean any = false;
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i) == null) {
                continue;
            }
            any = true;
            required |= !function.hasDefault(i);
            type.field(newInputObjectField().name(names.get(i)).type(scalars.argument(function.arguments().get(i).type())));
        }
        if (!any) {
            return Optional.empty();
        }
        argumentTypes.putIfAbsent(typeName, type.build());
        GraphQLTypeReference ref = GraphQLTypeReference.typeRef(typeName);
        return Optional.of(newArgument().name("args").description("input parameters for " + describedAs)
                .type(required ? GraphQLNonNull.nonNull(ref) : ref).build());
    }
}
