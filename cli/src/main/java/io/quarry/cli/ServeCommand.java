package io.quarry.cli;

import io.quarry.engine.Quarry;
import io.quarry.engine.config.AuthConfig;
import io.quarry.engine.config.CorsConfig;
import io.quarry.engine.config.EngineConfig;
import io.quarry.engine.config.SubscriptionConfig;
import io.quarry.engine.config.Protections;
import io.quarry.engine.log.JsonLog;
import io.quarry.engine.metrics.Metrics;
import io.quarry.cli.migrate.MigrationFailure;
import io.quarry.cli.migrate.Migrations;
import io.quarry.cli.project.Endpoint;
import io.quarry.cli.project.InconsistencyCommand;
import io.quarry.cli.project.MetadataProject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code quarry serve}: runs the engine until stopped. Every option can also come from the environment. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the GraphQL API (/v1/graphql), the metadata API (/v1/metadata), /healthz and /v1/version.")
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--database-url", paramLabel = "URL",
            defaultValue = "${env:QUARRY_DATABASE_URL:-${env:HASURA_GRAPHQL_DATABASE_URL:-"
                    + EngineConfig.DEFAULT_DATABASE_URL + "}}",
            description = "Postgres URL (env QUARRY_DATABASE_URL or HASURA_GRAPHQL_DATABASE_URL). Default: ${DEFAULT-VALUE}")
    String databaseUrl;

    @Option(names = "--port", paramLabel = "N",
            defaultValue = "${env:QUARRY_SERVER_PORT:-${env:HASURA_GRAPHQL_SERVER_PORT:-8080}}",
            description = "HTTP port (env QUARRY_SERVER_PORT). Default: ${DEFAULT-VALUE}")
    int port;

    @Option(names = "--host", paramLabel = "HOST",
            defaultValue = "${env:QUARRY_SERVER_HOST:-${env:HASURA_GRAPHQL_SERVER_HOST:-0.0.0.0}}",
            description = "Interface to listen on (env QUARRY_SERVER_HOST). Default: ${DEFAULT-VALUE}")
    String host;

    @Option(names = "--admin-secret", paramLabel = "SECRET",
            defaultValue = "${env:QUARRY_ADMIN_SECRET:-${env:HASURA_GRAPHQL_ADMIN_SECRET:-}}",
            description = "Require this value in the x-hasura-admin-secret header "
                    + "(env QUARRY_ADMIN_SECRET or HASURA_GRAPHQL_ADMIN_SECRET). Default: none, every request is admin.")
    String adminSecret;

    @Option(names = "--pool-size", paramLabel = "N",
            defaultValue = "${env:QUARRY_PG_CONNECTIONS:-${env:HASURA_GRAPHQL_PG_CONNECTIONS:-10}}",
            description = "Database connections (env QUARRY_PG_CONNECTIONS). Default: ${DEFAULT-VALUE}")
    int poolSize;

    @Option(names = "--metadata-poll-ms", paramLabel = "MS",
            defaultValue = "${env:QUARRY_METADATA_POLL_MS:-15000}",
            description = "How often to check for metadata changed by another instance, in ms, in case its "
                    + "notice (LISTEN/NOTIFY, within a second) was lost; 0 never. Default: ${DEFAULT-VALUE}")
    long metadataPollMs;

    @Option(names = "--stringify-numeric-types", negatable = true, fallbackValue = "true",
            defaultValue = "${env:QUARRY_STRINGIFY_NUMERIC_TYPES:-${env:HASURA_GRAPHQL_STRINGIFY_NUMERIC_TYPES:-false}}",
            description = "Return bigint, numeric and double precision values as JSON strings "
                    + "(env QUARRY_STRINGIFY_NUMERIC_TYPES or HASURA_GRAPHQL_STRINGIFY_NUMERIC_TYPES). Default: ${DEFAULT-VALUE}")
    boolean stringifyNumericTypes;

    @Option(names = "--auth-hook", paramLabel = "URL",
            defaultValue = "${env:QUARRY_AUTH_HOOK:-${env:HASURA_GRAPHQL_AUTH_HOOK:-}}",
            description = "Webhook that authenticates requests without the admin secret "
                    + "(env QUARRY_AUTH_HOOK or HASURA_GRAPHQL_AUTH_HOOK). Default: none")
    String authHook;

    @Option(names = "--auth-hook-mode", paramLabel = "GET|POST",
            defaultValue = "${env:QUARRY_AUTH_HOOK_MODE:-${env:HASURA_GRAPHQL_AUTH_HOOK_MODE:-GET}}",
            description = "How the webhook is called (env QUARRY_AUTH_HOOK_MODE or HASURA_GRAPHQL_AUTH_HOOK_MODE). "
                    + "Default: ${DEFAULT-VALUE}")
    String authHookMode;

    @Option(names = "--unauthorized-role", paramLabel = "ROLE",
            defaultValue = "${env:QUARRY_UNAUTHORIZED_ROLE:-${env:HASURA_GRAPHQL_UNAUTHORIZED_ROLE:-}}",
            description = "Role of requests that carry no credentials (env QUARRY_UNAUTHORIZED_ROLE or "
                    + "HASURA_GRAPHQL_UNAUTHORIZED_ROLE). Default: none, such requests are refused")
    String unauthorizedRole;

    @Option(names = "--jwt-secret", paramLabel = "JSON",
            defaultValue = "${env:QUARRY_JWT_SECRET:-${env:HASURA_GRAPHQL_JWT_SECRET:-}}",
            description = "JWT configuration as Hasura takes it, e.g. {\"type\":\"HS256\",\"key\":\"...\"} "
                    + "(env QUARRY_JWT_SECRET or HASURA_GRAPHQL_JWT_SECRET). Default: none")
    String jwtSecret;

    @Option(names = "--enabled-log-types", paramLabel = "TYPES", split = ",",
            defaultValue = "${env:QUARRY_ENABLED_LOG_TYPES:-${env:HASURA_GRAPHQL_ENABLED_LOG_TYPES:-"
                    + "startup,http-log,webhook-log,websocket-log}}",
            description = "Log types written to standard output as JSON lines (env QUARRY_ENABLED_LOG_TYPES or "
                    + "HASURA_GRAPHQL_ENABLED_LOG_TYPES). Default: ${DEFAULT-VALUE}")
    java.util.List<String> logTypes;

    @Option(names = "--log-level", paramLabel = "LEVEL",
            defaultValue = "${env:QUARRY_LOG_LEVEL:-${env:HASURA_GRAPHQL_LOG_LEVEL:-info}}",
            description = "Lowest level of the lines logged: debug, info, warn or error (env QUARRY_LOG_LEVEL or "
                    + "HASURA_GRAPHQL_LOG_LEVEL). Default: ${DEFAULT-VALUE}")
    String logLevel;

    @Option(names = "--metrics-secret", paramLabel = "SECRET",
            defaultValue = "${env:QUARRY_METRICS_SECRET:-${env:HASURA_GRAPHQL_METRICS_SECRET:-}}",
            description = "Serve /v1/metrics to requests with the header \"Authorization: Bearer SECRET\" "
                    + "(env QUARRY_METRICS_SECRET or HASURA_GRAPHQL_METRICS_SECRET). Default: none, admins only")
    String metricsSecret;

    @Option(names = "--max-request-size", paramLabel = "BYTES",
            defaultValue = "${env:QUARRY_MAX_REQUEST_SIZE:-16777216}",
            description = "Largest request body accepted; larger ones answer 413 (env QUARRY_MAX_REQUEST_SIZE). "
                    + "Default: ${DEFAULT-VALUE}")
    long maxRequestSize;

    @Option(names = "--max-fields", paramLabel = "N", defaultValue = "${env:QUARRY_MAX_FIELDS:-10000}",
            description = "Most fields an operation may select once its fragments are expanded "
                    + "(env QUARRY_MAX_FIELDS). Default: ${DEFAULT-VALUE}")
    int maxFields;

    @Option(names = "--max-batch", paramLabel = "N", defaultValue = "${env:QUARRY_MAX_BATCH:-100}",
            description = "Most operations in one batched request (env QUARRY_MAX_BATCH). Default: ${DEFAULT-VALUE}")
    int maxBatch;

    @Option(names = "--statement-timeout", paramLabel = "SECONDS",
            defaultValue = "${env:QUARRY_STATEMENT_TIMEOUT:-60}",
            description = "How long a request's statements may run before they are cancelled "
                    + "(env QUARRY_STATEMENT_TIMEOUT). Default: ${DEFAULT-VALUE}")
    long statementTimeout;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "${env:QUARRY_IDLE_TIMEOUT:-60}",
            description = "How long a client connection may stay silent, or take to send a request's headers, before "
                    + "it is closed (env QUARRY_IDLE_TIMEOUT). Default: ${DEFAULT-VALUE}")
    long idleTimeout;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "${env:QUARRY_MAX_CONNECTIONS:-4096}",
            description = "Most client connections open at once (env QUARRY_MAX_CONNECTIONS; never more than the "
                    + "process's file descriptors allow). Default: ${DEFAULT-VALUE}")
    int maxConnections;

    @Option(names = "--enable-allowlist", negatable = true, fallbackValue = "true",
            defaultValue = "${env:QUARRY_ENABLE_ALLOWLIST:-${env:HASURA_GRAPHQL_ENABLE_ALLOWLIST:-false}}",
            description = "Only serve operations of the allow-listed query collections to roles other than admin "
                    + "(env QUARRY_ENABLE_ALLOWLIST or HASURA_GRAPHQL_ENABLE_ALLOWLIST). Default: ${DEFAULT-VALUE}")
    boolean enableAllowlist;

    @Option(names = "--infer-function-permissions", negatable = true, fallbackValue = "true",
            defaultValue = "${env:QUARRY_INFER_FUNCTION_PERMISSIONS:-${env:HASURA_GRAPHQL_INFER_FUNCTION_PERMISSIONS:-true}}",
            description = "Let a role use the query functions over tables it may select from without a function "
                    + "permission; mutation functions always need one (env QUARRY_INFER_FUNCTION_PERMISSIONS or "
                    + "HASURA_GRAPHQL_INFER_FUNCTION_PERMISSIONS). Default: ${DEFAULT-VALUE}")
    boolean inferFunctionPermissions;

    @Option(names = "--dev-mode", negatable = true, fallbackValue = "true",
            defaultValue = "${env:QUARRY_DEV_MODE:-${env:HASURA_GRAPHQL_DEV_MODE:-false}}",
            description = "Show every role, not only the admin, the internal details of errors: the statement and "
                    + "Postgres's error (env QUARRY_DEV_MODE or HASURA_GRAPHQL_DEV_MODE). Default: ${DEFAULT-VALUE}")
    boolean devMode;

    @Option(names = "--enable-console", negatable = true, fallbackValue = "true",
            defaultValue = "${env:QUARRY_ENABLE_CONSOLE:-${env:HASURA_GRAPHQL_ENABLE_CONSOLE:-true}}",
            description = "Serve the web console at /console, and redirect / there; --disable-console or "
                    + "--no-enable-console turns it off (env QUARRY_ENABLE_CONSOLE or HASURA_GRAPHQL_ENABLE_CONSOLE). "
                    + "Default: ${DEFAULT-VALUE}")
    boolean enableConsole;

    @Option(names = "--disable-console", description = "Do not serve the web console (same as --no-enable-console).")
    boolean disableConsole;

    @Option(names = "--cors-domain", paramLabel = "DOMAINS",
            defaultValue = "${env:QUARRY_CORS_DOMAIN:-${env:HASURA_GRAPHQL_CORS_DOMAIN:-*}}",
            description = "Origins browsers may call the engine from: * or a comma-separated list such as "
                    + "https://app.example.com,https://*.example.com,http://localhost:3000 (env QUARRY_CORS_DOMAIN or "
                    + "HASURA_GRAPHQL_CORS_DOMAIN). Default: ${DEFAULT-VALUE}")
    String corsDomain;

    @Option(names = "--disable-cors", negatable = true, fallbackValue = "true",
            defaultValue = "${env:QUARRY_DISABLE_CORS:-${env:HASURA_GRAPHQL_DISABLE_CORS:-false}}",
            description = "Send no CORS headers at all, so browsers refuse calls from other origins "
                    + "(env QUARRY_DISABLE_CORS or HASURA_GRAPHQL_DISABLE_CORS). Default: ${DEFAULT-VALUE}")
    boolean disableCors;

    @Option(names = "--live-queries-multiplexed-refetch-interval", paramLabel = "MS",
            defaultValue = "${env:QUARRY_LIVE_QUERIES_REFETCH_INTERVAL:-"
                    + "${env:HASURA_GRAPHQL_LIVE_QUERIES_MULTIPLEXED_REFETCH_INTERVAL:-1000}}",
            description = "How often live queries are polled, in milliseconds (env QUARRY_LIVE_QUERIES_REFETCH_INTERVAL "
                    + "or HASURA_GRAPHQL_LIVE_QUERIES_MULTIPLEXED_REFETCH_INTERVAL). Default: ${DEFAULT-VALUE}")
    long refetchInterval;

    @Option(names = "--live-queries-multiplexed-batch-size", paramLabel = "N",
            defaultValue = "${env:QUARRY_LIVE_QUERIES_BATCH_SIZE:-"
                    + "${env:HASURA_GRAPHQL_LIVE_QUERIES_MULTIPLEXED_BATCH_SIZE:-100}}",
            description = "Most subscribers of one plan polled by one statement (env QUARRY_LIVE_QUERIES_BATCH_SIZE or "
                    + "HASURA_GRAPHQL_LIVE_QUERIES_MULTIPLEXED_BATCH_SIZE). Default: ${DEFAULT-VALUE}")
    int batchSize;

    @Option(names = "--websocket-keepalive", paramLabel = "SECONDS",
            defaultValue = "${env:QUARRY_WEBSOCKET_KEEPALIVE:-${env:HASURA_GRAPHQL_WEBSOCKET_KEEPALIVE:-5}}",
            description = "How often a WebSocket client is sent a keep-alive (env QUARRY_WEBSOCKET_KEEPALIVE or "
                    + "HASURA_GRAPHQL_WEBSOCKET_KEEPALIVE). Default: ${DEFAULT-VALUE}")
    long keepAlive;

    @Option(names = "--websocket-connection-init-timeout", paramLabel = "SECONDS",
            defaultValue = "${env:QUARRY_WEBSOCKET_CONNECTION_INIT_TIMEOUT:-"
                    + "${env:HASURA_GRAPHQL_WEBSOCKET_CONNECTION_INIT_TIMEOUT:-3}}",
            description = "How long a graphql-transport-ws client may take to send connection_init (env "
                    + "QUARRY_WEBSOCKET_CONNECTION_INIT_TIMEOUT or HASURA_GRAPHQL_WEBSOCKET_CONNECTION_INIT_TIMEOUT). "
                    + "Default: ${DEFAULT-VALUE}")
    long initTimeout;

    @Option(names = "--project", paramLabel = "DIR", defaultValue = "${env:QUARRY_PROJECT}",
            description = "A Hasura project folder to deploy at start, as Hasura's migrations image does: its pending "
                    + "migrations are applied before serving, then its metadata folder (env QUARRY_PROJECT). "
                    + "Default: none")
    Path project;

    @Option(names = "--project-database", paramLabel = "NAME", defaultValue = "default",
            description = "With --project, the source whose migrations/<NAME> folder is applied. "
                    + "Default: ${DEFAULT-VALUE}")
    String projectDatabase;

    /** Whether the console is served: on unless turned off by either spelling. */
    boolean consoleEnabled() {
        return enableConsole && !disableConsole;
    }

    /** Applies the project's metadata folder to the engine just started, through its own HTTP API. */
    private boolean applyProjectMetadata(Quarry quarry) {
        try {
            MetadataProject.ApplyResult result = MetadataProject.apply(project,
                    Endpoint.of("http://127.0.0.1:" + quarry.port(), adminSecret));
            PrintWriter err = new PrintWriter(System.err, true);
            InconsistencyCommand.print(result.unsupported(), err);
            InconsistencyCommand.print(result.inconsistencies(), err);
            err.flush();
            return true;
        } catch (RuntimeException e) {
            System.err.println("quarry serve: the project's metadata could not be applied: " + e.getMessage());
            return false;
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        EngineConfig config;
        JsonLog log;
        SubscriptionConfig subscriptions;
        try {
            subscriptions = new SubscriptionConfig(Duration.ofMillis(refetchInterval), batchSize,
                    Duration.ofSeconds(keepAlive), Duration.ofSeconds(initTimeout));
            log = JsonLog.stdout(JsonLog.checkTypes(logTypes), JsonLog.checkLevel(logLevel));
            AuthConfig auth = new AuthConfig(Optional.ofNullable(authHook), AuthConfig.isPost(authHookMode),
                    Duration.ofSeconds(10), Optional.ofNullable(unauthorizedRole), Optional.ofNullable(jwtSecret));
            config = new EngineConfig(databaseUrl, host, port, Optional.ofNullable(adminSecret), poolSize,
                    Duration.ofMillis(metadataPollMs), stringifyNumericTypes, auth,
                    new Protections(maxRequestSize, maxFields, maxBatch, Duration.ofSeconds(statementTimeout),
                            Duration.ofSeconds(idleTimeout), maxConnections, enableAllowlist,
                            inferFunctionPermissions)).withDevMode(devMode).withConsole(consoleEnabled())
                    .withCors(CorsConfig.of(corsDomain, disableCors));
        } catch (IllegalArgumentException e) {
            System.err.println("quarry serve: " + e.getMessage());
            return 2;
        }
        if (project != null) {
            try {
                Migrations.apply(project, projectDatabase, databaseUrl, System.err);
            } catch (MigrationFailure e) {
                System.err.println("quarry serve: " + e.getMessage());
                return 1;
            } catch (RuntimeException e) {
                System.err.println("quarry serve: the project's migrations could not be applied: " + e.getMessage());
                return 1;
            }
        }
        Quarry quarry;
        try {
            quarry = Quarry.start(config, log, Metrics.create(Optional.ofNullable(metricsSecret)), subscriptions)
                    .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            System.err.println("quarry serve: could not start: " + cause.getMessage());
            return 1;
        }
        if (project != null && !applyProjectMetadata(quarry)) {
            quarry.close();
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            quarry.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }
}
