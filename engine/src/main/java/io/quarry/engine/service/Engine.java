package io.quarry.engine.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.engine.auth.Session;
import io.quarry.engine.config.EngineConfig;
import io.quarry.engine.error.ApiError;
import io.quarry.engine.error.ErrorCode;
import io.quarry.engine.execute.Budget;
import io.quarry.engine.execute.Connections;
import io.quarry.engine.execute.Executor;
import io.quarry.engine.execute.Scripts;
import io.quarry.engine.execute.Writes;
import io.quarry.engine.log.JsonLog;
import io.quarry.engine.metrics.Metrics;
import io.quarry.engine.metrics.RequestMeter;
import io.quarry.engine.request.GraphQLRequest;
import io.quarry.engine.request.OperationPreparer;
import io.quarry.engine.request.Prepared;
import io.quarry.engine.sql.SqlStatement;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The engine over one database: answers GraphQL queries from the current state and applies metadata operations,
 * one at a time, storing each change before it takes effect.
 */
public final class Engine {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BACKEND_ONLY = "x-hasura-use-backend-only-permissions";
    /** Documents longer than this (in characters) are prepared off the event loop. */
    private static final int LARGE_DOCUMENT = 64 * 1024;
    private static final int LARGE_QUEUE = 4;
    /** What a statement that reads no session variable is given for them: nothing reads it. */
    private static final String NO_SESSION = "{}";
    private static final byte[] DATA_START = "{\"data\":".getBytes(StandardCharsets.UTF_8);

    private final Executor executor;
    private final Executor metadataExecutor;
    private final Writes writes;
    private final RequestGuard guard;
    private final AtomicReference<EngineState> state = new AtomicReference<>();
    /** Metadata operations, {@code /v1/query} commands, reloads and the poll. */
    private final MetadataService metadata;
    private final boolean stringifyNumbers;
    private final Duration statementTimeout;
    /** The one thread that prepares large documents, and how many wait for it. */
    private final WorkerExecutor large;
    private final AtomicInteger largeWaiting = new AtomicInteger();
    /** The threads where requests wait for their role's schema while it is built. */
    private final WorkerExecutor schemaWaits;
    /** Names this engine among those on the database, in the notices it sends when it stores metadata. */
    private final String instanceId = UUID.randomUUID().toString();
    private final Metrics metrics;
    private final QueryLog queryLog;
    private final OperationCompiler compiler;
    private final Explainer explainer;

    private Engine(Vertx vertx, Pool pool, Pool queries, EngineConfig config, JsonLog log, Metrics metrics) {
        this.stringifyNumbers = config.stringifyNumbers();
        this.compiler = new OperationCompiler(stringifyNumbers);
        this.statementTimeout = config.protections().statementTimeout();
        this.metrics = metrics;
        this.queryLog = new QueryLog(log);
        metrics.planCacheSize(() -> state.get() == null ? 0 : state.get().statements().size());
        Connections queryConnections = new Connections(vertx, queries, metrics.pool("default", config.poolSize()));
        this.executor = new Executor(queryConnections, statementTimeout);
        this.metadataExecutor = new Executor(new Connections(vertx, pool), statementTimeout);
        this.explainer = new Explainer(state::get, metadataExecutor, stringifyNumbers);
        this.writes = new Writes(queryConnections);
        this.guard = new RequestGuard(config.protections());
        this.large = vertx.createSharedWorkerExecutor("quarry-large-documents", 1);
        this.schemaWaits = vertx.createSharedWorkerExecutor("quarry-schema-waits", 4);
        this.metadata = new MetadataService(vertx, pool, config.databaseUrl(), instanceId, metadataExecutor,
                new DataCommands(executor, new Scripts(pool), stringifyNumbers), config.protections(), state, log,
                metrics);
    }

    /**
     * Prepares the metadata table, loads metadata and catalog, and starts watching for changes by other engines.
     * {@code pool} serves metadata work; {@code queries} runs the statements of GraphQL requests.
     */
    public static Future<Engine> start(Vertx vertx, Pool pool, Pool queries, EngineConfig config, JsonLog log,
            Metrics metrics) {
        Engine engine = new Engine(vertx, pool, queries, config, log, metrics);
        return engine.metadata.start(config.metadataPoll()).map(v -> engine);
    }

    public EngineState state() {
        return state.get();
    }

    /** What this engine measures, served on {@code /v1/metrics}. */
    public Metrics metrics() {
        return metrics;
    }

    /** This engine's id among those on the database (its listening connection's {@code application_name} holds it). */
    public String instanceId() {
        return instanceId;
    }

    /** Stops watching for changes by other engines and closes the connection that listens for them. */
    public Future<Void> stop() {
        return metadata.stop();
    }

    /** Answers one GraphQL request as the admin. */
    public Future<String> graphql(GraphQLRequest request) {
        return graphql(request, Session.admin());
    }

    /** Answers one GraphQL request with the complete response body, {@code {"data": ...}}. */
    public Future<String> graphql(GraphQLRequest request, Session session) {
        return graphql(request, Caller.of(session)).map(body -> body.toString(StandardCharsets.UTF_8));
    }

