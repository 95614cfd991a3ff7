/** Logs as JSON lines, each with a {@code type} ({@code startup}, {@code http-log}, ...), as Hasura writes them. */
package io.quarry.engine.log;
