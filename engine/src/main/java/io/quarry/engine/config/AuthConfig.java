package io.quarry.engine.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How requests without the admin secret get a session: an auth webhook (called with GET or POST), and a role for
 * requests that carry no credentials at all.
 *
 * @param webhook           the auth webhook's URL
 * @param webhookPost       whether the webhook is called with POST (else GET)
 * @param webhookTimeout    how long the webhook may take before the request fails
 * @param unauthorizedRole  the role of requests without credentials (instead of refusing them)
 * @param jwtSecret         the JWT configuration, as Hasura's {@code HASURA_GRAPHQL_JWT_SECRET} JSON
 */
public record AuthConfig(Optional<String> webhook, boolean webhookPost, Duration webhookTimeout,
        Optional<String> unauthorizedRole, Optional<String> jwtSecret) {
    public AuthConfig {
        Objects.requireNonNull(jwtSecret, "jwtSecret");
        jwtSecret = jwtSecret.filter(s -> !s.isBlank());
        Objects.requireNonNull(webhook, "webhook");
        Objects.requireNonNull(webhookTimeout, "webhookTimeout");
        Objects.requireNonNull(unauthorizedRole, "unauthorizedRole");
        webhook = webhook.filter(s -> !s.isBlank());
        unauthorizedRole = unauthorizedRole.filter(s -> !s.isBlank());
        if (webhook.isPresent() && jwtSecret.isPresent()) {
            throw new IllegalArgumentException("an auth hook and a JWT secret cannot both be set");
        }
        webhook.ifPresent(url -> {
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw new IllegalArgumentException("the auth hook must be an http:// or https:// URL");
            }
        });
    }

    public static AuthConfig none() {
        return new AuthConfig(Optional.empty(), false, Duration.ofSeconds(10), Optional.empty(), Optional.empty());
    }

    /** Parses Hasura's auth hook mode, {@code GET} or {@code POST}. */
    public static boolean isPost(String mode) {
        return switch (mode.toUpperCase(java.util.Locale.ROOT)) {
            case "GET" -> false;
            case "POST" -> true;
            default -> throw new IllegalArgumentException("the auth hook mode must be GET or POST, not " + mode);
        };
    }
}
