package io.quarry.engine.schema;

import graphql.Scalars;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLOutputType;
import graphql.schema.GraphQLTypeReference;
import io.quarry.engine.introspect.PgType;
import io.quarry.engine.model.ColumnInfo;
import io.quarry.engine.model.TableInfo;
import java.util.ArrayList;
import java.util.List;

import static graphql.schema.GraphQLFieldDefinition.newFieldDefinition;
import static graphql.schema.GraphQLInputObjectField.newInputObjectField;

/**
 * The aggregate types of a table, named as Hasura names them: {@code <t>_aggregate} (aggregate and nodes),
 * {@code <t>_aggregate_fields} (count and the functions), {@code <t>_sum_fields}, {@code <t>_avg_fields}, ...
 */
final class AggregateTypes {
    /** Functions over numeric columns returning Float, and sum, which keeps the column's type. */
    static final List<String> STATISTICS = List.of("avg", "stddev", "stddev_pop", "stddev_samp", "var_pop",
            "var_samp", "variance");

    private AggregateTypes() {
    }

    /** Whether sum, avg and the statistics apply. */
    static boolean isNumeric(PgType type) {
        return type.underlying().category() == 'N';
    }

    /** Whether max and min apply: numbers, strings and dates and times. */
    static boolean isComparable(PgType type) {
        char c = type.underlying().category();
        return c == 'N' || c == 'S' || c == 'D';
    }

    static List<GraphQLNamedType> types(TableInfo table, ScalarTypes scalars) {
        String t = table.typeName();
        List<GraphQLNamedType> types = new ArrayList<>();
        List<ColumnInfo> numeric = table.columns().stream().filter(c -> isNumeric(c.type())).toList();
        List<ColumnInfo> comparable = table.columns().stream().filter(c -> isComparable(c.type())).toList();
        var fields = GraphQLObjectType.newObject().name(t + "_aggregate_fields")
                .description("aggregate fields of \"" + table.name() + "\"");
        var count = newFieldDefinition().name("count").type(GraphQLNonNull.nonNull(Scalars.GraphQLInt));
        if (!table.columns().isEmpty()) {
            count.argument(GraphQLArgument.newArgument().name("columns")
                            .type(GraphQLList.list(GraphQLNonNull.nonNull(GraphQLTypeReference.typeRef(t + "_select_column")))))
                    .argument(GraphQLArgument.newArgument().name("distinct").type(Scalars.GraphQLBoolean));
        }
        fields.field(count);
        if (!numeric.isEmpty()) {
            List<String> functions = new ArrayList<>(STATISTICS);
            functions.add(1, "sum");
            for (String function : functions) {
                String name = t + "_" + function + "_fields";
                var type = GraphQLObjectType.newObject().name(name)
                        .description("aggregate " + function + " on columns");
                for (ColumnInfo c : numeric) {
                    GraphQLOutputType result = function.equals("sum") ? scalars.scalar(c.type()) : Scalars.GraphQLFloat;
                    type.field(newFieldDefinition().name(c.field()).description(c.description().orElse(null))
                            .type(result));
                }
                types.add(type.build());
                fields.field(newFieldDefinition().name(function).type(GraphQLTypeReference.typeRef(name)));
            }
        }
        if (!comparable.isEmpty()) {
            for (String function : List.of("max", "min")) {
                String name = t + "_" + function + "_fields";
                var type = GraphQLObjectType.newObject().name(name).description("aggregate " + function + " on columns");
                for (ColumnInfo c : comparable) {
                    type.field(newFieldDefinition().name(c.field()).description(c.description().orElse(null))
                            .type(scalars.scalar(c.type())));
                }
                types.add(type.build());
                fields.field(newFieldDefinition().name(function).type(GraphQLTypeReference.typeRef(name)));
            }
        }
        types.add(fields.build());
        types.add(GraphQLObjectType.newObject().name(t + "_aggregate")
                .description("aggregated selection of \"" + table.name() + "\"")
                .field(newFieldDefinition().name("aggregate").type(GraphQLTypeReference.typeRef(t + "_aggregate_fields")))
                .field(newFieldDefinition().name("nodes").type(GraphQLNonNull.nonNull(GraphQLList.list(
                        GraphQLNonNull.nonNull(GraphQLTypeReference.typeRef(t)))))).build());
        if (!table.columns().isEmpty()) {
            // GraphQL has no empty enums: a role that may read no column has no column to name.
            var select = GraphQLEnumType.newEnum().name(t + "_select_column")
                    .description("select columns of table \"" + table.name() + "\"");
            for (ColumnInfo c : table.columns()) {
                select.value(c.field(), c.field(), "column name");
            }
            types.add(select.build());
        }
        return types;
    }

