/**
 * Who a request runs as: a {@link io.quarry.engine.auth.Session} (role and {@code x-hasura-*} session variables)
 * resolved from the request's headers. Client-sent role and session headers count only with the admin secret (or
 * when no secret is configured, which makes every request admin).
 */
package io.quarry.engine.auth;
