/** Errors shown to clients: Hasura's closed set of codes, carried by one exception type with a JSON path. */
package io.quarry.engine.error;