    static GraphQLFieldDefinition.Builder field(String name, TableInfo target) {
        return newFieldDefinition().name(name)
                .type(GraphQLNonNull.nonNull(GraphQLTypeReference.typeRef(target.typeName() + "_aggregate")));
    }

    /** {@code <t>_aggregate_order_by}: order by {@code count} or a function of a column of the related rows. */
    static List<GraphQLInputObjectType> orderBy(TableInfo table, GraphQLEnumType orderBy) {
        String t = table.typeName();
        List<GraphQLInputObjectType> types = new ArrayList<>();
        var aggregate = GraphQLInputObjectType.newInputObject().name(t + "_aggregate_order_by")
                .description("order by aggregate values of table \"" + table.name() + "\"")
                .field(newInputObjectField().name("count").type(orderBy));
        List<String> functions = new ArrayList<>(AggregateTypes.STATISTICS);
        functions.addAll(List.of("max", "min", "sum"));
        for (String function : functions) {
            boolean ordering = function.equals("max") || function.equals("min");
            List<ColumnInfo> columns = table.columns().stream()
                    .filter(c -> ordering ? AggregateTypes.isComparable(c.type()) : AggregateTypes.isNumeric(c.type()))
                    .toList();
            if (columns.isEmpty()) {
                continue;
            }
            var byFunction = GraphQLInputObjectType.newInputObject().name(t + "_" + function + "_order_by")
                    .description("order by " + function + "() on columns of table \"" + table.name() + "\"");
            columns.forEach(c -> byFunction.field(newInputObjectField().name(c.field())
                    .description(c.description().orElse(null)).type(orderBy)));
            types.add(byFunction.build());
            aggregate.field(newInputObjectField().name(function)
                    .type(GraphQLTypeReference.typeRef(t + "_" + function + "_order_by")));
        }
        types.add(aggregate.build());
        return types;
    }

    /** {@code <t>_aggregate_bool_exp}: predicates on the count of a table's rows, for array relationships. */
    static List<GraphQLInputObjectType> boolExp(TableInfo table, ScalarTypes scalars) {
        String t = table.typeName();
        GraphQLInputObjectType count = GraphQLInputObjectType.newInputObject().name(t + "_aggregate_bool_exp_count")
                .field(newInputObjectField().name("arguments").type(GraphQLList.list(GraphQLNonNull.nonNull(
                        GraphQLTypeReference.typeRef(t + "_select_column")))))
                .field(newInputObjectField().name("distinct").type(Scalars.GraphQLBoolean))
                .field(newInputObjectField().name("filter").type(GraphQLTypeReference.typeRef(t + "_bool_exp")))
                .field(newInputObjectField().name("predicate").type(GraphQLNonNull.nonNull(
                        scalars.comparison(PgType.builtin("int4", 'N')))))
                .build();
        GraphQLInputObjectType aggregate = GraphQLInputObjectType.newInputObject().name(t + "_aggregate_bool_exp")
                .field(newInputObjectField().name("count").type(count)).build();
        return List.of(count, aggregate);
    }
}
