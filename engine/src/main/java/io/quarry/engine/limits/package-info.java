/**
 * API limits: the per-role bounds of metadata's {@code api_limits} (depth, nodes, batch size, time, rate) combined
 * with the engine's own {@link io.quarry.engine.config.Protections}, which metadata may tighten but never loosen.
 *
 * <p>As in Hasura, none of them applies to the admin, and {@code disabled} switches the metadata limits off
 * without forgetting them. The rate limiter is the only state that outlives a metadata version: it belongs to the
 * engine, keyed by role and the client's unique parameters, and its memory is bounded.
 */
package io.quarry.engine.limits;
