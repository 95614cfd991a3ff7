/**
 * The running engine: the current {@link io.quarry.engine.service.EngineState} (catalog, metadata, model, schema
 * and caches of one metadata version, immutable, swapped atomically on change) and the two things clients ask of
 * it, GraphQL queries and metadata operations, each wired through the stages in order.
 */
package io.quarry.engine.service;
