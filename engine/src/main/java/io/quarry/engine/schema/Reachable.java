package io.quarry.engine.schema;

import graphql.Scalars;
import graphql.introspection.Introspection.DirectiveLocation;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLDirective;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.usage.SchemaUsage;
import graphql.schema.usage.SchemaUsageSupport;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The finishing of a role's schema. Types are declared for every table the role reads, but a schema, as Hasura's,
 * holds only those its root fields reach: a role without aggregations has no {@code <t>_aggregate_fields}, one
 * that may not update has no {@code <t>_set_input}. The schema is built once with every declared type, so that
 * graphql-java finds what each root field reaches, then again with only those.
 */
final class Reachable {
    /**
     * Hasura's {@code @cached}, declared so that clients that send it are served; the answers are not cached here
     * (each request runs its statement), which only makes them fresher.
     */
    static final GraphQLDirective CACHED = GraphQLDirective.newDirective().name("cached")
            .description("whether this query should be cached (Hasura Cloud only)")
            .validLocation(DirectiveLocation.QUERY)
            .argument(GraphQLArgument.newArgument().name("ttl").description("measured in seconds")
                    .type(GraphQLNonNull.nonNull(Scalars.GraphQLInt)).defaultValueProgrammatic(60))
            .argument(GraphQLArgument.newArgument().name("refresh").description("refresh the cache entry")
                    .type(GraphQLNonNull.nonNull(Scalars.GraphQLBoolean)).defaultValueProgrammatic(false))
            .build();

    private Reachable() {
    }

    /** The schema of only the reachable types, and of {@code alwaysKept} (enum tables' types, as Hasura keeps them). */
    static GraphQLSchema from(GraphQLSchema declared, Set<String> alwaysKept) {
        SchemaUsage usage = SchemaUsageSupport.getSchemaUsage(declared);
        Set<GraphQLType> kept = new LinkedHashSet<>();
        for (GraphQLType type : declared.getAdditionalTypes()) {
            if (type instanceof GraphQLNamedType named && (alwaysKept.contains(named.getName())
                    || usage.isStronglyReferenced(declared, named.getName()))) {
                kept.add(type);
            }
        }
        return GraphQLSchema.newSchema(declared).clearAdditionalTypes().additionalTypes(kept).build();
    }
}
