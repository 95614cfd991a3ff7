package io.quarry.engine.schema;

import graphql.Scalars;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLTypeReference;
import io.quarry.engine.introspect.EnumValue;
import io.quarry.engine.model.TableInfo;
import java.util.List;

import static graphql.schema.GraphQLInputObjectField.newInputObjectField;

/** The GraphQL enums of a schema: Hasura's enum tables ({@code is_enum}) and the {@code order_by} directions. */
final class EnumTypes {
    private EnumTypes() {
    }

    /** {@code <enum table>_enum}: one value per row of the enum table, described by its comment. */
    static GraphQLEnumType values(TableInfo table, List<EnumValue> values) {
        var type = GraphQLEnumType.newEnum().name(table.typeName() + "_enum");
        table.description().ifPresent(type::description);
        for (EnumValue value : values) {
            type.value(value.value(), value.value(), value.comment().orElse(null));
        }
        return type.build();
    }

    /** {@code <enum table>_enum_comparison_exp}: the operators Hasura offers on enum table values. */
    static GraphQLInputObjectType comparison(TableInfo table) {
        String name = table.typeName() + "_enum";
        GraphQLTypeReference type = GraphQLTypeReference.typeRef(name);
        return GraphQLInputObjectType.newInputObject().name(name + "_comparison_exp")
                .description("Boolean expression to compare columns of type \"" + name
                        + "\". All fields are combined with logical 'AND'.")
                .field(newInputObjectField().name("_eq").type(type))
                .field(newInputObjectField().name("_in").type(GraphQLList.list(GraphQLNonNull.nonNull(type))))
                .field(newInputObjectField().name("_is_null").type(Scalars.GraphQLBoolean))
                .field(newInputObjectField().name("_neq").type(type))
                .field(newInputObjectField().name("_nin").type(GraphQLList.list(GraphQLNonNull.nonNull(type))))
                .build();
    }

    /** {@code order_by}: the directions, with where nulls go. */
    static GraphQLEnumType orderBy() {
        return GraphQLEnumType.newEnum().name(SchemaBuilder.ORDER_BY).description("column ordering options")
                .value("asc", "asc", "in ascending order, nulls last")
                .value("asc_nulls_first", "asc_nulls_first", "in ascending order, nulls first")
                .value("asc_nulls_last", "asc_nulls_last", "in ascending order, nulls last")
                .value("desc", "desc", "in descending order, nulls first")
                .value("desc_nulls_first", "desc_nulls_first", "in descending order, nulls first")
                .value("desc_nulls_last", "desc_nulls_last", "in descending order, nulls last")
                .build();
    }
}
