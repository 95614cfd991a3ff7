package io.quarry.engine.auth;

import io.quarry.engine.config.EngineConfig;
import io.quarry.engine.log.JsonLog;
import io.quarry.engine.error.ApiError;
import io.quarry.engine.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Resolves the session of a request. With the admin secret ({@code x-hasura-admin-secret}, or the legacy
 * {@code x-hasura-access-key}) a request may act as any role through {@code x-hasura-role} and any
 * {@code x-hasura-*} variables; without a configured secret every request is trusted that way. Otherwise the auth
 * webhook decides, or, without one, the unauthorized role applies; client-sent role headers are never trusted then.
 */
public final class SessionResolver {
    private static final String BACKEND_ONLY = "x-hasura-use-backend-only-permissions";

    private final Optional<byte[]> adminSecret;
    private final Optional<AuthWebhook> webhook;
    private final Optional<JwtVerifier> jwt;
    private final Optional<String> unauthorizedRole;

    private SessionResolver(Optional<String> adminSecret, Optional<AuthWebhook> webhook, Optional<JwtVerifier> jwt,
            Optional<String> unauthorizedRole) {
        this.adminSecret = adminSecret.map(s -> s.getBytes(StandardCharsets.UTF_8));
        this.webhook = webhook;
        this.jwt = jwt;
        this.unauthorizedRole = unauthorizedRole;
    }

    /** Checks the auth configuration (a bad JWT secret fails here, at start) and builds the resolver. */
    public static SessionResolver create(Vertx vertx, EngineConfig config, JsonLog log) {
        Optional<AuthWebhook> webhook = config.auth().webhook().map(url -> new AuthWebhook(WebClient.create(vertx), url,
                config.auth().webhookPost(), config.auth().webhookTimeout(), log));
        Optional<JwtVerifier> jwt = config.auth().jwtSecret()
                .map(json -> new JwtVerifier(JwtConfig.parse(json), WebClient.create(vertx)));
        return new SessionResolver(config.adminSecret(), webhook, jwt, config.auth().unauthorizedRole());
    }

    /**
     * {@code headers} with lower-case names; {@code request} gives the GraphQL request, sent to a POST webhook (only
     * then is it made).
     */
    public Future<Session> resolve(Map<String, String> headers, Supplier<Object> request) {
        String given = headers.getOrDefault("x-hasura-admin-secret", headers.get("x-hasura-access-key"));
        if (adminSecret.isEmpty()) {
            return Future.succeededFuture(trusted(headers));
        }
        if (given != null) {
            if (!MessageDigest.isEqual(adminSecret.get(), given.getBytes(StandardCharsets.UTF_8))) {
                return Future.failedFuture(new ApiError(ErrorCode.ACCESS_DENIED, "$",
                        "invalid x-hasura-admin-secret/x-hasura-access-key"));
            }
            return Future.succeededFuture(trusted(headers));
        }
        if (webhook.isPresent()) {
            return webhook.get().session(headers, request).map(SessionResolver::untrusted);
        }
        if (jwt.isPresent()) {
            Optional<String> token;
            try {
                token = jwt.get().token(headers);
            } catch (ApiError e) {
                return Future.failedFuture(e);
            }
            if (token.isPresent()) {
                return jwt.get().session(token.get(), Optional.ofNullable(headers.get(Session.ROLE_VARIABLE)))
                        .map(SessionResolver::untrusted);
            }
            if (unauthorizedRole.isEmpty()) {
                return Future.failedFuture(new ApiError(ErrorCode.INVALID_JWT, "$",
                        "Missing 'Authorization' or 'Cookie' header in JWT authentication mode"));
            }
        }
        if (unauthorizedRole.isPresent()) {
            return Future.succeededFuture(new Session(unauthorizedRole.get(), Map.of()));
        }
        return Future.failedFuture(new ApiError(ErrorCode.ACCESS_DENIED, "$",
                "x-hasura-admin-secret/x-hasura-access-key required, but not found"));
    }

    /**
     * A session from a webhook or a token, without {@code x-hasura-use-backend-only-permissions}: backend-only
     * permissions are for requests that hold the admin secret, never for what a client's credentials claim.
     */
    private static Session untrusted(Session session) {
        if (session.variable(BACKEND_ONLY).isEmpty()) {
            return session;
        }
        Map<String, String> variables = new LinkedHashMap<>(session.variables());
        variables.remove(BACKEND_ONLY);
        return new Session(session.role(), variables);
    }

    /** The session the headers ask for, for a request that holds the admin secret. */
    private static Session trusted(Map<String, String> headers) {
        Map<String, String> variables = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (name.startsWith("x-hasura-") && !name.equals("x-hasura-admin-secret")
                    && !name.equals("x-hasura-access-key")) {
                variables.put(name, value);
            }
        });
        return new Session(variables.getOrDefault(Session.ROLE_VARIABLE, Session.ADMIN), variables);
    }
}
