/**
 * Stage 4: an HTTP body becomes a validated operation.
 *
 * <p>{@link io.quarry.engine.request.GraphQLRequest} reads the JSON body; an
 * {@link io.quarry.engine.request.OperationPreparer} (one per role schema) parses and validates the query once per
 * distinct text, then for every request coerces the variables and flattens the selection into
 * {@link io.quarry.engine.request.FieldNode}s. graphql-java's types end here: later stages see only our records.
 *
 * <p>Errors follow Hasura's parser, which clients and Hasura's own tests depend on: first the fragments are inlined
 * (an undefined fragment, a cycle), then the variables resolved against the JSON given (a missing non-null one, one
 * given and never used: {@code unexpected variables in variableValues}), then the selection is parsed field by field,
 * each error at the JSON path of what is wrong. {@code OperationCheck} finds what depends on the document alone once
 * per document and records where each variable is used; {@code InputCheck} reads a value, written or given as JSON,
 * against its type, so a variable's value is checked at the argument that uses it, as Hasura checks it.
 * graphql-java's validator then reports only what these checks leave (duplicate names, fragments on unknown types).
 *
 * <p>Introspection ({@code __schema}, {@code __type}) is answered here, from the role's schema, by
 * {@code IntrospectionWriter}: it walks the flattened selection and writes JSON as it goes, the same bytes as
 * graphql-java's execution serialised by Jackson, which built the whole answer as maps first (gigabytes for a
 * database of thousands of tables). {@code GoodFaith} keeps graphql-java's limits on what such a query may ask.
 * A whole answer is kept as {@link io.quarry.engine.request.JsonChunks}, so that it is held once and sent as it is.
 */
package io.quarry.engine.request;
