/**
 * Metadata kept in the database it describes, in {@code hdb_catalog.hdb_metadata} as Hasura keeps it, so that it
 * survives restarts and every engine instance on the database serves the same API. Each write bumps the
 * {@code resource_version}; a write based on an older version is refused, and instances poll the version to notice
 * changes made by others.
 */
package io.quarry.engine.store;
