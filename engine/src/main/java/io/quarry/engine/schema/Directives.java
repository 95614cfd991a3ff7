package io.quarry.engine.schema;

import graphql.Scalars;
import graphql.introspection.Introspection.DirectiveLocation;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLDirective;
import graphql.schema.GraphQLNonNull;

/** The directives Hasura declares beside GraphQL's own. */
final class Directives {
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

    private Directives() {
    }
}
