/**
 * Metadata kept in the database it describes, in {@code hdb_catalog.hdb_metadata} as Hasura keeps it, so that it
 * survives restarts and every engine instance on the database serves the same API. Each write bumps the
 * {@code resource_version}; a write based on an older version is refused.
 *
 * <p>Engines follow each other's changes through Postgres: the statement that stores a version also sends
 * {@code NOTIFY quarry_metadata} with {@code {"resource_version": n, "instance_id": "..."}}, delivered to every
 * listener when (and only if) the write commits. Each engine listens on a connection of its own
 * ({@link io.quarry.engine.store.MetadataChannel}); notices are not kept for a listener that is away, so after a lost
 * connection the engine reconnects and compares the stored version with its own, and a slow poll of the version
 * covers whatever else is lost. Changes the document does not show (DDL through {@code run_sql},
 * {@code reload_metadata}) bump the version too, so that the others read the catalog again, as Hasura does.
 */
package io.quarry.engine.store;
