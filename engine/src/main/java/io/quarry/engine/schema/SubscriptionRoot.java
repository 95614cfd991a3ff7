package io.quarry.engine.schema;

import graphql.Scalars;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLTypeReference;
import io.quarry.engine.model.ColumnInfo;
import io.quarry.engine.model.SelectPermission;
import io.quarry.engine.model.TableInfo;
import io.quarry.metadata.QualifiedTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static graphql.schema.GraphQLArgument.newArgument;
import static graphql.schema.GraphQLFieldDefinition.newFieldDefinition;
import static graphql.schema.GraphQLInputObjectField.newInputObjectField;

/**
 * The fields of {@code subscription_root}: a role's query root fields that its permissions let it subscribe to
 * ({@code subscription_root_fields}), and a {@code <table>_stream} field per table it may stream from, with the
 * input types Hasura gives it ({@code <table>_stream_cursor_input}, {@code cursor_ordering}).
 */
final class SubscriptionRoot {
    static final String BATCH_SIZE = "batch_size";
    static final String CURSOR = "cursor";

    private final ScalarTypes scalars;
    /** The role's select permissions by table; none for the admin. */
    private final Map<QualifiedTable, SelectPermission> permissions;
    private final List<GraphQLFieldDefinition> fields = new ArrayList<>();
    private final List<GraphQLInputObjectType> types = new ArrayList<>();

    SubscriptionRoot(ScalarTypes scalars, Map<QualifiedTable, SelectPermission> permissions) {
        this.scalars = scalars;
        this.permissions = permissions;
    }

    void add(GraphQLFieldDefinition field) {
        fields.add(field);
    }

    /** Whether the role's permission gives the table this subscription root field (the admin has them all). */
    boolean allows(TableInfo table, String kind) {
        SelectPermission permission = permissions.get(table.name());
        return permission == null || permission.allowsSubscriptionRootField(kind);
    }

    /** A table's root field: into the query root when {@code inQuery}, and here when the permission allows it. */
    void offer(TableInfo table, String kind, GraphQLFieldDefinition field, boolean inQuery,
            List<GraphQLFieldDefinition> queryFields) {
        if (inQuery) {
            queryFields.add(field);
        }
        if (allows(table, kind)) {
            fields.add(field);
        }
    }

    /**
     * {@code <table>_stream(batch_size, cursor, where)}: the rows after a cursor, a batch at a time; none when the
     * role sees no column to stream by.
     */
    boolean addStream(TableInfo table) {
        if (table.columns().isEmpty()) {
            return false;
        }
        String cursorInput = table.typeName() + "_stream_cursor_input";
        String valueInput = table.typeName() + "_stream_cursor_value_input";
        List<GraphQLInputObjectField> values = new ArrayList<>();
        for (ColumnInfo column : table.columns()) {
            values.add(newInputObjectField().name(column.field()).type(scalars.scalar(column.type())).build());
        }
        values.sort(Comparator.comparing(GraphQLInputObjectField::getName));
        types.add(GraphQLInputObjectType.newInputObject().name(valueInput)
                .description("Initial value of the column from where the streaming should start")
                .fields(values).build());
        types.add(GraphQLInputObjectType.newInputObject().name(cursorInput)
                .description("Streaming cursor of the table \"" + table.typeName() + "\"")
                .field(newInputObjectField().name("initial_value")
                        .description("Stream column input with initial value")
                        .type(GraphQLNonNull.nonNull(GraphQLTypeReference.typeRef(valueInput))))
                .field(newInputObjectField().name("ordering").description("cursor ordering")
                        .type(GraphQLTypeReference.typeRef("cursor_ordering")))
                .build());
        fields.add(newFieldDefinition().name(table.rootField(TableInfo.SELECT_STREAM))
                .description("fetch data from the table in a streaming manner: \"" + table.name() + "\"")
                .argument(newArgument().name(BATCH_SIZE).description("maximum number of rows returned in a single batch")
                        .type(GraphQLNonNull.nonNull(Scalars.GraphQLInt)))
                .argument(newArgument().name(CURSOR).description("cursor to stream the results returned by the query")
                        .type(GraphQLNonNull.nonNull(GraphQLList.list(GraphQLTypeReference.typeRef(cursorInput)))))
                .argument(newArgument().name("where").description("filter the rows returned")
                        .type(GraphQLTypeReference.typeRef(table.typeName() + "_bool_exp")))
                .type(GraphQLNonNull.nonNull(GraphQLList.list(GraphQLNonNull.nonNull(
                        GraphQLTypeReference.typeRef(table.typeName())))))
                .build());
        return true;
    }

    /**
     * The {@code subscription_root} type, its input types declared in {@code types}; null when the role may subscribe
     * to nothing.
     */
    GraphQLObjectType root(Reachable types) {
        if (fields.isEmpty()) {
            return null;
        }
        this.types.forEach(types::add);
        types.add(GraphQLEnumType.newEnum().name("cursor_ordering").description("ordering argument of a cursor")
                .value("ASC", "ASC", "ascending ordering of the cursor")
                .value("DESC", "DESC", "descending ordering of the cursor").build());
        fields.sort(Comparator.comparing(GraphQLFieldDefinition::getName));
        return GraphQLObjectType.newObject().name("subscription_root").fields(fields).build();
    }
}
