/**
 * Stage 1: reads the Postgres catalog into an immutable {@link io.quarry.engine.introspect.Catalog}.
 *
 * <p>One query ({@code catalog.sql}, beside this package in the resources) returns the whole catalog as a JSON
 * document, so introspection costs one round trip however large the database is.
 */
package io.quarry.engine.introspect;
