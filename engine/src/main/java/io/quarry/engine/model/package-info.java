/**
 * Stage 2: metadata checked against the catalog.
 *
 * <p>{@link io.quarry.engine.model.ModelBuilder} resolves every tracked table and relationship of the metadata to
 * the relations, columns and foreign keys the database really has. What cannot be resolved (a dropped table, a
 * renamed column, a relationship to an untracked table) becomes an {@link io.quarry.engine.model.Inconsistency}
 * and is left out of the {@link io.quarry.engine.model.Model}; everything else is still served.
 */
package io.quarry.engine.model;
