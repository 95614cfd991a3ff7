/**
 * Stage 4: an HTTP body becomes a validated operation.
 *
 * <p>{@link io.quarry.engine.request.GraphQLRequest} reads the JSON body; an
 * {@link io.quarry.engine.request.OperationPreparer} (one per role schema) parses and validates the query once per
 * distinct text, then for every request coerces the variables and flattens the selection into
 * {@link io.quarry.engine.request.FieldNode}s. graphql-java's types end here: later stages see only our records.
 */
package io.quarry.engine.request;
