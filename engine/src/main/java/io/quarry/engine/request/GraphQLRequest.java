package io.quarry.engine.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.engine.error.ApiError;
import io.quarry.engine.error.ErrorCode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The body of a GraphQL request: {@code query}, {@code operationName} and {@code variables}. */
public record GraphQLRequest(String query, Optional<String> operationName, Map<String, Object> variables) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public GraphQLRequest {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(operationName, "operationName");
        variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    }

    public static GraphQLRequest of(String query) {
        return new GraphQLRequest(query, Optional.empty(), Map.of());
    }

    /** Reads one request object; a body of the wrong shape is {@code parse-failed} at the offending key. */
    @SuppressWarnings("unchecked")
    public static GraphQLRequest fromJson(JsonNode body, String path) {
        if (!body.isObject()) {
            throw new ApiError(ErrorCode.PARSE_FAILED, path, "expected an object for a GraphQL request");
        }
        JsonNode query = body.get("query");
        if (query == null || !query.isTextual()) {
            throw new ApiError(ErrorCode.PARSE_FAILED, path + ".query",
                    query == null ? "the key 'query' was not present" : "expected Text, encountered " + kind(query));
        }
        JsonNode name = body.get("operationName");
        if (name != null && !name.isNull() && !name.isTextual()) {
            throw new ApiError(ErrorCode.PARSE_FAILED, path + ".operationName", "expected Text, encountered " + kind(name));
        }
        JsonNode variables = body.get("variables");
        if (variables != null && !variables.isNull() && !variables.isObject()) {
            throw new ApiError(ErrorCode.PARSE_FAILED, path + ".variables", "expected Object, encountered " + kind(variables));
        }
        Map<String, Object> values = variables == null || variables.isNull()
                ? Map.of() : JSON.convertValue(variables, LinkedHashMap.class);
        return new GraphQLRequest(query.asText(),
                name == null || name.isNull() ? Optional.empty() : Optional.of(name.asText()), values);
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "Array";
            case OBJECT -> "Object";
            case NUMBER -> "Number";
            case BOOLEAN -> "Boolean";
            case STRING -> "String";
            default -> "Null";
        };
    }
}
