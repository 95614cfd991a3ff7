/**
 * Stage 1: reads the Postgres catalog into an immutable {@link io.quarry.engine.introspect.Catalog}.
 *
 * <p>One query ({@code catalog.sql}, beside this package in the resources) returns the whole catalog as a JSON
 * document, so introspection costs one round trip however large the database is. Its parts are aggregated for all
 * relations at once and joined by OID, so it grows linearly with their number.
 *
 * <p>A metadata change must see the database as it is now, yet reading thousands of relations for each change
 * would cost seconds. A second, small query ({@code stamps.sql}) stamps each relation with the transaction ids that
 * last wrote its catalog rows, and tells which relations had columns written since the snapshot of the last read (one
 * pass over the columns, rather than a sum of them for each relation); a
 * {@link io.quarry.engine.introspect.Snapshot} keeps the stamps beside the catalog read after them, and the next read
 * asks {@code catalog.sql} only for the relations whose stamps differ or whose columns were written. Starting,
 * {@code reload_metadata} and {@code run_sql} that changes the schema read everything.
 */
package io.quarry.engine.introspect;
