/**
 * Migrations in Hasura's project layout, applied by Flyway, and seeds.
 *
 * <p>Layout. {@code migrations/<database>/<version>_<name>/up.sql|down.sql} (Hasura's config v3, one folder per
 * source) and the older flat {@code migrations/<version>_<name>.up.sql|.down.sql}; the version is the millisecond
 * timestamp {@code migrate create} puts in front of the name, names may hold spaces. Seeds are
 * {@code seeds/<database>/<timestamp>_<name>.sql}.
 *
 * <p>Flyway runs the up migrations. {@link io.quarry.cli.migrate.HasuraLayoutResources} shows each {@code up.sql}
 * to Flyway as the versioned SQL migration {@code V<version>__<name>.sql}, so Flyway's own PostgreSQL parser splits
 * the file (dollar quotes, {@code COPY ... FROM stdin}), runs each migration in its own transaction, runs a
 * migration that cannot be in one ({@code CREATE INDEX CONCURRENTLY}, {@code ALTER TYPE ... ADD VALUE} on old
 * servers) outside a transaction, takes its advisory lock and keeps the history. We decide which migrations run
 * (all pending, the first N, up to a version, one version) and give Flyway exactly those; Flyway's validation is off
 * because Hasura's CLI never compared an applied migration with its file, and projects rely on editing them.
 * Flyway's community edition has no down migrations, so {@link io.quarry.cli.migrate.SqlFileRunner} runs
 * {@code down.sql} with the same parser and the history row goes in the same transaction.
 *
 * <p>History. Flyway's table {@code hdb_catalog.quarry_schema_history}, in the database being migrated: Hasura also
 * keeps its migration state in {@code hdb_catalog} (no {@code public} table appears in the user's schema, in
 * introspection or in {@code pg_dump -n public}), the history travels with the schema it describes, and one table
 * per database matches Hasura's state kept per source. It is Flyway's own format so that Flyway's locking and
 * bookkeeping work unchanged; Hasura's {@code hdb_version.cli_state} lives on the server and is not read.
 * Flyway puts its default schema first on the {@code search_path} while migrating; each migration resets it so
 * that unqualified names land where they would with Hasura ({@code public}).
 *
 * <p>Errors. A failing statement's Postgres error position is an offset in that statement; added to the line
 * where the statement starts it gives the line in the file, reported with the file's path.
 */
package io.quarry.cli.migrate;
