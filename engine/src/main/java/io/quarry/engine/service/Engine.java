package io.quarry.engine.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarry.engine.auth.Session;
import io.quarry.engine.config.EngineConfig;
import io.quarry.engine.error.ApiError;
import io.quarry.engine.error.ErrorCode;
import io.quarry.engine.execute.Budget;
import io.quarry.engine.execute.Connections;
import io.quarry.engine.execute.Executor;
import io.quarry.engine.execute.Scripts;
import io.quarry.engine.execute.Writes;
import io.quarry.engine.introspect.Catalog;
import io.quarry.engine.introspect.EnumValue;
import io.quarry.engine.introspect.Introspector;
import io.quarry.engine.introspect.PgName;
import io.quarry.engine.log.JsonLog;
import io.quarry.engine.metadataapi.MetadataCommands;
import io.quarry.engine.model.ModelBuilder;
import io.quarry.engine.plan.MutationPlanner;
import io.quarry.engine.plan.Planner;
import io.quarry.engine.request.GraphQLRequest;
import io.quarry.engine.request.OperationPreparer;
import io.quarry.engine.request.Prepared;
import io.quarry.engine.sql.CompiledMutation;
import io.quarry.engine.sql.EnumValuesQuery;
import io.quarry.engine.sql.MutationCompiler;
import io.quarry.engine.sql.QueryCompiler;
import io.quarry.engine.sql.SqlStatement;
import io.quarry.engine.store.MetadataStore;
import io.quarry.metadata.Metadata;
import io.quarry.metadata.MetadataJson;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The engine over one database: answers GraphQL queries from the current state and applies metadata operations,
 * one at a time, storing each change before it takes effect.
 */
public final class Engine {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BACKEND_ONLY = "x-hasura-use-backend-only-permissions";

    private final Vertx vertx;
    private final Introspector introspector;
    private final MetadataStore store;
    private final Executor executor;
    private final Executor metadataExecutor;
    private final Scripts scripts;
    private final Writes writes;
    private final DataCommands data;
    private final RequestGuard guard;
    private final AtomicReference<EngineState> state = new AtomicReference<>();
    /** The tail of the queue of metadata operations; each waits for the one before. */
    private Future<?> lastChange = Future.succeededFuture();
    private final boolean stringifyNumbers;
    private final Duration statementTimeout;
    private final JsonLog log;
    private long pollTimer = -1;

    private Engine(Vertx vertx, Pool pool, Pool queries, EngineConfig config, JsonLog log) {
        this.vertx = vertx;
        this.log = log;
        this.stringifyNumbers = config.stringifyNumbers();
        this.statementTimeout = config.protections().statementTimeout();
        this.introspector = new Introspector(pool);
        this.store = new MetadataStore(pool);
        Connections queryConnections = new Connections(vertx, queries);
        this.executor = new Executor(queryConnections, statementTimeout);
        this.metadataExecutor = new Executor(new Connections(vertx, pool), statementTimeout);
        this.scripts = new Scripts(pool);
        this.writes = new Writes(queryConnections);
        this.data = new DataCommands(executor, scripts, stringifyNumbers);
        this.guard = new RequestGuard(config.protections());
    }

    /**
     * Prepares the metadata table, loads metadata and catalog, and starts watching for changes by other engines.
     * {@code pool} serves metadata work; {@code queries} runs the statements of GraphQL requests.
     */
    public static Future<Engine> start(Vertx vertx, Pool pool, Pool queries, EngineConfig config, JsonLog log) {
        Engine engine = new Engine(vertx, pool, queries, config, log);
        return engine.store.setup().compose(v -> engine.reload()).map(s -> {
            long every = config.metadataPoll().toMillis();
            if (every > 0) {
                engine.pollTimer = vertx.setPeriodic(every, id -> engine.poll());
            }
            return engine;
        });
    }

    public EngineState state() {
        return state.get();
    }

    public void stop() {
        if (pollTimer >= 0) {
            vertx.cancelTimer(pollTimer);
        }
    }

    /** Answers one GraphQL request as the admin. */
    public Future<String> graphql(GraphQLRequest request) {
        return graphql(request, Session.admin());
    }

