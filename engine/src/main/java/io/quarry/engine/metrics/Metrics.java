package io.quarry.engine.metrics;

import io.micrometer.core.instrument.Counter;
import io.quarry.engine.error.ApiError;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The registry behind {@code /v1/metrics}, with the meters the engine reports to. One per server; it is read by
 * Prometheus with the metrics secret when one is set ({@code Authorization: Bearer <secret>}), else as an admin.
 */
public final class Metrics implements AutoCloseable {
    /** The Prometheus text format's content type. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** Hasura's buckets for request execution time, in seconds. */
    private static final Duration[] REQUEST_BUCKETS = seconds(0.01, 0.03, 0.1, 0.3, 1, 3, 10);
    private static final Duration[] WAIT_BUCKETS = seconds(0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10);
    private static final Duration[] BUILD_BUCKETS = seconds(0.03, 0.1, 0.3, 1, 3, 10, 30);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Optional<String> secret;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Counter planCacheHits;
    private final Counter planCacheMisses;
    private final Timer schemaBuilds;
    private final Map<String, Requests> requests = new ConcurrentHashMap<>();
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicReference<Supplier<Number>> webSockets =
            new java.util.concurrent.atomic.AtomicReference<>(() -> 0);
    private final java.util.concurrent.atomic.AtomicReference<Supplier<Number>> subscriptions =
            new java.util.concurrent.atomic.AtomicReference<>(() -> 0);

    private Metrics(Optional<String> secret) {
        this.secret = Objects.requireNonNull(secret, "secret").filter(s -> !s.isEmpty());
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        planCacheHits = planCache("hit");
        planCacheMisses = planCache("miss");
        schemaBuilds = Timer.builder("quarry.schema.build.time")
                .description("Time to build the GraphQL schemas of every role from a metadata version")
                .serviceLevelObjectives(BUILD_BUCKETS).register(registry);
        gauge("hasura.websocket.connections", "Current number of active WebSocket connections",
                () -> webSockets.get().get());
        gauge("hasura.active.subscriptions", "Current number of active subscriptions", () -> subscriptions.get().get());
    }

    /** Where the WebSocket and subscription gauges read their values, once the server serves them. */
    public void subscriptions(Supplier<Number> openSockets, Supplier<Number> activeSubscriptions) {
        webSockets.set(openSockets);
        subscriptions.set(activeSubscriptions);
    }

    /** Metrics readable by anyone holding {@code secret}, or by an admin when there is none. */
    public static Metrics create(Optional<String> secret) {
        return new Metrics(secret);
    }

    public Optional<String> secret() {
        return secret;
    }

    /** Every metric, in Prometheus's text format. */
    public String scrape() {
        return registry.scrape(CONTENT_TYPE);
    }

    /** Starts measuring a GraphQL request of {@code role}. */
    public RequestMeter graphqlRequest(String role) {
        return new RequestMeter(this, role);
    }

    /**
     * Counts a GraphQL request refused before it had a role (its body unreadable, its credentials refused): Hasura's
     * {@code unknown} operation type, with an empty role.
     */
    public void graphqlRefused(Throwable error) {
        graphqlRequest("unknown", "", code(error), 0);
    }

    static String code(Throwable error) {
        return error instanceof ApiError api ? api.code().code() : "unexpected";
    }

    void graphqlRequest(String operationType, String role, String errorCode, long nanos) {
        Requests requests = this.requests.computeIfAbsent(operationType + '\u0000' + role,
                key -> new Requests(operationType, role));
        if (errorCode == null) {
            requests.succeeded.increment();
            requests.time.record(nanos, TimeUnit.NANOSECONDS);
        } else {
            requests.failed.increment();
            errors.computeIfAbsent(errorCode, code -> Counter.builder("quarry.graphql.errors")
                    .description("GraphQL requests failed, by error code").tag("code", code).register(registry))
                    .increment();
        }
    }

    /** The meters of one operation type and role, looked up once (a meter's registration is a costly lookup). */
    private final class Requests {
        final Counter succeeded;
        final Counter failed;
        final Timer time;

        Requests(String operationType, String role) {
            succeeded = requests(operationType, role, "success");
            failed = requests(operationType, role, "failed");
            time = Timer.builder("hasura.graphql.execution.time")
                    .description("Execution time of successful GraphQL requests")
                    .tag("operation_type", operationType).tag("role", role)
                    .serviceLevelObjectives(REQUEST_BUCKETS).register(registry);
        }

        private Counter requests(String operationType, String role, String status) {
            return Counter.builder("hasura.graphql.requests").description("Number of GraphQL requests received")
                    .tag("operation_type", operationType).tag("response_status", status).tag("role", role)
                    .register(registry);
        }
    }

    /** A statement found in the plan cache, or compiled and added to it. */
    public void planCache(boolean hit) {
        (hit ? planCacheHits : planCacheMisses).increment();
    }

    /** The plan cache's current size. */
    public void planCacheSize(Supplier<Number> size) {
        gauge("quarry.plan.cache.size", "Statements in the plan cache of the metadata version served", size);
    }

    /** The client connections open now. */
    public void httpConnections(Supplier<Number> open) {
        gauge("hasura.http.connections", "Current number of active HTTP connections (excluding WebSocket)", open);
    }

    public void schemaBuilt(long nanos) {
        schemaBuilds.record(Duration.ofNanos(nanos));
    }

    /** The meter of a database pool of {@code maxSize} connections serving {@code source}'s requests. */
    public PoolMeter pool(String source, int maxSize) {
        AtomicInteger inUse = new AtomicInteger();
        Gauge.builder("hasura.postgres.connections", inUse, AtomicInteger::get)
                .description("Current number of active PostgreSQL connections")
                .tag("source_name", source).tag("role", "primary").register(registry);
        Gauge.builder("quarry.postgres.pool.max.connections", () -> maxSize)
                .description("Connections the pool may open").tag("source_name", source).register(registry);
        Timer waits = Timer.builder("quarry.postgres.pool.wait.time")
                .description("Time a request waited for a database connection").tag("source_name", source)
                .serviceLevelObjectives(WAIT_BUCKETS).register(registry);
        return new PoolMeter() {
            @Override
            public void acquired(long waitNanos) {
                inUse.incrementAndGet();
                waits.record(Duration.ofNanos(waitNanos));
            }

            @Override
            public void released() {
                inUse.decrementAndGet();
            }
        };
    }

    private void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    private Counter planCache(String result) {
        return Counter.builder("quarry.plan.cache.requests").description("Plan cache lookups, by result")
                .tag("result", result).register(registry);
    }

    private static Duration[] seconds(double... values) {
        Duration[] out = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Duration.ofNanos(Math.round(values[i] * 1e9));
        }
        return out;
    }

    /** Stops watching the garbage collector. */
    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
