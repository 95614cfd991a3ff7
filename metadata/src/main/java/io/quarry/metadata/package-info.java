/**
 * The metadata model: which tables are tracked in which source, and their relationships.
 *
 * <p>Everything here is an immutable record; changes return a new {@link io.quarry.metadata.Metadata}.
 * {@link io.quarry.metadata.MetadataJson} reads and writes Hasura's metadata (version 3) JSON. Parts of the
 * format this model does not interpret yet (permissions, functions, remote schemas, ...) are kept verbatim in
 * the {@code other} maps, so a replace followed by an export loses nothing.
 *
 * <p>This module knows nothing of the database: checking the metadata against a live catalog is the engine's job.
 */
package io.quarry.metadata;
