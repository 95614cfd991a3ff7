package io.quarry.engine.auth;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** A request's role and session variables; variable names are lower case ({@code x-hasura-user-id}). */
public record Session(String role, Map<String, String> variables) {
    public static final String ADMIN = "admin";
    public static final String ROLE_VARIABLE = "x-hasura-role";

    public Session {
        Objects.requireNonNull(role, "role");
        TreeMap<String, String> lower = new TreeMap<>();
        variables.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        lower.put(ROLE_VARIABLE, role);
        variables = Collections.unmodifiableMap(lower);
    }

    public static Session admin() {
        return new Session(ADMIN, Map.of());
    }

    public boolean isAdmin() {
        return ADMIN.equals(role);
    }

    public Optional<String> variable(String name) {
        return Optional.ofNullable(variables.get(name.toLowerCase(Locale.ROOT)));
    }
}
