package io.quarry.engine.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the engine is started with, checked once at start.
 *
 * @param databaseUrl      a {@code postgres://} or {@code postgresql://} URL
 * @param host             the interface to listen on
 * @param port             the HTTP port
 * @param adminSecret      when present, requests must carry it in {@code x-hasura-admin-secret}
 * @param poolSize         connections in the database pool
 * @param metadataPoll     how often to look for metadata changed by another instance when its notice was lost
 * @param stringifyNumbers when true, bigint, numeric and double precision values are returned as JSON strings
 * @param auth             how requests without the admin secret are authenticated
 * @param protections      the bounds on every request and connection
 * @param devMode          Hasura's dev mode: every role, not only the admin, sees the {@code internal} details of
 *                         errors (the statement and Postgres's error)
 * @param console          whether the web console is served at {@code /console}
 * @param cors             which browser origins may call the engine
 */
public record EngineConfig(String databaseUrl, String host, int port, Optional<String> adminSecret, int poolSize,
        Duration metadataPoll, boolean stringifyNumbers, AuthConfig auth, Protections protections, boolean devMode,
        boolean console, CorsConfig cors) {

    public static final String DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/postgres";

    public EngineConfig {
        Objects.requireNonNull(databaseUrl, "databaseUrl");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(adminSecret, "adminSecret");
        Objects.requireNonNull(metadataPoll, "metadataPoll");
        if (!databaseUrl.startsWith("postgres://") && !databaseUrl.startsWith("postgresql://")) {
            throw new IllegalArgumentException("the database URL must start with postgres:// or postgresql://");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("the port must be between 0 and 65535, not " + port);
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("the pool size must be at least 1, not " + poolSize);
        }
        adminSecret = adminSecret.filter(s -> !s.isEmpty());
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(protections, "protections");
        Objects.requireNonNull(cors, "cors");
    }

    /** A configuration without dev mode, with the console, every origin allowed as Hasura allows them by default. */
    public EngineConfig(String databaseUrl, String host, int port, Optional<String> adminSecret, int poolSize,
            Duration metadataPoll, boolean stringifyNumbers, AuthConfig auth, Protections protections) {
        this(databaseUrl, host, port, adminSecret, poolSize, metadataPoll, stringifyNumbers, auth, protections, false,
                true, CorsConfig.allowingAll());
    }

    public static EngineConfig defaults() {
        return new EngineConfig(DEFAULT_DATABASE_URL, "0.0.0.0", 8080, Optional.empty(), 10, Duration.ofSeconds(15),
                false, AuthConfig.none(), Protections.defaults());
    }

    public EngineConfig withDatabaseUrl(String url) {
        return new EngineConfig(url, host, port, adminSecret, poolSize, metadataPoll, stringifyNumbers, auth,
                protections, devMode, console, cors);
    }

    public EngineConfig withPort(int newPort) {
        return new EngineConfig(databaseUrl, host, newPort, adminSecret, poolSize, metadataPoll,
                stringifyNumbers, auth, protections, devMode, console, cors);
    }

    public EngineConfig withAdminSecret(Optional<String> secret) {
        return new EngineConfig(databaseUrl, host, port, secret, poolSize, metadataPoll, stringifyNumbers, auth,
                protections, devMode, console, cors);
    }

    public EngineConfig withMetadataPoll(Duration poll) {
        return new EngineConfig(databaseUrl, host, port, adminSecret, poolSize, poll, stringifyNumbers, auth,
                protections, devMode, console, cors);
    }

    public EngineConfig withStringifyNumbers(boolean stringify) {
        return new EngineConfig(databaseUrl, host, port, adminSecret, poolSize, metadataPoll, stringify, auth,
                protections, devMode, console, cors);
    }

    public EngineConfig withHost(String newHost) {
        return new EngineConfig(databaseUrl, newHost, port, adminSecret, poolSize, metadataPoll,
                stringifyNumbers, auth, protections, devMode, console, cors);
    }

    public EngineConfig withAuth(AuthConfig newAuth) {
        return new EngineConfig(databaseUrl, host, port, adminSecret, poolSize, metadataPoll,
                stringifyNumbers, newAuth, protections, devMode, console, cors);
    }

    public EngineConfig withProtections(Protections newProtections) {
        return new EngineConfig(databaseUrl, host, port, adminSecret, poolSize, metadataPoll, stringifyNumbers, auth,
                newProtections, devMode, console, cors);
    }

    /**
     * Whether roles see query functions over tables they may read without a function permission; it travels with
     * the protections, which every metadata version's schemas are built with.
     */
    public boolean inferFunctionPermissions() {
        return protections.inferFunctionPermissions();
    }

    public EngineConfig withInferFunctionPermissions(boolean infer) {
        return withProtections(protections.withInferFunctionPermissions(infer));
    }

    public EngineConfig withDevMode(boolean dev) {
        return new EngineConfig(databaseUrl, host, port, adminSecret, poolSize, metadataPoll, stringifyNumbers, auth,
                protections, dev, console, cors);
    }

    public EngineConfig withCors(CorsConfig newCors) {
        return new EngineConfig(databaseUrl, host, port, adminSecret, poolSize, metadataPoll, stringifyNumbers, auth,
                protections, devMode, console, newCors);
    }

    public EngineConfig withConsole(boolean enabled) {
        return new EngineConfig(databaseUrl, host, port, adminSecret, poolSize, metadataPoll, stringifyNumbers, auth,
                protections, devMode, enabled, cors);
    }

    /** The database URL with any password replaced, for logs. */
    public String maskedDatabaseUrl() {
        return databaseUrl.replaceFirst("://([^:/@]+):[^@]*@", "://$1:<masked>@");
    }

    @Override
    public String toString() {
        return "EngineConfig[databaseUrl=" + maskedDatabaseUrl() + ", host=" + host + ", port=" + port
                + ", adminSecret=" + adminSecret.map(s -> "<masked>").orElse("<none>") + ", poolSize=" + poolSize
                + ", metadataPoll=" + metadataPoll + ", stringifyNumbers=" + stringifyNumbers
                + ", auth=" + auth + ", protections=" + protections + ", devMode=" + devMode
                + ", console=" + console + ", cors=" + cors + "]";
    }
}
