package io.quarry.engine.subscribe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * When the JWT a socket was authenticated with expires: its {@code exp}. The token was verified at
 * {@code connection_init}; only its claims are read here.
 */
final class TokenExpiry {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenExpiry() {
    }

    static Optional<Instant> of(Map<String, String> headers) {
        if (headers.containsKey("x-hasura-admin-secret") || headers.containsKey("x-hasura-access-key")) {
            return Optional.empty();
        }
        String authorization = headers.get("authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String[] parts = authorization.substring(7).trim().split("\\.");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            JsonNode exp = claims.get("exp");
            return exp != null && exp.canConvertToLong() ? Optional.of(Instant.ofEpochSecond(exp.asLong()))
                    : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
