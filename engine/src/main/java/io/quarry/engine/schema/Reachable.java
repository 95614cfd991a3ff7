package io.quarry.engine.schema;

import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLModifiedType;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The types declared for a role's schema, of which the schema gets only those its root types reach. Types are
 * declared for every table the role reads, but a schema, as Hasura's, holds only what its root fields use: a role
 * without aggregations has no {@code <t>_aggregate_fields}, one that may not update has no {@code <t>_set_input}.
 * Declared types refer to one another by name ({@link graphql.schema.GraphQLTypeReference}), which is followed here
 * before graphql-java resolves it, so the schema is built once.
 */
final class Reachable {
    private final Map<String, GraphQLNamedType> declared = new LinkedHashMap<>();
    /** Types kept even when nothing reaches them: the enum tables' types, as Hasura keeps them. */
    private final Set<String> alwaysKept = new HashSet<>();

    void add(GraphQLNamedType type) {
        declared.put(type.getName(), type);
    }

    void keep(GraphQLNamedType type) {
        add(type);
        alwaysKept.add(type.getName());
    }

    /** Adds to {@code schema} the declared types that its roots (already set on it) or the kept types reach. */
    void addTo(GraphQLSchema.Builder schema, GraphQLObjectType... roots) {
        Set<String> reached = new HashSet<>();
        Deque<GraphQLType> pending = new ArrayDeque<>();
        for (GraphQLObjectType root : roots) {
            if (root != null) {
                pending.add(root);
            }
        }
        alwaysKept.forEach(name -> pending.add(declared.get(name)));
        while (!pending.isEmpty()) {
            GraphQLType type = pending.pop();
            while (type instanceof GraphQLModifiedType wrapper) {
                type = wrapper.getWrappedType();
            }
            String name = ((GraphQLNamedType) type).getName();
            if (!reached.add(name)) {
                continue;
            }
            GraphQLNamedType definition = declared.getOrDefault(name, (GraphQLNamedType) type);
            if (definition instanceof GraphQLObjectType object) {
                for (GraphQLFieldDefinition field : object.getFieldDefinitions()) {
                    pending.add(field.getType());
                    field.getArguments().stream().map(GraphQLArgument::getType).forEach(pending::add);
                }
            } else if (definition instanceof GraphQLInputObjectType input) {
                input.getFieldDefinitions().stream().map(GraphQLInputObjectField::getType).forEach(pending::add);
            }
        }
        declared.forEach((name, type) -> {
            if (reached.contains(name)) {
                schema.additionalType(type);
            }
        });
    }
}
