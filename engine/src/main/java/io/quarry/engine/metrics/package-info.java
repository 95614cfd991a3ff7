/**
 * The engine's Prometheus metrics, served on {@code /v1/metrics}: named as Hasura names them where Hasura has the
 * same measure ({@code hasura_graphql_requests_total}, {@code hasura_graphql_execution_time_seconds},
 * {@code hasura_http_connections}, {@code hasura_postgres_connections}, ...), {@code quarry_} otherwise, and the
 * JVM's. Stages report through small meters ({@link io.quarry.engine.metrics.RequestMeter},
 * {@link io.quarry.engine.metrics.PoolMeter}) and never see the registry.
 */
package io.quarry.engine.metrics;
