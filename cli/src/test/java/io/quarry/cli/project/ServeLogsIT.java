package io.quarry.cli.project;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The output of a real {@code quarry serve}, read as a log shipper reads it, through requests, errors, a metrics
 * scrape and the database dropping every connection of the engine: every line is a JSON object with a
 * {@code type}, the engine's and its libraries' alike.
 */
class ServeLogsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static HttpResponse<String> send(Engine engine, String path, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(engine.url + path))
                .timeout(Duration.ofSeconds(30));
        request = body == null ? request.GET() : request.POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyLineTheEnginePrintsIsJsonWithAType() throws Exception {
        try (Engine db = new Engine("quarry_servelogsit")) {
            db.sql("CREATE TABLE author (id serial PRIMARY KEY, name text); INSERT INTO author (name) VALUES ('Ann');");
            List<String> printed;
            try (Engine engine = db.start("--enabled-log-types", "startup,http-log,query-log", "--log-level", "info",
                    "--metrics-secret", "prom", "--metadata-poll-ms", "500")) {
                assertThat(send(engine, "/v1/metadata", "{\"type\":\"pg_track_table\",\"args\":{\"table\":\"author\"}}",
                        Map.of()).statusCode()).isEqualTo(200);
                String query = "{\"query\":\"{ author { name } }\"}";
                HttpResponse<String> answered = send(engine, "/v1/graphql", query, Map.of("x-request-id", "shipper-1"));
                assertThat(answered.headers().firstValue("x-request-id")).hasValue("shipper-1");
                send(engine, "/v1/graphql", "{\"query\":\"{ author { nope } }\"}", Map.of());
                send(engine, "/v1/graphql", "not json", Map.of());
                assertThat(send(engine, "/v1/metrics", null, Map.of("Authorization", "Bearer prom")).body())
                        .contains("hasura_graphql_requests_total{");
                // An outage: Postgres drops every connection of the engine, the pool's and the one listening for
                // metadata changes. Requests may fail meanwhile; the engine then serves again.
                Engine.onServer("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                        + db.database + "' AND pid <> pg_backend_pid()");
                boolean served = false;
                long deadline = System.currentTimeMillis() + 30_000;
                while (!served && System.currentTimeMillis() < deadline) {
                    served = send(engine, "/v1/graphql", query, Map.of()).body().contains("\"Ann\"");
                }
                assertThat(served).as("served after the outage").isTrue();
                printed = engine.stop();
            }
            List<JsonNode> lines = new ArrayList<>();
            for (String line : printed) {
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (IOException e) {
                    throw new AssertionError("not a JSON line: " + line, e);
                }
                assertThat(node.isObject()).as(line).isTrue();
                assertThat(node.path("type").isTextual()).as(line).isTrue();
                assertThat(node.path("level").asText()).as(line).isIn("debug", "info", "warn", "error");
                assertThat(node.has("timestamp") && node.has("detail")).as(line).isTrue();
                lines.add(node);
            }
            assertThat(lines).extracting(l -> l.get("type").asText()).contains("startup", "http-log", "query-log");
            assertThat(lines).filteredOn(l -> l.at("/detail/request_id").asText().equals("shipper-1"))
                    .extracting(l -> l.get("type").asText()).contains("http-log", "query-log");
        }
    }
}
