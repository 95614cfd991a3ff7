package io.quarry.cli.project;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** Calls /v1/metadata on a running engine, as Hasura's CLI does, and turns its errors into advice. */
final class EngineClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Endpoint endpoint;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    EngineClient(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    static ObjectNode request(String type, JsonNode args) {
        ObjectNode body = JSON.createObjectNode().put("type", type);
        body.set("args", args == null ? JSON.createObjectNode() : args);
        return body;
    }

    static ObjectNode request(String type, int version, JsonNode args) {
        ObjectNode body = request(type, args);
        body.put("version", version);
        return body;
    }

    JsonNode metadata(ObjectNode body) {
        HttpResponse<String> response = send(endpoint.metadataUri(), body, Optional.empty());
        JsonNode json;
        try {
            json = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new ProjectException(endpoint.metadataUri() + " answered " + response.statusCode()
                    + " with a body that is not JSON: is the endpoint a Quarry or Hasura server?");
        }
        if (response.statusCode() != 200) {
            String code = json.path("code").asText();
            String error = json.path("error").asText(response.body());
            if (code.equals("access-denied") || code.equals("invalid-headers") || response.statusCode() == 401) {
                throw new ProjectException(error + ": pass the admin secret with --admin-secret, "
                        + "HASURA_GRAPHQL_ADMIN_SECRET or 'admin_secret' in config.yaml");
            }
            throw new ProjectException(body.path("type").asText() + " failed (" + code + "): " + error
                    + (json.hasNonNull("path") ? " at " + json.path("path").asText() : ""));
        }
        return json;
    }

    /**
     * A GraphQL request as {@code role} ({@code x-hasura-role} beside the admin secret): the response's JSON, or
     * empty when the engine answers with errors.
     */
    Optional<JsonNode> graphql(String query, String role) {
        ObjectNode body = JSON.createObjectNode().put("query", query);
        HttpResponse<String> response = send(endpoint.resolve("v1/graphql"), body, Optional.of(role));
        try {
            JsonNode json = JSON.readTree(response.body());
            return response.statusCode() == 200 && !json.has("errors") ? Optional.of(json) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A read-only {@code run_sql} on /v2/query: the rows (headers first), or empty when it is refused. */
    Optional<JsonNode> readOnlySql(String sql) {
        ObjectNode args = JSON.createObjectNode().put("sql", sql).put("read_only", true);
        HttpResponse<String> response = send(endpoint.resolve("v2/query"), request("run_sql", args), Optional.empty());
        try {
            JsonNode json = JSON.readTree(response.body());
            return response.statusCode() == 200 && json.path("result").isArray() ? Optional.of(json.path("result"))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private HttpResponse<String> send(URI uri, ObjectNode body, Optional<String> role) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        endpoint.adminSecret().ifPresent(secret -> request.header("X-Hasura-Admin-Secret", secret));
        role.ifPresent(r -> request.header("X-Hasura-Role", r));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new ProjectException("cannot reach the engine at " + endpoint.url()
                    + ": is it running? Start it with 'quarry serve', or pass --endpoint (or set "
                    + "HASURA_GRAPHQL_ENDPOINT, or 'endpoint' in config.yaml)", e);
        } catch (IOException e) {
            throw new ProjectException("the request to " + endpoint.url() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProjectException("interrupted", e);
        }
    }
}