    /** Answers one GraphQL request with the complete response body, {@code {"data": ...}}. */
    public Future<String> graphql(GraphQLRequest request, Session session) {
        return graphql(request, Caller.of(session));
    }

    /** Answers one GraphQL request for {@code caller}; its work stops when the caller goes away. */
    public Future<String> graphql(GraphQLRequest request, Caller caller) {
        try {
            return answer(request, caller);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private Future<String> answer(GraphQLRequest request, Caller caller) {
        Session session = caller.session();
        EngineState current = state.get();
        OperationPreparer preparer = current.preparer(session.role(), backendOnlyPermissions(session));
        guard.admit(current, request, caller, preparer);
        boolean cacheable = request.variables().isEmpty();
        // The statement of a role's query is the same for all its users: session values are its $1.
        String key = session.role() + '\u0000' + request.operationName().orElse("") + '\u0000' + request.query();
        SqlStatement statement = cacheable ? current.statements().get(key) : null;
        if (statement == null) {
            Prepared prepared = preparer.prepare(request);
            if (prepared instanceof Prepared.Mutation m) {
                return mutate(preparer, m, session, budget(current, caller));
            }
            if (prepared instanceof Prepared.Introspection i) {
                return Future.succeededFuture("{\"data\":" + i.dataJson() + "}");
            }
            Prepared.Query query = (Prepared.Query) prepared;
            statement = QueryCompiler.query(Planner.query(preparer.schema(), query.roots(), query.answered()),
                    stringifyNumbers);
            if (cacheable) {
                current.statements().put(key, statement);
            }
        }
        Optional<ApiError> missing = missingVariables(List.of(statement), session);
        if (missing.isPresent()) {
            return Future.failedFuture(missing.get());
        }
        return executor.json(statement, sessionJson(session), budget(current, caller))
                .map(data -> "{\"data\":" + data + "}");
    }

    /**
     * What a request may spend in the database: the statement timeout, or the role's {@code time_limit} when that is
     * shorter, and only while its client waits.
     */
    private Budget budget(EngineState current, Caller caller) {
        Duration limit = current.timeLimit(caller.session().role())
                .filter(t -> t.compareTo(statementTimeout) < 0).orElse(statementTimeout);
        return new Budget(limit, caller.gone());
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
        return switch (value.get().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "t", "yes", "y" -> true;
            case "false", "f", "no", "n" -> false;
            default -> throw new ApiError(ErrorCode.BAD_REQUEST, "$", BACKEND_ONLY + ":  Not a valid boolean text. "
                    + "True values are [\"true\",\"t\",\"yes\",\"y\"] and  False values are "
                    + "[\"false\",\"f\",\"no\",\"n\"]. All values are case insensitive");
        };
    }

    /** Runs a mutation's fields in order in one transaction and answers {@code {"data": {...}}}. */
    private Future<String> mutate(OperationPreparer preparer, Prepared.Mutation mutation, Session session,
            Budget budget) {
        List<MutationPlanner.Step> steps = MutationPlanner.plan(preparer.schema(), mutation.roots());
        List<CompiledMutation> statements = new ArrayList<>();
        for (MutationPlanner.Step step : steps) {
            step.mutations().forEach(m -> statements.add(MutationCompiler.compile(m, stringifyNumbers)));
        }
        Optional<ApiError> missing = missingVariables(
                statements.stream().flatMap(c -> c.statements().stream()).toList(), session);
        if (missing.isPresent()) {
            return Future.failedFuture(missing.get());
        }
        return writes.run(statements, sessionJson(session), budget).map(results -> {
            StringBuilder out = new StringBuilder("{\"data\":{");
            int next = 0;
            for (int i = 0; i < steps.size(); i++) {
                MutationPlanner.Step step = steps.get(i);
                out.append(i > 0 ? "," : "").append('"').append(step.key()).append("\":");
                if (step.typename() != null) {
                    out.append('"').append(step.typename()).append('"');
                } else if (step.many()) {
                    List<String> answers = results.subList(next, next + step.mutations().size());
                    out.append('[').append(String.join(",", answers)).append(']');
                    next += answers.size();
                } else {
                    out.append(results.get(next++));
                }
            }
            return out.append("}}").toString();
        });
    }

    /** Hasura's error for statements that read session variables the session lacks. */
    private static Optional<ApiError> missingVariables(List<SqlStatement> statements, Session session) {
        List<String> missing = statements.stream().flatMap(s -> s.sessionVariables().stream()).distinct()
                .filter(v -> session.variable(v).isEmpty()).map(v -> "\"" + v + "\"").toList();
        return missing.isEmpty() ? Optional.empty() : Optional.of(new ApiError(ErrorCode.NOT_FOUND, "$",
                "missing session variables: " + String.join(", ", missing)));
    }

    private static String sessionJson(Session session) {
        try {
            return JSON.writeValueAsString(session.variables());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code /v1/graphql/explain}: for each root field of the query, the statement it compiles to and Postgres's
     * plan for it, as {@code [{"field", "sql", "plan": [lines]}]}.
     */
    public Future<JsonNode> explain(JsonNode body) {
        try {
            GraphQLRequest request = GraphQLRequest.fromJson(body.path("query"), "$.query");
            EngineState current = state.get();
            Prepared prepared = current.admin().prepare(request);
            if (!(prepared instanceof Prepared.Query query)) {
                return Future.succeededFuture(JSON.createArrayNode());
            }
            List<Future<JsonNode>> fields = new ArrayList<>();
            for (var root : query.roots()) {
                if (root.name().startsWith("__")) {
                    continue;
                }
                SqlStatement statement = QueryCompiler.query(
                        Planner.query(current.admin().schema(), List.of(root)), stringifyNumbers);
                fields.add(metadataExecutor.explain(statement).map(lines -> {
                    ObjectNode field = JSON.createObjectNode().put("field", root.key()).put("sql", statement.text());
                    lines.forEach(field.putArray("plan")::add);
                    return field;
                }));
            }
            return Future.all(fields).map(done -> {
                ArrayNode out = JSON.createArrayNode();
                fields.forEach(f -> out.add(f.result()));
                return out;
            });
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /** Runs a metadata operation after those before it; a change is stored before the new state is served. */
    public Future<JsonNode> metadata(JsonNode request) {
        return serially(() -> runMetadata(request));
    }

    /** Runs {@code task} after every change queued before it, so changes and reloads never interleave. */
    private <T> Future<T> serially(java.util.function.Supplier<Future<T>> task) {
        Promise<T> done = Promise.promise();
        synchronized (this) {
            lastChange = lastChange.transform(ignored -> {
                Future<T> result;
                try {
                    result = task.get();
                } catch (RuntimeException e) {
                    result = Future.failedFuture(e);
                }
                return result.onComplete(done);
            });
        }
        return done.future();
    }

    private Future<JsonNode> runMetadata(JsonNode request) {
        // Changes must see tables created since the last look; reads answer from the state being served.
        Future<io.quarry.engine.introspect.Catalog> catalogNow = MetadataCommands.readsOnly(request)
                ? Future.succeededFuture(state.get().catalog()) : introspector.load();
        return catalogNow.compose(catalog -> {
            EngineState current = state.get();
            MetadataCommands.Result result = MetadataCommands.run(request, current.metadata(), catalog,
                    current.resourceVersion());
            if (result.reload()) {
                return reload().map(s -> {
                    if (result.response().isObject() && "reload_metadata".equals(request.path("type").asText())) {
                        ((ObjectNode) result.response())
                                .put("is_consistent", s.model().inconsistencies().isEmpty());
                    }
                    return result.response();
                });
            }
            if (!result.changed()) {
                return Future.succeededFuture(result.response());
            }
            return store.save(write(result.metadata()), current.resourceVersion())
                    .compose(version -> buildState(result.metadata(), version, catalog))
                    .map(next -> result.response());
        });
    }

    /**
     * Answers {@code /v1/query} and {@code /v2/query}: {@code run_sql}, the v1 {@code insert} and {@code select},
     * {@code bulk}, and the v1 forms of metadata operations. Runs after the changes queued before it.
     */
    public Future<JsonNode> schemaQuery(JsonNode request) {
        return serially(() -> runQuery(request));
    }

    private Future<JsonNode> runQuery(JsonNode request) {
        String type = request.path("type").asText();
        JsonNode args = request.path("args");
        return switch (type) {
            case "run_sql" -> runSql(args);
            case "insert" -> data.insert(state.get(), args);
            case "select" -> data.select(state.get(), args);
            case "bulk" -> {
                Future<ArrayNode> all = Future.succeededFuture(JSON.createArrayNode());
                for (JsonNode step : args) {
                    all = all.compose(results -> runQuery(step).map(results::add).map(r -> results));
                }
                yield all.map(a -> a);
            }
            default -> runMetadata(request);
        };
    }

    private Future<JsonNode> runSql(JsonNode args) {
        JsonNode sql = args.get("sql");
        if (sql == null || !sql.isTextual()) {
            return Future.failedFuture(new ApiError(ErrorCode.PARSE_FAILED, "$.args", "the key 'sql' was not present"));
        }
        return scripts.run(sql.asText()).compose(result -> introspector.load().compose(catalog -> {
            EngineState current = state.get();
            return buildState(current.metadata(), current.resourceVersion(), catalog).map(next -> result);
        })).map(result -> {
            ObjectNode response = JSON.createObjectNode();
            if (result.hasRows()) {
                response.put("result_type", "TuplesOk");
                ArrayNode rows = response.putArray("result");
                ArrayNode header = rows.addArray();
                result.columns().forEach(header::add);
                result.rows().forEach(r -> {
                    ArrayNode row = rows.addArray();
                    r.forEach(row::add);
                });
            } else {
                response.put("result_type", "CommandOk");
                response.putNull("result");
            }
            return (JsonNode) response;
        });
    }

    /** Reads metadata and catalog from the database again and serves them. */
    public Future<EngineState> reload() {
        return store.load().compose(stored -> introspector.load().compose(catalog -> {
            Metadata metadata = stored.map(s -> MetadataJson.read(parse(s.json()))).orElseGet(Metadata::empty);
            return buildState(metadata, stored.map(MetadataStore.Stored::resourceVersion).orElse(0), catalog);
        }));
    }

    /** Builds and serves the state of a metadata version: reads the rows of its enum tables, then the rest. */
    private Future<EngineState> buildState(Metadata metadata, int version, Catalog catalog) {
        Map<PgName, List<String>> enumTables = ModelBuilder.enumTables(metadata, catalog);
        Future<Map<PgName, List<EnumValue>>> values = enumTables.isEmpty() ? Future.succeededFuture(Map.of())
                : metadataExecutor.json(EnumValuesQuery.statement(enumTables)).map(json -> enumValues(enumTables, json));
        return values.map(enums -> {
            EngineState next = EngineState.build(metadata, version, catalog, enums, guard.protections(),
                    (role, e) -> log.error("schema-error",
                    Map.of("role", role, "error", String.valueOf(e.getMessage()))));
            state.set(next);
            return next;
        });
    }

    private static Map<PgName, List<EnumValue>> enumValues(Map<PgName, List<String>> tables, String json) {
        JsonNode all = parse(json);
        Map<PgName, List<EnumValue>> out = new LinkedHashMap<>();
        int i = 0;
        for (PgName table : tables.keySet()) {
            List<EnumValue> values = new ArrayList<>();
            for (JsonNode row : all.get(i++)) {
                values.add(new EnumValue(row.get(0).asText(),
                        row.get(1).isNull() ? Optional.empty() : Optional.of(row.get(1).asText())));
            }
            out.put(table, values);
        }
        return out;
    }

    private void poll() {
        EngineState current = state.get();
        store.version().onSuccess(version -> {
            if (version != current.resourceVersion()) {
                serially(() -> state.get().resourceVersion() == version ? Future.succeededFuture(state.get()) : reload());
            }
        });
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the database answered invalid JSON", e);
        }
    }

    private static String write(Metadata metadata) {
        try {
            return JSON.writeValueAsString(MetadataJson.write(metadata));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
