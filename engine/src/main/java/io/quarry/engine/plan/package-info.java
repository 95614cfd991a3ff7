/**
 * Stage 5: the intermediate representation of a request and the planner that builds it.
 *
 * <p>The IR is a tree of records ({@link io.quarry.engine.plan.Field}, {@link io.quarry.engine.plan.BoolExp},
 * {@link io.quarry.engine.plan.TableSelect}) that says what to read, from which tables, under which conditions,
 * in terms of the model only. The SQL stage turns it into one statement.
 */
package io.quarry.engine.plan;
