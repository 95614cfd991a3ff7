package io.quarry.engine.subscribe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarry.engine.error.ApiError;

/**
 * The two WebSocket sub-protocols Hasura speaks, and the messages that differ between them: {@code graphql-ws}
 * (Apollo's {@code subscriptions-transport-ws}, the default when a client names none) and
 * {@code graphql-transport-ws} (the {@code graphql-ws} library).
 */
enum SubProtocol {
    APOLLO("graphql-ws"), TRANSPORT("graphql-transport-ws");

    private static final ObjectMapper JSON = new ObjectMapper();

    final String header;

    SubProtocol(String header) {
        this.header = header;
    }

    static SubProtocol of(String header) {
        return TRANSPORT.header.equals(header) ? TRANSPORT : APOLLO;
    }

    static String ack() {
        return "{\"type\":\"connection_ack\"}";
    }

    /** The keep-alive: {@code ka}, or a ping whose pong the server does not answer again. */
    String keepAlive() {
        return this == APOLLO ? "{\"type\":\"ka\"}" : "{\"type\":\"ping\",\"payload\":{\"message\":\"keepalive\"}}";
    }

    /** An answer of an operation: {@code data} or {@code next}, its payload the response body. */
    String data(String id, String body) {
        return "{\"type\":\"" + (this == APOLLO ? "data" : "next") + "\",\"id\":" + text(id) + ",\"payload\":" + body
                + "}";
    }

    /** An error before the operation ran: {@code error}, with {@code {"errors": [...]}} or {@code [...]}. */
    String error(String id, ApiError error) {
        ArrayNode errors = JSON.createArrayNode().add(errorJson(error));
        ObjectNode message = JSON.createObjectNode().put("type", "error").put("id", id);
        if (this == APOLLO) {
            message.putObject("payload").set("errors", errors);
        } else {
            message.set("payload", errors);
        }
        return message.toString();
    }

    /** Hasura's start error: {@code error} whose payload is the error object itself. */
    static String startError(String id, ApiError error) {
        ObjectNode message = JSON.createObjectNode().put("type", "error").put("id", id);
        message.set("payload", errorJson(error));
        return message.toString();
    }

    /** An error while the operation ran: {@code data} with errors (Apollo), or {@code error}. */
    String executionError(String id, ApiError error) {
        return this == APOLLO ? data(id, errorsBody(error)) : error(id, error);
    }

    static String complete(String id) {
        return "{\"type\":\"complete\",\"id\":" + text(id) + "}";
    }

    static String connectionError(String message) {
        return JSON.createObjectNode().put("type", "connection_error").put("payload", message).toString();
    }

    /** A response body with one error, {@code {"errors": [...]}}. */
    static String errorsBody(ApiError error) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("errors").add(errorJson(error));
        return body.toString();
    }

    private static ObjectNode errorJson(ApiError error) {
        ObjectNode json = JSON.createObjectNode().put("message", error.getMessage());
        json.putObject("extensions").put("path", error.path()).put("code", error.code().code());
        return json;
    }

    private static String text(String value) {
        return JSON.getNodeFactory().textNode(value).toString();
    }
}
