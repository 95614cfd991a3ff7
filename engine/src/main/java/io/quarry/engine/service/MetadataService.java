package io.quarry.engine.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarry.engine.error.ApiError;
import io.quarry.engine.error.ErrorCode;
import io.quarry.engine.config.Protections;
import io.quarry.engine.execute.Executor;
import io.quarry.engine.execute.Scripts;
import io.quarry.engine.introspect.Catalog;
import io.quarry.engine.introspect.EnumValue;
import io.quarry.engine.introspect.Introspector;
import io.quarry.engine.introspect.PgName;
import io.quarry.engine.introspect.Snapshot;
import io.quarry.engine.introspect.Stamps;
import io.quarry.engine.log.JsonLog;
import io.quarry.engine.metrics.Metrics;
import io.quarry.engine.metadataapi.MetadataCommands;
import io.quarry.engine.metadataapi.SchemaChanges;
import io.quarry.engine.model.Model;
import io.quarry.engine.model.ModelBuilder;
import io.quarry.engine.sql.EnumValuesQuery;
import io.quarry.engine.store.MetadataChannel;
import io.quarry.engine.store.MetadataStore;
import io.quarry.metadata.Metadata;
import io.quarry.metadata.MetadataJson;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * The metadata half of the engine: applies metadata operations and {@code /v1/query} commands one at a time
 * ({@link MetadataQueue}), stores each change before it is served, and watches for changes by other engines.
 * The CPU-heavy parts (running commands, reading and writing metadata JSON, reading the catalog, building role
 * schemas) run on worker threads, so the event loops keep answering requests while a large metadata changes.
 */
final class MetadataService {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long an operation may hold the queue before later ones stop waiting for it. */
    static final Duration GUARD = Duration.ofMinutes(5);
    /** Hasura's test for SQL that may change tracked objects (see its note on checking metadata in run_sql). */
    private static final Pattern DDL = Pattern.compile("\\balter\\b|\\bdrop\\b|\\breplace\\b|\\bcreate function\\b"
            + "|\\bcomment on\\b", Pattern.CASE_INSENSITIVE);
    private static final BooleanSupplier ALWAYS = () -> true;
    /** How long closing waits for the metadata operation under way. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final Vertx vertx;
    private final Introspector introspector;
    private final MetadataStore store;
    private final Executor executor;
    private final Protections protections;
    private final Scripts scripts;
    private final DataCommands data;
    private final AtomicReference<EngineState> state;
    private final JsonLog log;
    private final MetadataQueue queue;
    private final Metrics metrics;
    private final VersionFollower follower;
    /** The last catalog read with its stamps, so that the next read takes only what changed since. */
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>();
    private final MetadataWriter writer = new MetadataWriter();

    /**
     * {@code databaseUrl} is where the engine listens for changes stored by others (a connection of its own);
     * {@code instanceId} tells this engine's notices from theirs.
     */
    MetadataService(Vertx vertx, Pool pool, String databaseUrl, String instanceId, Executor executor,
            DataCommands data, Protections protections, AtomicReference<EngineState> state, JsonLog log,
            Metrics metrics) {
        this.vertx = vertx;
        this.metrics = metrics;
        this.introspector = new Introspector(pool);
        this.store = new MetadataStore(pool, instanceId);
        this.executor = executor;
        this.protections = protections;
        this.scripts = new Scripts(pool);
        this.data = data;
        this.state = state;
        this.log = log;
        this.queue = new MetadataQueue(vertx, GUARD);
        this.follower = new VersionFollower(vertx, instanceId, store, new MetadataChannel(vertx, databaseUrl,
                instanceId), queue, state, this::reload, log);
    }

    /**
     * Prepares the store, listens for changes stored by other engines, serves what the store holds, and polls its
     * version every {@code poll} (never when zero) in case a notice is lost.
     */
    Future<Void> start(Duration poll) {
        return store.setup().compose(v -> follower.listen()).compose(v -> reload()).map(s -> {
            follower.poll(poll);
            return null;
        });
    }

    /**
     * Stops following other engines and lets the operation under way (a change being stored, a reload being built)
     * finish, for a few seconds at most, before Vert.x goes away under it.
     */
    Future<Void> stop() {
        Future<Void> idle = queue.<Void>submit(live -> Future.succeededFuture())
                .timeout(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS).otherwiseEmpty();
        return Future.join(follower.stop(), idle).mapEmpty();
    }