    /**
     * Answers one GraphQL request for {@code caller}; its work stops when the caller goes away. A large document, or
     * one asking for the whole schema (hundreds of kilobytes of introspection for a large database), is parsed,
     * validated and planned by the thread kept for large work, never on an event loop; its statements then run from
     * the caller's own context as any other's. The body is UTF-8 JSON: the database's bytes, spliced in.
     */
    public Future<Buffer> graphql(GraphQLRequest request, Caller caller) {
        RequestMeter meter = metrics.graphqlRequest(caller.session().role());
        Future<Buffer> answer;
        if (!schemaReady(caller.session())) {
            // Its role's schema is still being built (just after a metadata change): wait for it off the event loop.
            answer = schemaWaits.<Supplier<Future<Buffer>>>executeBlocking(() -> plan(request, caller, meter), false)
                    .compose(Supplier::get);
        } else if (request.query().length() <= LARGE_DOCUMENT && !wholeSchema(request, caller.session())) {
            try {
                answer = plan(request, caller, meter).get();
            } catch (RuntimeException e) {
                answer = Future.failedFuture(e);
            }
        } else {
            answer = large(() -> plan(request, caller, meter)).compose(Supplier::get);
        }
        return answer.onComplete(meter::done);
    }

    /** Whether the schema the session's requests use is built, so that preparing one will not wait for it. */
    private boolean schemaReady(Session session) {
        try {
            return state.get().ready(session.role(), backendOnlyPermissions(session));
        } catch (RuntimeException e) {
            return true;
        }
    }

    /**
     * Completes once the schemas a WebSocket's operations of {@code session} use are built (its queries' and
     * mutations', and its subscriptions', which always use the role's own schema): at once when they are, otherwise
     * on the caller's context after waiting for them off the event loop.
     */
    public Future<Void> awaitSchemas(Session session) {
        if (schemaReady(session) && state.get().ready(session.role(), false)) {
            return Future.succeededFuture();
        }
        return schemaWaits.executeBlocking(() -> {
            EngineState current = state.get();
            current.preparer(session.role(), false);
            try {
                current.preparer(session.role(), backendOnlyPermissions(session));
            } catch (ApiError e) {
                // An invalid backend-only flag is the operation's own error, answered when it runs.
            }
            return null;
        }, false);
    }

