/**
 * Stage 8: the HTTP API on vertx-web: {@code /v1/graphql}, {@code /v1/metadata}, {@code /healthz},
 * {@code /v1/version}. Errors take Hasura's two shapes: {@code {"errors":[{"message","extensions":{"path","code"}}]}}
 * on the GraphQL endpoint (always HTTP 200), {@code {"path","error","code"}} with a 4xx status on the others.
 * The JSON Postgres returns is written out as it came, never parsed again.
 */
package io.quarry.engine.http;
