package io.quarry.engine.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Hasura's JWT configuration ({@code HASURA_GRAPHQL_JWT_SECRET}): {@code type} and {@code key}, or a
 * {@code jwk_url}; where the claims are ({@code claims_namespace} or {@code claims_namespace_path}) and how they are
 * encoded ({@code claims_format}); {@code audience}, {@code issuer}, {@code allowed_skew}; and the {@code header}
 * the token comes in ({@code Authorization} or a {@code Cookie}). A {@code claims_map} instead names each session
 * variable's value: a literal, or {@code {"path": "$.sub", "default": ...}} into the token's claims.
 */
record JwtConfig(Optional<String> type, Optional<String> key, Optional<String> jwkUrl, String claimsNamespace,
        Optional<String> claimsNamespacePath, boolean stringifiedClaims, List<String> audience,
        Optional<String> issuer, Duration allowedSkew, Optional<String> cookie, Optional<JsonNode> claimsMap) {
    static final String DEFAULT_NAMESPACE = "https://hasura.io/jwt/claims";

    static JwtConfig parse(String json) {
        JsonNode config;
        try {
            config = new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException("the JWT secret is not valid JSON");
        }
        Optional<String> type = text(config, "type");
        Optional<String> key = text(config, "key");
        Optional<String> jwkUrl = text(config, "jwk_url");
        if (jwkUrl.isEmpty() && (type.isEmpty() || key.isEmpty())) {
            throw new IllegalArgumentException("the JWT secret needs \"type\" and \"key\", or \"jwk_url\"");
        }
        type.ifPresent(t -> {
            if (!t.matches("(HS|RS)(256|384|512)|Ed25519")) {
                throw new IllegalArgumentException("unsupported JWT type " + t);
            }
        });
        List<String> audience = new ArrayList<>();
        JsonNode aud = config.get("audience");
        if (aud != null && aud.isArray()) {
            aud.forEach(a -> audience.add(a.asText()));
        } else if (aud != null && aud.isTextual()) {
            audience.add(aud.asText());
        }
        JsonNode header = config.path("header");
        Optional<String> cookie = "Cookie".equalsIgnoreCase(header.path("type").asText())
                ? text(header, "name") : Optional.empty();
        return new JwtConfig(type, key, jwkUrl, text(config, "claims_namespace").orElse(DEFAULT_NAMESPACE),
                text(config, "claims_namespace_path"), "stringified_json".equals(config.path("claims_format").asText()),
                audience, text(config, "issuer"), Duration.ofSeconds(config.path("allowed_skew").asLong(0)), cookie,
                Optional.ofNullable(config.get("claims_map")).filter(JsonNode::isObject));
    }

    private static Optional<String> text(JsonNode node, String key) {
        JsonNode value = node.get(key);
        return value != null && value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }
}
