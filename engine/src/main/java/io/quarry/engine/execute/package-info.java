/**
 * Stage 7: runs a compiled statement and returns the JSON text Postgres built, untouched.
 *
 * <p>Statements are prepared and cached per connection by the client; since session values travel as parameters,
 * the text of a query is the same for every caller and is prepared once per connection.
 */
package io.quarry.engine.execute;
