package io.quarry.engine.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.quarry.engine.error.ApiError;
import io.quarry.engine.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Verifies a request's JWT with nimbus-jose-jwt and turns its Hasura claims into a session: the role requested in
 * {@code x-hasura-role} if the token allows it, else the token's default role, and its other {@code x-hasura-*}
 * claims as variables (lists as Postgres array literals). Keys from a {@code jwk_url} are fetched without blocking
 * and fetched again once the answer's {@code Cache-Control: max-age} or {@code Expires} has passed.
 */
final class JwtVerifier {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Keys(JWKSet set, Instant until) {
    }

    private final JwtConfig config;
    private final WebClient client;
    private final Optional<JWSVerifier> fixed;
    private volatile Keys keys;
    private volatile Future<Keys> fetching;

    JwtVerifier(JwtConfig config, WebClient client) {
        this.config = config;
        this.client = client;
        this.fixed = config.key().map(key -> verifier(config.type().orElseThrow(), key));
    }

    private static JWSVerifier verifier(String type, String key) {
        try {
            if (type.startsWith("HS")) {
                return new MACVerifier(key.getBytes(StandardCharsets.UTF_8));
            }
            if (type.equals("Ed25519")) {
                // The raw key is the last 32 bytes of the PEM's SubjectPublicKeyInfo.
                byte[] der = java.util.Base64.getMimeDecoder().decode(key.replaceAll("-----[A-Z ]+-----", ""));
                byte[] raw = java.util.Arrays.copyOfRange(der, der.length - 32, der.length);
                return new com.nimbusds.jose.crypto.Ed25519Verifier(new com.nimbusds.jose.jwk.OctetKeyPair.Builder(
                        com.nimbusds.jose.jwk.Curve.Ed25519, com.nimbusds.jose.util.Base64URL.encode(raw)).build());
            }
            JWK jwk = JWK.parseFromPEMEncodedObjects(key);
            return new RSASSAVerifier((RSAKey) jwk);
        } catch (JOSEException | ClassCastException e) {
            throw new IllegalArgumentException("the JWT key does not suit " + type + ": " + e.getMessage());
        }
    }

