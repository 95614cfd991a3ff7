/**
 * Logs as JSON lines, each with a {@code type} ({@code startup}, {@code http-log}, ...), as Hasura writes them.
 *
 * <p>{@link io.quarry.engine.log.JsonLog} is the engine's face: one SLF4J/Logback logger per log type, Hasura's rules
 * for enabled types and levels, and the request id taken from the request's Vert.x context (each HTTP request runs
 * on a context of its own, and the futures of its work complete on it, so the id follows the request across threads
 * without being passed along). {@link io.quarry.engine.log.LogbackSetup} configures the process's Logback, so the
 * libraries' lines are JSON too; a log given its own stream (tests) gets a Logback context of its own. Lines are
 * encoded and written by one thread behind a bounded queue that drops rather than blocks: an event loop never waits
 * on standard output.
 */
package io.quarry.engine.log;
