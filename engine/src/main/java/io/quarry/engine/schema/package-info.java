/**
 * Stage 3: the GraphQL schema of a role, built once per metadata version.
 *
 * <p>{@link io.quarry.engine.schema.SchemaBuilder} names types and fields as Hasura does ({@code author},
 * {@code author_by_pk}, {@code author_bool_exp}, {@code author_order_by}, {@code Int_comparison_exp}, ...). Together
 * with the graphql-java schema it returns a {@link io.quarry.engine.schema.RoleSchema} whose lookup tables tell the
 * planner what each root field and object type stands for, so the schema and the planner read one source of truth.
 */
package io.quarry.engine.schema;
