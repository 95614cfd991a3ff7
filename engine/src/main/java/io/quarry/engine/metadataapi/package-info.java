/**
 * The operations of {@code POST /v1/metadata} ({@code pg_track_table}, {@code pg_create_object_relationship},
 * {@code export_metadata}, {@code bulk}, ...), with Hasura's argument shapes, responses and error codes.
 *
 * <p>Operations are pure: given the current metadata and catalog they return the next metadata and the response.
 * Reading the catalog, storing the result and swapping the engine's state is the caller's job, so a failed
 * operation (or any failed operation of a {@code bulk}) changes nothing.
 */
package io.quarry.engine.metadataapi;