    /** Whether a request asks for the whole schema, not answered before for its role and this metadata. */
    private boolean wholeSchema(GraphQLRequest request, Session session) {
        if (!request.query().contains("__schema")) {
            return false;
        }
        try {
            return !state.get().preparer(session.role(), backendOnlyPermissions(session)).answered(request);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Admits a subscription as a request is admitted (rate limit, allow-list, introspection, depth and node limits);
     * throws the error that refuses it. Its polls are the engine's own work and are not admitted again.
     */
    public void admit(GraphQLRequest request, Caller caller) {
        EngineState current = state.get();
        guard.admit(current, request, caller, current.preparer(caller.session().role(), false));
    }

    /**
     * Runs CPU-heavy work for one request (a large document's preparation, a large body's parsing) on the one thread
     * kept for it, so that it holds up no event loop and at most one core; a few such tasks wait their turn, more are
     * refused at once. The result is delivered on the caller's context.
     */
    public <T> Future<T> large(Callable<T> work) {
        if (largeWaiting.incrementAndGet() > LARGE_QUEUE) {
            largeWaiting.decrementAndGet();
            return Future.failedFuture(new ApiError(ErrorCode.UNEXPECTED, "$",
                    "the server is busy with other large requests; try again shortly", 503));
        }
        return large.executeBlocking(work, false).eventually(() -> {
            largeWaiting.decrementAndGet();
            return Future.succeededFuture();
        });
    }

    /**
     * Prepares, plans and compiles a request (throwing its error, if any) and returns what runs its statements.
     * An operation's statements are the same for all users of a role (session values are their {@code $1}) and for
     * all values of its free variables (parameters), so they are compiled once per document and shape of variables
     * and then only bound (see {@link Statements}).
     */
    private Supplier<Future<Buffer>> plan(GraphQLRequest request, Caller caller, RequestMeter meter) {
        Session session = caller.session();
        EngineState current = state.get();
        boolean backendOnly = backendOnlyPermissions(session);
        OperationPreparer preparer = current.preparer(session.role(), backendOnly);
        guard.admit(current, request, caller, preparer);
        Statements.Found found = current.statements().operation(
                new Statements.Scope(session.role(), backendOnly, false), preparer, request,
                request.query().length() <= LARGE_DOCUMENT, r -> compile(preparer, r));
        if (found.lookup() != Statements.Lookup.NOT_ASKED) {
            metrics.planCache(found.lookup() == Statements.Lookup.HIT);
        }
        CompiledOperation operation = found.operation();
        if (operation instanceof CompiledOperation.Answered answered) {
            meter.query();
            return () -> Future.succeededFuture(answered.body());
        }
        missingVariables(operation.statements(), session).ifPresent(e -> {
            throw e;
        });
        Budget budget = budget(current, caller);
        if (operation instanceof CompiledOperation.Mutation mutation) {
            meter.mutation();
            queryLog.mutation(request);
            return () -> writes.run(mutation.fields(), mutation.errorPaths(), sessionJson(session), budget)
                    .map(mutation::answer);
        }
        meter.query();
        SqlStatement statement = operation.statements().get(0);
        String sessionJson = statement.usesSession() ? sessionJson(session) : NO_SESSION;
        queryLog.query(request, statement, sessionJson);
        return () -> executor.bytes(statement, sessionJson, budget).map(Engine::dataBody);
    }

    /**
     * A request compiled afresh; a query with introspection answered beside its data is not reused for other
     * values of its variables, which that introspection may read.
     */
    private Statements.Compiled compile(OperationPreparer preparer, GraphQLRequest request) {
        Prepared prepared = preparer.prepare(request);
        if (prepared instanceof Prepared.Subscription) {
            throw new ApiError(ErrorCode.UNEXPECTED_PAYLOAD, "$",
                    "subscriptions are not supported over HTTP, use websockets instead");
        }
        if (prepared instanceof Prepared.Introspection i) {
            return new Statements.Compiled(CompiledOperation.Answered.of(i.data()), false);
        }
        boolean reusable = !(prepared instanceof Prepared.Query q) || q.answered().isEmpty();
        return new Statements.Compiled(compiler.compile(preparer, prepared), reusable);
    }

    /** {@code {"data": <json>}} around the database's JSON, copied as bytes. */
    private static Buffer dataBody(Buffer json) {
        return Buffer.buffer(json.length() + DATA_START.length + 1).appendBytes(DATA_START).appendBuffer(json)
                .appendByte((byte) '}');
    }

    /**
     * What a request may spend in the database: what is left of the statement timeout, or of the role's
     * {@code time_limit} when that is shorter, since the request arrived (a batch's operations share it), and only
     * while its client waits.
     */
    private Budget budget(EngineState current, Caller caller) {
        Duration limit = current.timeLimit(caller.session().role())
                .filter(t -> t.compareTo(statementTimeout) < 0).orElse(statementTimeout);
        Duration left = limit.minusNanos(System.nanoTime() - caller.arrived());
        if (left.isNegative() || left.isZero()) {
            throw new ApiError(ErrorCode.UNEXPECTED, "$", "the request took longer than its time limit ("
                    + Connections.describe(limit.toMillis()) + ") and was cancelled");
        }
        return Budget.of(left, limit, caller.gone());
    }

    /**
     * Whether the request asks for backend-only permissions: the session variable comes from the
     * {@code x-hasura-use-backend-only-permissions} header only when the admin secret (or no secret) let headers in.
     */
    private static boolean backendOnlyPermissions(Session session) {
        Optional<String> value = session.variable(BACKEND_ONLY);
        if (value.isEmpty()) {
            return false;
        }
        return switch (value.get().toLowerCase(Locale.ROOT)) {
            case "true", "t", "yes", "y" -> true;
            case "false", "f", "no", "n" -> false;
            default -> throw new ApiError(ErrorCode.BAD_REQUEST, "$", BACKEND_ONLY + ":  Not a valid boolean text. "
                    + "True values are [\"true\",\"t\",\"yes\",\"y\"] and  False values are "
                    + "[\"false\",\"f\",\"no\",\"n\"]. All values are case insensitive");
        };
    }

    /** Hasura's error for statements that read session variables the session lacks. */
    static Optional<ApiError> missingVariables(List<SqlStatement> statements, Session session) {
        for (SqlStatement statement : statements) {
            for (String v : statement.sessionVariables()) {
                if (session.variable(v).isEmpty()) {
                    return Optional.of(new ApiError(ErrorCode.NOT_FOUND, "$", "missing session variable: \"" + v + "\""));
                }
            }
        }
        return Optional.empty();
    }

    static String sessionJson(Session session) {
        try {
            return JSON.writeValueAsString(session.variables());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code /v1/graphql/explain}: for each root field of the query, the statement it compiles to and Postgres's
     * plan for it (see {@link Explainer}).
     */
    public Future<JsonNode> explain(JsonNode body) {
        return explainer.explain(body);
    }

    /** Runs a metadata operation after those before it; a change is stored before the new state is served. */
    public Future<JsonNode> metadata(JsonNode request) {
        return metadata.metadata(request);
    }

    /**
     * Answers {@code /v1/query} and {@code /v2/query}: {@code run_sql}, the v1 {@code insert} and {@code select},
     * {@code bulk}, and the v1 forms of metadata operations. Runs after the changes queued before it.
     */
    public Future<JsonNode> schemaQuery(JsonNode request) {
        return metadata.schemaQuery(request);
    }

    /** Reads metadata and catalog from the database again and serves them. */
    public Future<EngineState> reload() {
        return metadata.reload();
    }
}
