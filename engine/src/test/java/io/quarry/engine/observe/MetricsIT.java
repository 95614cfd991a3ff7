package io.quarry.engine.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.engine.config.EngineConfig;
import io.quarry.engine.log.JsonLog;
import io.quarry.engine.metrics.Metrics;
import io.quarry.engine.testing.PrometheusText;
import io.quarry.engine.testing.TestDatabase;
import io.quarry.engine.testing.TestServer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /v1/metrics} scraped after a few requests and read as Prometheus reads it. */
class MetricsIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<String, String> ADMIN = Map.of("x-hasura-admin-secret", "adm");
    private static TestDatabase db;
    private static TestServer server;
    /** The same database behind a metrics secret. */
    private static TestServer guarded;

    @BeforeAll
    static void setUp() throws Exception {
        db = TestDatabase.create(MetricsIT.class);
        db.execute("CREATE TABLE author (id serial PRIMARY KEY, name text NOT NULL);"
                + "INSERT INTO author (name) VALUES ('Ann'), ('Bob');");
        EngineConfig config = EngineConfig.defaults().withDatabaseUrl(db.url()).withAdminSecret(Optional.of("adm"));
        server = TestServer.start(config);
        server.post("/v1/metadata", "{\"type\":\"pg_track_table\",\"args\":{\"table\":\"author\"}}", ADMIN);
        server.post("/v1/metadata", "{\"type\":\"pg_create_select_permission\",\"args\":{\"table\":\"author\","
                + "\"role\":\"user\",\"permission\":{\"columns\":[\"id\"],\"filter\":{}}}}", ADMIN);
        JsonLog nowhere = new JsonLog(new PrintStream(OutputStream.nullOutputStream()), JsonLog.DEFAULT_TYPES);
        guarded = TestServer.start(config, nowhere, Metrics.create(Optional.of("prom")));
    }

    @AfterAll
    static void tearDown() {
        guarded.close();
        server.close();
        db.close();
    }

    private static HttpResponse<String> get(TestServer on, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + on.port() + path))
                .timeout(Duration.ofSeconds(30)).GET();
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static PrometheusText scrape() throws Exception {
        HttpResponse<String> response = get(server, "/v1/metrics", ADMIN);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue(Metrics.CONTENT_TYPE);
        return PrometheusText.parse(response.body());
    }

    private static double value(PrometheusText metrics, String name, Map<String, String> labels) {
        return metrics.value(name, labels).orElseThrow(() -> new AssertionError("no " + name + " " + labels));
    }

    @Test
    void requestsAreCountedByOperationTypeRoleAndStatusWithTheirLatencyAndErrorCodes() throws Exception {
        PrometheusText before = scrape();
        Map<String, String> adminQueries = Map.of("operation_type", "query", "response_status", "success",
                "role", "admin");
        double queries = before.value("hasura_graphql_requests_total", adminQueries).orElse(0.0);
        double hits = before.value("quarry_plan_cache_requests_total", Map.of("result", "hit")).orElse(0.0);
        double validation = before.value("quarry_graphql_errors_total", Map.of("code", "validation-failed"))
                .orElse(0.0);
        for (int i = 0; i < 3; i++) {
            assertThat(server.graphql("{ author { id name } }", Map.of(), ADMIN).at("/data/author").size())
                    .isEqualTo(2);
        }
        Map<String, String> user = Map.of("x-hasura-admin-secret", "adm", "x-hasura-role", "user");
        server.graphql("{ author { id } }", Map.of(), user);
        server.graphql("mutation { insert_author(objects: [{name: \"Cy\"}]) { affected_rows } }", Map.of(), ADMIN);
        assertThat(server.graphql("{ author { nope } }", Map.of(), ADMIN).at("/errors/0/extensions/code").asText())
                .isEqualTo("validation-failed");
        // Refused before the engine has them: no role yet, as Hasura's unknown operations.
        double refused = before.value("hasura_graphql_requests_total", Map.of("operation_type", "unknown",
                "response_status", "failed", "role", "")).orElse(0.0);
        double invalidJson = before.value("quarry_graphql_errors_total", Map.of("code", "invalid-json")).orElse(0.0);
        server.post("/v1/graphql", "not json", ADMIN);
        server.post("/v1/graphql", "{\"query\":\"{ author { id } }\"}", Map.of("x-hasura-admin-secret", "wrong"));

        PrometheusText after = scrape();
        assertThat(after.type("hasura_graphql_requests_total")).hasValue("counter");
        assertThat(after.type("hasura_graphql_execution_time_seconds")).hasValue("histogram");
        assertThat(value(after, "hasura_graphql_requests_total", adminQueries)).isEqualTo(queries + 3);
        assertThat(value(after, "hasura_graphql_requests_total", Map.of("operation_type", "query",
                "response_status", "success", "role", "user"))).isEqualTo(1);
        assertThat(value(after, "hasura_graphql_requests_total", Map.of("operation_type", "mutation",
                "response_status", "success", "role", "admin"))).isEqualTo(1);
        assertThat(value(after, "hasura_graphql_requests_total", Map.of("operation_type", "unknown",
                "response_status", "failed", "role", "admin"))).isGreaterThanOrEqualTo(1);
        assertThat(value(after, "quarry_graphql_errors_total", Map.of("code", "validation-failed")))
                .isEqualTo(validation + 1);
        assertThat(value(after, "hasura_graphql_requests_total", Map.of("operation_type", "unknown",
                "response_status", "failed", "role", ""))).isEqualTo(refused + 2);
        assertThat(value(after, "quarry_graphql_errors_total", Map.of("code", "invalid-json")))
                .isEqualTo(invalidJson + 1);
        // Hasura's buckets, cumulative, each with the request's labels; +Inf counts every successful request.
        for (String le : new String[] {"0.01", "0.03", "0.1", "0.3", "1.0", "3.0", "10.0", "+Inf"}) {
            assertThat(after.value("hasura_graphql_execution_time_seconds_bucket", Map.of("le", le,
                    "operation_type", "query", "role", "admin"))).as("bucket " + le).isPresent();
        }
        assertThat(value(after, "hasura_graphql_execution_time_seconds_bucket", Map.of("le", "+Inf",
                "operation_type", "query", "role", "admin"))).isEqualTo(queries + 3);
        assertThat(value(after, "hasura_graphql_execution_time_seconds_count", Map.of("operation_type", "query",
                "role", "admin"))).isEqualTo(queries + 3);
        // The same document three times: compiled once, then found in the plan cache.
        assertThat(value(after, "quarry_plan_cache_requests_total", Map.of("result", "hit")))
                .isGreaterThanOrEqualTo(hits + 2);
        assertThat(value(after, "quarry_plan_cache_size", Map.of())).isGreaterThanOrEqualTo(1);
    }

    @Test
    void poolConnectionsSchemaBuildsAndTheJvmAreMeasured() throws Exception {
        server.graphql("{ author { id } }", Map.of(), ADMIN);
        PrometheusText metrics = scrape();
        Map<String, String> source = Map.of("source_name", "default");
        assertThat(value(metrics, "hasura_postgres_connections", Map.of("source_name", "default", "role", "primary")))
                .isBetween(0.0, 10.0);
        assertThat(value(metrics, "quarry_postgres_pool_max_connections", source)).isEqualTo(10);
        assertThat(value(metrics, "quarry_postgres_pool_wait_time_seconds_count", source)).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "quarry_postgres_pool_wait_time_seconds_bucket", Map.of("source_name", "default",
                "le", "+Inf"))).isGreaterThanOrEqualTo(1);
        // Tracking a table and creating a permission each built the schemas again.
        assertThat(value(metrics, "quarry_schema_build_time_seconds_count", Map.of())).isGreaterThanOrEqualTo(3);
        // The scrape's own connection is open while it is answered.
        assertThat(value(metrics, "hasura_http_connections", Map.of())).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "hasura_websocket_connections", Map.of())).isZero();
        assertThat(value(metrics, "hasura_active_subscriptions", Map.of())).isZero();
        assertThat(metrics.samples("jvm_memory_used_bytes")).isNotEmpty();
        assertThat(metrics.samples("jvm_threads_live_threads")).isNotEmpty();
        assertThat(metrics.samples("process_cpu_usage")).isNotEmpty();
    }

    @Test
    void withoutAMetricsSecretOnlyAdminsReadMetrics() throws Exception {
        HttpResponse<String> anonymous = get(server, "/v1/metrics", Map.of());
        assertThat(anonymous.statusCode()).isGreaterThanOrEqualTo(400);
        assertThat(anonymous.body()).doesNotContain("hasura_graphql_requests_total");
        HttpResponse<String> user = get(server, "/v1/metrics", Map.of("x-hasura-admin-secret", "adm",
                "x-hasura-role", "user"));
        assertThat(user.statusCode()).isEqualTo(401);
        assertThat(user.body()).contains("\"code\":\"access-denied\"");
    }

    @Test
    void withAMetricsSecretOnlyItsBearerReadsMetrics() throws Exception {
        assertThat(get(guarded, "/v1/metrics", Map.of()).statusCode()).isEqualTo(401);
        assertThat(get(guarded, "/v1/metrics", Map.of("Authorization", "Bearer nope")).statusCode()).isEqualTo(401);
        assertThat(get(guarded, "/v1/metrics", ADMIN).statusCode()).isEqualTo(401);
        HttpResponse<String> prometheus = get(guarded, "/v1/metrics", Map.of("Authorization", "Bearer prom"));
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(PrometheusText.parse(prometheus.body()).samples("hasura_http_connections")).hasSize(1);
    }
}
