package io.quarry.engine.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarry.engine.Quarry;
import io.quarry.engine.config.EngineConfig;
import io.quarry.engine.config.SubscriptionConfig;
import io.quarry.engine.log.JsonLog;
import io.quarry.engine.metrics.Metrics;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A Quarry server on a free loopback port, with a small client for its HTTP API. */
public final class TestServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An HTTP answer: status and parsed body. */
    public record Response(int status, JsonNode body, String text) {
    }

    private final Quarry quarry;
    /** The headers of metadata requests: the admin secret, when the server has one. */
    private final Map<String, String> admin;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestServer(Quarry quarry, Map<String, String> admin) {
        this.quarry = quarry;
        this.admin = admin;
    }

    public static TestServer start(String databaseUrl) {
        return start(EngineConfig.defaults().withDatabaseUrl(databaseUrl));
    }

    public static TestServer start(EngineConfig config) {
        // Every log type on, so that logging runs in the tests too; the lines go nowhere.
        return start(config, new JsonLog(new PrintStream(OutputStream.nullOutputStream()), JsonLog.DEFAULT_TYPES));
    }

    /** A server whose log lines go to {@code log}. */
    public static TestServer start(EngineConfig config, JsonLog log) {
        return start(config, log, Metrics.create(Optional.empty()));
    }

    /** A server whose log lines go to {@code log}, measured into {@code metrics}. */
    public static TestServer start(EngineConfig config, JsonLog log, Metrics metrics) {
        return start(config, log, metrics, SubscriptionConfig.defaults());
    }

    /** A server serving subscriptions as {@code subscriptions} says (a short refetch interval keeps tests fast). */
    public static TestServer start(EngineConfig config, SubscriptionConfig subscriptions) {
        return start(config, new JsonLog(new PrintStream(OutputStream.nullOutputStream()), JsonLog.DEFAULT_TYPES),
                Metrics.create(Optional.empty()), subscriptions);
    }

    private static TestServer start(EngineConfig config, JsonLog log, Metrics metrics,
            SubscriptionConfig subscriptions) {
        EngineConfig onLoopback = config.withHost("127.0.0.1").withPort(0);
        try {
            Quarry quarry = Quarry.start(onLoopback, log, metrics, subscriptions)
                    .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            return new TestServer(quarry, config.adminSecret().map(s -> Map.of("x-hasura-admin-secret", s))
                    .orElse(Map.of()));
        } catch (Exception e) {
            throw new IllegalStateException("server did not start", e);
        }
    }

    public Quarry quarry() {
        return quarry;
    }

    public int port() {
        return quarry.port();
    }

    public Response post(String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return send(request.build());
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(Duration.ofSeconds(30)).GET().build());
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body;
            try {
                body = JSON.readTree(response.body());
            } catch (IOException e) {
                body = null;
            }
            return new Response(response.statusCode(), body, response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Posts a GraphQL query (with optional variables) and returns the response body. */
    public JsonNode graphql(String query) {
        return graphql(query, Map.of(), Map.of());
    }

    public JsonNode graphql(String query, Map<String, ?> variables, Map<String, String> headers) {
        ObjectNode body = JSON.createObjectNode().put("query", query);
        body.set("variables", JSON.valueToTree(variables));
        return post("/v1/graphql", body.toString(), headers).body();
    }

    /** Posts a metadata request and returns the whole response. */
    public Response metadata(String json) {
        return post("/v1/metadata", json, admin);
    }

    /** Posts a metadata request that must succeed. */
    public JsonNode metadataOk(String json) {
        Response r = metadata(json);
        if (r.status() != 200) {
            throw new AssertionError("metadata request failed: " + r.status() + " " + r.text() + " for " + json);
        }
        return r.body();
    }


    @Override
    public void close() {
        try {
            quarry.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
