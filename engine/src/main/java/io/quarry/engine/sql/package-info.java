/**
 * Stage 6: the IR as one SQL statement.
 *
 * <p>SQL is assembled from {@link io.quarry.engine.sql.Sql} fragments, never by concatenating strings:
 * {@link io.quarry.engine.sql.Sql#ident} is the only way a name enters the text (it doubles quotes), every value
 * from a request is a parameter sent as text and cast by Postgres to the column's type ({@code $1::text::int4}),
 * and {@link io.quarry.engine.sql.Sql#raw} takes constants only. Table aliases are numbered per statement
 * ({@code _0}, {@code _1}, ...) so the same request always yields the same text.
 *
 * <p>A query is one {@code SELECT json_build_object(...)} whose root fields are scalar subqueries; rows become JSON
 * with {@code json_build_object}, lists with {@code json_agg}, and relationships are {@code LEFT JOIN LATERAL}s.
 * This package imports neither graphql-java nor Vert.x.
 */
package io.quarry.engine.sql;
