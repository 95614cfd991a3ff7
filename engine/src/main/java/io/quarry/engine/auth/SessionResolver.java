package io.quarry.engine.auth;

import io.quarry.engine.error.ApiError;
import io.quarry.engine.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves the session of a request from its headers. With an admin secret configured, a request must carry it
 * ({@code x-hasura-admin-secret}, or the legacy {@code x-hasura-access-key}); it may then act as any role with
 * {@code x-hasura-role} and any {@code x-hasura-*} variables. Without a configured secret every request is trusted
 * the same way.
 */
public final class SessionResolver {
    private final Optional<byte[]> adminSecret;

    public SessionResolver(Optional<String> adminSecret) {
        this.adminSecret = adminSecret.map(s -> s.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code headers} with lower-case names. */
    public Session resolve(Map<String, String> headers) {
        if (adminSecret.isPresent()) {
            String given = headers.getOrDefault("x-hasura-admin-secret", headers.get("x-hasura-access-key"));
            if (given == null) {
                throw new ApiError(ErrorCode.ACCESS_DENIED, "$",
                        "x-hasura-admin-secret/x-hasura-access-key required, but not found");
            }
            if (!MessageDigest.isEqual(adminSecret.get(), given.getBytes(StandardCharsets.UTF_8))) {
                throw new ApiError(ErrorCode.ACCESS_DENIED, "$", "invalid x-hasura-admin-secret/x-hasura-access-key");
            }
        }
        Map<String, String> variables = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("x-hasura-") && !lower.equals("x-hasura-admin-secret")
                    && !lower.equals("x-hasura-access-key")) {
                variables.put(lower, value);
            }
        });
        String role = variables.getOrDefault(Session.ROLE_VARIABLE, Session.ADMIN);
        return new Session(role, variables);
    }
}