    Future<JsonNode> metadata(JsonNode request) {
        return queue.submit(live -> runMetadata(request, live));
    }

    Future<JsonNode> schemaQuery(JsonNode request) {
        return queue.submit(live -> runQuery(request, live));
    }

    /** Reads metadata and catalog from the database again and serves them. */
    Future<EngineState> reload() {
        return reload(ALWAYS);
    }

    private Future<JsonNode> runMetadata(JsonNode request, BooleanSupplier live) {
        // Changes must see tables created since the last look; reads answer from the state being served.
        Future<Catalog> catalogNow = MetadataCommands.readsOnly(request)
                ? Future.succeededFuture(state.get().catalog()) : changedCatalog();
        return catalogNow.compose(catalog -> {
            EngineState current = state.get();
            return blocking(() -> {
                MetadataCommands.Result result = MetadataCommands.run(request, current.metadata(), catalog,
                        current.resourceVersion());
                return new Applied(result, result.changed() && !result.reload() ? writer.write(result.metadata())
                        : null);
            }).compose(applied -> {
                MetadataCommands.Result result = applied.result();
                if (result.reload()) {
                    return reloadEverywhere(live).map(s -> {
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
                return stillLive(live).compose(v -> store.save(applied.json(), current.resourceVersion()))
                        .compose(version -> buildState(result.metadata(), version, catalog, result.model(), live))
                        .map(next -> result.response());
            });
        });
    }

    /** A command's outcome and, when it changed the metadata, the document to store. */
    private record Applied(MetadataCommands.Result result, String json) {
    }

    private Future<JsonNode> runQuery(JsonNode request, BooleanSupplier live) {
        String type = request.path("type").asText();
        JsonNode args = request.path("args");
        return switch (type) {
            case "run_sql" -> runSql(args, live);
            case "insert" -> data.insert(state.get(), args);
            case "select" -> data.select(state.get(), args);
            case "bulk" -> queryBulk(args, live);
            default -> runMetadata(request, live);
        };
    }

    /** The {@code /v1/query} commands that are not metadata operations. */
    private static final java.util.Set<String> DATA = java.util.Set.of("run_sql", "insert", "select", "bulk");

    /**
     * A {@code /v1/query} bulk. Consecutive metadata operations run as one metadata bulk, so that the metadata is
     * stored and the role schemas built once for them all rather than once per operation; their errors keep the
     * path of their place in the whole bulk.
     */
    private Future<JsonNode> queryBulk(JsonNode args, BooleanSupplier live) {
        if (!args.isArray()) {
            return Future.failedFuture(new ApiError(ErrorCode.PARSE_FAILED, "$.args", "expected an array of queries"));
        }
        Future<ArrayNode> all = Future.succeededFuture(JSON.createArrayNode());
        int i = 0;
        while (i < args.size()) {
            JsonNode step = args.get(i);
            if (DATA.contains(step.path("type").asText())) {
                all = all.compose(results -> runQuery(step, live).map(results::add).map(r -> results));
                i++;
                continue;
            }
            int first = i;
            ArrayNode group = JSON.createArrayNode();
            while (i < args.size() && !DATA.contains(args.get(i).path("type").asText())) {
                group.add(args.get(i++));
            }
            ObjectNode bulk = JSON.createObjectNode().put("type", "bulk");
            bulk.set("args", group);
            all = all.compose(results -> runMetadata(bulk, live)
                    .recover(e -> Future.failedFuture(shifted(e, first)))
                    .map(answers -> {
                        answers.forEach(results::add);
                        return results;
                    }));
        }
        return all.map(a -> a);
    }

    /** An error at {@code $.args[i]...} of a part of a bulk, placed at {@code $.args[first + i]...} of the whole. */
    private static Throwable shifted(Throwable e, int first) {
        if (first == 0 || !(e instanceof ApiError api) || !api.path().startsWith("$.args[")) {
            return e;
        }
        int close = api.path().indexOf(']');
        int index = Integer.parseInt(api.path().substring("$.args[".length(), close));
        return new ApiError(api.code(), "$.args[" + (first + index) + api.path().substring(close), api.getMessage(),
                api.status());
    }

    /**
     * {@code run_sql}: the script runs in one transaction ({@code READ ONLY} with {@code read_only}). When it may
     * change tracked objects, the catalog is read before and after it inside that transaction, and what it dropped
     * is checked against the metadata before COMMIT: refused (and rolled back) when other metadata depends on it,
     * unless {@code cascade} removes that metadata too.
     */
    private Future<JsonNode> runSql(JsonNode args, BooleanSupplier live) {
        JsonNode sql = args.get("sql");
        if (sql == null || !sql.isTextual()) {
            return Future.failedFuture(new ApiError(ErrorCode.PARSE_FAILED, "$.args", "the key 'sql' was not present"));
        }
        if (Scripts.isEmpty(sql.asText())) {
            // Postgres answers an empty query with EmptyQueryResponse, which Hasura reports as a failed statement.
            return Future.failedFuture(new ApiError(ErrorCode.POSTGRES_ERROR, "$",
                    "query execution failed: the query is empty", 400));
        }
        boolean readOnly = args.path("read_only").asBoolean(false);
        boolean cascade = args.path("cascade").asBoolean(false);
        JsonNode explicit = args.get("check_metadata_consistency");
        boolean check = !readOnly && (explicit != null && explicit.isBoolean() ? explicit.asBoolean()
                : DDL.matcher(sql.asText()).find());
        EngineState current = state.get();
        Future<SqlOutcome> ran = scripts.inTransaction(readOnly, conn -> {
            if (!check) {
                return Scripts.script(conn, sql.asText()).map(result -> new SqlOutcome(result, null, null));
            }
            return Introspector.catalogJson(conn).compose(before -> Scripts.script(conn, sql.asText())
                    .compose(result -> Introspector.catalogJson(conn).compose(after -> blocking(() -> {
                        Catalog afterCatalog = Introspector.read(after);
                        Metadata next = SchemaChanges.afterSql(current.metadata(), Introspector.read(before),
                                afterCatalog, cascade);
                        return new SqlOutcome(result, afterCatalog, next == current.metadata() ? null : next);
                    }))));
        });
        return ran.compose(outcome -> {
            if (readOnly) {
                return Future.succeededFuture(outcome);
            }
            Future<Catalog> catalog = outcome.catalog() != null ? Future.succeededFuture(outcome.catalog())
                    : changedCatalog();
            return catalog.compose(c -> {
                if (outcome.metadata() == null) {
                    return check ? reloadEverywhere(live)
                            : buildState(state.get().metadata(), state.get().resourceVersion(), c, Optional.empty(),
                                    live);
                }
                return blocking(() -> writer.write(outcome.metadata()))
                        .compose(json -> stillLive(live).compose(v -> store.save(json, current.resourceVersion())))
                        .compose(version -> buildState(outcome.metadata(), version, c, Optional.empty(), live));
            }).map(s -> outcome);
        }).map(outcome -> sqlResponse(outcome.result()));
    }

    /** What a script answered, the catalog after it and the metadata it changed (null when unchanged or unread). */
    private record SqlOutcome(Scripts.Result result, Catalog catalog, Metadata metadata) {
    }

    private static JsonNode sqlResponse(Scripts.Result result) {
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
        return response;
    }

    private Future<EngineState> reload(BooleanSupplier live) {
        return store.load().recover(e -> {
            if (!MetadataStore.isMissing(e)) {
                return Future.failedFuture(e);
            }
            // The store was dropped under the running engine: set it up again with the metadata being served.
            EngineState current = state.get();
            Future<Void> setup = store.setup();
            if (current == null || current.metadata().sources().isEmpty() && current.metadata().onlySources()) {
                return setup.map(v -> Optional.<MetadataStore.Stored>empty());
            }
            return setup.compose(v -> blocking(() -> writer.write(current.metadata())))
                    .compose(json -> store.save(json, 0).map(version -> Optional.of(new MetadataStore.Stored(json, version))));
        }).compose(stored -> catalog().compose(catalog -> blocking(() -> stored.map(s -> MetadataJson.read(parse(s.json())))
                .orElseGet(Metadata::empty)).compose(metadata -> buildState(metadata,
                        stored.map(MetadataStore.Stored::resourceVersion).orElse(0), catalog, Optional.empty(),
                        live)))).onSuccess(served -> vertx.executeBlocking(() -> {
                            // Off the request path, so that the next change writes only the tables it changes.
                            writer.write(served.metadata());
                            return null;
                        }, false));
    }

    /** Fails once the queue has given up on the operation, so that nothing it no longer answers for is stored. */
    private static Future<Void> stillLive(BooleanSupplier live) {
        return live.getAsBoolean() ? Future.succeededFuture()
                : Future.failedFuture(new IllegalStateException("the metadata operation was given up on"));
    }

    /**
     * Builds and serves the state of a metadata version: reads the rows of its enum tables, then the rest.
     * {@code resolved} is the metadata resolved without enum table rows, if a command checking it did that: with no
     * enum tables to read it is the model to serve, so the metadata is not resolved again.
     */
    private Future<EngineState> buildState(Metadata metadata, int version, Catalog catalog, Optional<Model> resolved,
            BooleanSupplier live) {
        Map<PgName, List<String>> enumTables = ModelBuilder.enumTables(metadata, catalog);
        Future<Map<PgName, List<EnumValue>>> values = enumTables.isEmpty() ? Future.succeededFuture(Map.of())
                : executor.json(EnumValuesQuery.statement(enumTables)).map(json -> enumValues(enumTables, json));
        return values.compose(enums -> blocking(() -> {
                    long started = System.nanoTime();
                    Model model = resolved.filter(m -> enumTables.isEmpty())
                            .orElseGet(() -> ModelBuilder.build(metadata, catalog, enums));
                    EngineState built = EngineState.build(metadata, version, catalog, model, protections,
                            (role, e) -> log.error("schema-error", Map.of("role", role,
                                    "error", String.valueOf(e.getMessage()))), state.get());
                    metrics.schemaBuilt(System.nanoTime() - started);
                    return built;
                }))
                .map(next -> {
                    // An operation the queue gave up on must not replace what later operations served.
                    if (live.getAsBoolean()) {
                        state.set(next);
                        // The role schemas are built after the version is served, on a worker, until it is replaced.
                        vertx.executeBlocking(() -> {
                            next.schemas().buildAll(() -> state.get() == next);
                            return null;
                        }, false);
                    }
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

    /**
     * Reloads here and on every other engine, for a change the metadata document does not show (DDL through
     * {@code run_sql}, {@code reload_metadata}): a new stored version tells the others to read metadata and catalog
     * again. With no store (nothing stored yet, or the store dropped) there is nothing to bump; the reload sees to it.
     */
    private Future<EngineState> reloadEverywhere(BooleanSupplier live) {
        return stillLive(live).compose(v -> store.bump()).map(v -> (Void) null)
                .recover(e -> MetadataStore.isMissing(e) ? Future.succeededFuture() : Future.failedFuture(e))
                .compose(v -> reload(live));
    }

    /** The whole catalog read now, its JSON parsed on a worker thread; what later reads compare with. */
    private Future<Catalog> catalog() {
        return introspector.stampsText(null).compose(stamps -> introspector.catalogJson()
                .compose(json -> blocking(() -> {
                    Snapshot read = new Snapshot(Introspector.read(json), Stamps.read(stamps));
                    snapshot.set(read);
                    return read.catalog();
                })));
    }

    /**
     * The catalog as it is now, reading again only the relations changed since the last read (all of them the
     * first time): for a database of thousands of tables, tracking one reads one.
     */
    private Future<Catalog> changedCatalog() {
        Snapshot last = snapshot.get();
        if (last == null) {
            return catalog();
        }
        return introspector.stampsText(last.since()).compose(text -> blocking(() -> Stamps.read(text))).compose(now -> {
            List<Long> changed = last.changed(now);
            if (changed.isEmpty() && now.stamps().size() == last.stamps().size()) {
                // Nothing to read; the next stamps look for columns written from here on.
                Snapshot next = new Snapshot(last.catalog(), last.stamps(), now.since());
                snapshot.set(next);
                return Future.succeededFuture(next.catalog());
            }
            return introspector.catalogJson(changed).compose(json -> blocking(() -> {
                Snapshot next = last.merge(now, Introspector.read(json));
                snapshot.set(next);
                return next.catalog();
            }));
        });
    }

    /** Runs CPU-heavy work on a worker thread; several may run at once (the queue already orders operations). */
    private <T> Future<T> blocking(Callable<T> work) {
        return vertx.executeBlocking(work, false);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the database answered invalid JSON", e);
        }
    }
}