    /** {@code headers} with lower-case names; empty when the request carries no token. */
    Optional<String> token(Map<String, String> headers) {
        if (config.cookie().isPresent()) {
            String cookies = headers.get("cookie");
            if (cookies == null) {
                return Optional.empty();
            }
            for (String cookie : cookies.split(";")) {
                String[] pair = cookie.trim().split("=", 2);
                if (pair.length == 2 && pair[0].equals(config.cookie().get())) {
                    return Optional.of(pair[1]);
                }
            }
            return Optional.empty();
        }
        String authorization = headers.get("authorization");
        if (authorization == null) {
            return Optional.empty();
        }
        String[] parts = authorization.trim().split("\\s+");
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("bearer")) {
            throw new ApiError(ErrorCode.INVALID_JWT, "$", "Malformed Authorization header");
        }
        return Optional.of(parts[1]);
    }

    Future<Session> session(String token, Optional<String> requestedRole) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (java.text.ParseException e) {
            return Future.failedFuture(invalid("JWSError CompactDecodeError"));
        }
        Future<JWSVerifier> verifier = fixed.map(Future::succeededFuture).orElseGet(() -> jwkVerifier(jwt));
        return verifier.map(v -> {
            checkAlgorithm(jwt, v);
            try {
                if (!jwt.verify(v)) {
                    throw invalid("JWSError JWSInvalidSignature");
                }
                return claims(jwt.getJWTClaimsSet(), requestedRole);
            } catch (JOSEException | java.text.ParseException e) {
                throw invalid("JWSError JWSInvalidSignature");
            }
        });
    }

    private void checkAlgorithm(SignedJWT jwt, JWSVerifier verifier) {
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        boolean allowed = config.type().map(t -> t.equals("Ed25519") ? alg.equals(JWSAlgorithm.EdDSA)
                        : t.equals(alg.getName()))
                .orElse(verifier.supportedJWSAlgorithms().contains(alg));
        if (!allowed) {
            throw invalid("JWSError JWSInvalidSignature");
        }
    }

    private Session claims(JWTClaimsSet claims, Optional<String> requestedRole) throws java.text.ParseException {
        Instant now = Instant.now();
        Date exp = claims.getExpirationTime();
        if (exp != null && exp.toInstant().plus(config.allowedSkew()).isBefore(now)) {
            throw invalid("JWTExpired");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().minus(config.allowedSkew()).isAfter(now)) {
            throw invalid("JWTNotYetValid");
        }
        if (!config.audience().isEmpty() && (claims.getAudience() == null
                || claims.getAudience().stream().noneMatch(config.audience()::contains))) {
            throw invalid("JWTNotInAudience");
        }
        if (config.issuer().isPresent() && !config.issuer().get().equals(claims.getIssuer())) {
            throw invalid("JWTNotInIssuer");
        }
        Map<String, Object> hasura = hasuraClaims(claims);
        Map<String, Object> lower = new LinkedHashMap<>();
        hasura.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        Object allowed = lower.get("x-hasura-allowed-roles");
        Object defaultRole = lower.get("x-hasura-default-role");
        if (!(allowed instanceof List<?> roles)) {
            throw new ApiError(ErrorCode.JWT_MISSING_ROLE_CLAIMS, "$",
                    "JWT claim does not contain x-hasura-allowed-roles");
        }
        if (defaultRole == null) {
            throw new ApiError(ErrorCode.JWT_MISSING_ROLE_CLAIMS, "$",
                    "JWT claim does not contain x-hasura-default-role");
        }
        String role = requestedRole.orElse(String.valueOf(defaultRole));
        if (roles.stream().map(String::valueOf).noneMatch(role::equals)) {
            throw new ApiError(ErrorCode.ACCESS_DENIED, "$", "Your requested role is not in allowed roles");
        }
        Map<String, String> variables = new LinkedHashMap<>();
        lower.forEach((name, value) -> {
            if (name.startsWith("x-hasura-") && !name.equals("x-hasura-allowed-roles")
                    && !name.equals("x-hasura-default-role") && value != null) {
                variables.put(name, value instanceof List<?> list
                        ? list.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"))
                        : String.valueOf(value));
            }
        });
        return new Session(role, variables);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> hasuraClaims(JWTClaimsSet claims) {
        if (config.claimsMap().isPresent()) {
            Map<String, Object> mapped = new LinkedHashMap<>();
            config.claimsMap().get().fields().forEachRemaining(e -> {
                var spec = e.getValue();
                Object value = spec.isObject() ? at(claims.toJSONObject(), spec.path("path").asText("$"))
                        : JSON.convertValue(spec, Object.class);
                if (value == null && spec.has("default")) {
                    value = JSON.convertValue(spec.get("default"), Object.class);
                }
                if (value != null) {
                    mapped.put(e.getKey(), value);
                }
            });
            return mapped;
        }
        Object found;
        if (config.claimsNamespacePath().isPresent()) {
            found = at(claims.toJSONObject(), config.claimsNamespacePath().get());
        } else {
            found = claims.getClaim(config.claimsNamespace());
        }
        if (found instanceof String text && config.stringifiedClaims()) {
            try {
                found = JSON.readValue(text, Map.class);
            } catch (Exception e) {
                found = null;
            }
        }
        if (!(found instanceof Map<?, ?>)) {
            throw new ApiError(ErrorCode.JWT_INVALID_CLAIMS, "$", "claims key: '"
                    + config.claimsNamespacePath().orElse(config.claimsNamespace()) + "' not found");
        }
        return (Map<String, Object>) found;
    }

    /** The value at a dotted path ({@code $.a.b}) in the token's claims, or null. */
    private static Object at(Object claims, String path) {
        Object found = claims;
        for (String step : path.replaceFirst("^\\$\\.?", "").split("\\.")) {
            if (!step.isEmpty()) {
                found = found instanceof Map<?, ?> m ? m.get(step) : null;
            }
        }
        return found;
    }

    /** A verifier for the token's key from the JWK set, fetching the set when it is missing or stale. */
    private Future<JWSVerifier> jwkVerifier(SignedJWT jwt) {
        return currentKeys().map(k -> {
            String kid = jwt.getHeader().getKeyID();
            JWK jwk = kid != null ? k.set().getKeyByKeyId(kid)
                    : k.set().getKeys().stream().filter(RSAKey.class::isInstance).findFirst().orElse(null);
            if (!(jwk instanceof RSAKey rsa)) {
                throw invalid("JWSError JWSInvalidSignature");
            }
            try {
                return new RSASSAVerifier(rsa);
            } catch (JOSEException e) {
                throw invalid("JWSError JWSInvalidSignature");
            }
        });
    }

    private Future<Keys> currentKeys() {
        Keys current = keys;
        if (current != null && current.until().isAfter(Instant.now())) {
            return Future.succeededFuture(current);
        }
        synchronized (this) {
            if (fetching == null) {
                fetching = client.getAbs(config.jwkUrl().orElseThrow()).timeout(10_000).send()
                        .map(response -> {
                            if (response.statusCode() != 200) {
                                throw new ApiError(ErrorCode.UNEXPECTED, "$", "could not fetch the JWK set", 500);
                            }
                            try {
                                Keys fetched = new Keys(JWKSet.parse(response.bodyAsString()),
                                        CacheExpiry.of(response.getHeader("Cache-Control"), response.getHeader("Expires"))
                                                .orElse(Instant.now().plusSeconds(60)));
                                keys = fetched;
                                return fetched;
                            } catch (java.text.ParseException e) {
                                throw new ApiError(ErrorCode.UNEXPECTED, "$", "the JWK set is malformed", 500);
                            }
                        })
                        .onComplete(done -> {
                            synchronized (this) {
                                fetching = null;
                            }
                        });
            }
            Future<Keys> pending = fetching;
            // A stale set still verifies while a fresh one is on its way.
            return current != null ? Future.succeededFuture(current) : pending;
        }
    }

    private static ApiError invalid(String reason) {
        return new ApiError(ErrorCode.INVALID_JWT, "$", "Could not verify JWT: " + reason);
    }
}
