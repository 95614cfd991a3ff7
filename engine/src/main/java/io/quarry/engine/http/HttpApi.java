package io.quarry.engine.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarry.engine.auth.Session;
import io.quarry.engine.auth.SessionResolver;
import io.quarry.engine.config.EngineConfig;
import io.quarry.engine.config.Protections;
import io.quarry.engine.error.ApiError;
import io.quarry.engine.error.ErrorCode;
import io.quarry.engine.log.JsonLog;
import io.quarry.engine.request.GraphQLRequest;
import io.quarry.engine.execute.Liveness;
import io.quarry.engine.service.Caller;
import io.quarry.engine.service.Engine;
import io.quarry.engine.subscribe.WebSockets;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The routes of the engine's HTTP API. */
public final class HttpApi {
    public static final String VERSION = "v0.1.0";
    private static final CharSequence JSON_TYPE = HttpHeaders.createOptimized("application/json; charset=utf-8");
    /** Hasura's JSON decoder refuses anything after the value; so does this one. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final String LEGACY = "quarry.legacy";
    private static final int LARGE_BODY = 1024 * 1024;
    private static final String SESSION = "quarry.session";

    private final Engine engine;
    private final SessionResolver sessions;
    private final Protections protections;
    private final Liveness liveness;
    private final ConnectionGuard guard;
    private final JsonLog log;
    private final boolean devMode;

    private HttpApi(Engine engine, SessionResolver sessions, Protections protections, Liveness liveness,
            ConnectionGuard guard, JsonLog log, boolean devMode) {
        this.engine = engine;
        this.sessions = sessions;
        this.protections = protections;
        this.liveness = liveness;
        this.guard = guard;
        this.log = log;
        this.devMode = devMode;
    }

    public static Router router(Vertx vertx, Engine engine, EngineConfig config, Liveness liveness,
            ConnectionGuard guard, JsonLog log, WebSockets sockets) {
        HttpApi api = new HttpApi(engine, SessionResolver.create(vertx, config, log), config.protections(), liveness,
                guard, log, config.devMode());
        Router router = Router.router(vertx);
        AccessLog accessLog = new AccessLog(log, SESSION);
        router.route().handler(ctx -> {
            HttpConnection connection = ctx.request().connection();
            guard.requestStarted(connection);
            ctx.addEndHandler(done -> guard.requestEnded(connection));
            accessLog.track(ctx);
            ctx.next();
        });
        router.route().handler(new Cors(config.cors()));
        router.post("/v1/graphql").handler(api::graphql);
        router.get("/v1/graphql").handler(ctx -> api.webSocket(ctx, sockets));
        router.post("/v1alpha1/graphql").handler(api::legacyGraphql);
        router.post("/v1/metadata").handler(ctx -> api.admin(ctx, api.engine::metadata));
        router.post("/v1/query").handler(ctx -> api.admin(ctx, api.engine::schemaQuery));
        router.post("/v1/graphql/explain").handler(ctx -> api.admin(ctx, api.engine::explain));
        router.post("/v2/query").handler(ctx -> api.admin(ctx, api.engine::schemaQuery));
        router.get("/v1/metrics").handler(new MetricsRoute(engine.metrics(),
                ctx -> api.session(ctx, NullNode.getInstance()).map(Session::isAdmin),
                (ctx, e) -> api.restError(ctx, api.apiError(ctx, e))));
        router.get("/healthz").handler(api::health);
        router.head("/healthz").handler(api::health);
        router.get("/v1/version").handler(ctx -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON_TYPE)
                .end("{\"version\":\"" + VERSION + "\"}"));
        Console.mount(router, config.console());
        router.route().last().handler(ctx -> api.restError(ctx,
                new ApiError(ErrorCode.NOT_FOUND, "$", "resource does not exist")));
        return router;
    }

    private void graphql(RoutingContext ctx) {
        readBody(ctx).onSuccess(body -> graphql(ctx, body)).onFailure(e -> refused(ctx, e));
    }

    /**
     * {@code /v1alpha1/graphql}, kept for old clients: answers as {@code /v1/graphql} does, except that a request
     * that fails as a whole answers HTTP 400 with {@code {"errors": [{"path", "error", "code"}]}}.
     */
    private void legacyGraphql(RoutingContext ctx) {
        ctx.put(LEGACY, true);
        graphql(ctx);
    }

    private void graphql(RoutingContext ctx, Buffer body) {
        parseOffLoop(body).onSuccess(json -> session(ctx, json)
                        .onSuccess(session -> graphql(ctx, json, session))
                        .onFailure(e -> refused(ctx, e)))
                .onFailure(e -> refused(ctx, e));
    }

    /** A GraphQL request refused before the engine had it: its body unreadable or its credentials refused. */
    private void refused(RoutingContext ctx, Throwable e) {
        ApiError error = apiError(ctx, e);
        engine.metrics().graphqlRefused(error);
        graphqlError(ctx, error);
    }

    /** A body's JSON; a large one is read by the engine's thread for large work, not on the event loop. */
    private Future<JsonNode> parseOffLoop(Buffer body) {
        if (body.length() <= LARGE_BODY) {
            try {
                return Future.succeededFuture(parse(body));
            } catch (ApiError e) {
                return Future.failedFuture(e);
            }
        }
        return engine.large(() -> parse(body));
    }

    private void graphql(RoutingContext ctx, JsonNode json, Session session) {
        Caller caller = caller(ctx, session);
        Optional<ApiError> tooLarge = json.isArray() ? engine.state().checkBatch(session.role(), json.size())
                : Optional.empty();
        if (tooLarge.isPresent()) {
            graphqlError(ctx, tooLarge.get());
            return;
        }
        if (json.isArray()) {
            // A batch runs in order, as Hasura runs it: a query after a mutation sees what it wrote.
            List<Buffer> answers = new ArrayList<>();
            Future<Void> chain = Future.succeededFuture();
            for (int i = 0; i < json.size(); i++) {
                int index = i;
                chain = chain.compose(v -> answer(ctx, json.get(index), "$[" + index + "]", caller)
                        .map(a -> {
                            answers.add(a);
                            return (Void) null;
                        }));
            }
            chain.onComplete(done -> {
                Buffer all = Buffer.buffer().appendByte((byte) '[');
                for (int i = 0; i < answers.size(); i++) {
                    (i > 0 ? all.appendByte((byte) ',') : all).appendBuffer(answers.get(i));
                }
                send(ctx, 200, all.appendByte((byte) ']'));
            });
        } else {
            if (Boolean.TRUE.equals(ctx.get(LEGACY))) {
                try {
                    engine.graphql(GraphQLRequest.fromJson(json, "$"), caller)
                            .onSuccess(body -> send(ctx, 200, body))
                            .onFailure(e -> graphqlError(ctx, apiError(ctx, e)));
                } catch (RuntimeException e) {
                    graphqlError(ctx, apiError(ctx, e));
                }
                return;
            }
            answer(ctx, json, "$", caller).onComplete(done -> send(ctx, 200, done.result()));
        }
    }

    /** A WebSocket upgrade on {@code /v1/graphql}; any other GET goes on to the routes after it. */
    private void webSocket(RoutingContext ctx, WebSockets sockets) {
        if (!"websocket".equalsIgnoreCase(ctx.request().getHeader(HttpHeaders.UPGRADE))) {
            ctx.next();
            return;
        }
        Map<String, String> headers = new java.util.HashMap<>();
        ctx.request().headers().forEach(h -> headers.putIfAbsent(h.getKey().toLowerCase(java.util.Locale.ROOT),
                h.getValue()));
        HttpConnection connection = ctx.request().connection();
        ctx.request().toWebSocket().onSuccess(socket -> {
            // A socket is silent between messages for as long as it likes; the keep-alive shows it is there.
            guard.bodyRead(connection);
            sockets.accept(socket, headers, sessions);
        }).onFailure(e -> ctx.fail(400, e));
    }

    /** The request's caller; its work is cancelled if the client hangs up before the answer is sent. */
    private static Caller caller(RoutingContext ctx, Session session) {
        Promise<Void> gone = Promise.promise();
        ctx.addEndHandler(done -> {
            if (done.failed()) {
                gone.tryComplete();
            }
        });
        SocketAddress remote = ctx.request().remoteAddress();
        return new Caller(session, Optional.ofNullable(remote).map(SocketAddress::hostAddress), gone.future());
    }

    /** One request's response body; never fails, errors become a GraphQL error body. */
    private Future<Buffer> answer(RoutingContext ctx, JsonNode json, String path, Caller caller) {
        Future<Buffer> result;
        try {
            result = engine.graphql(GraphQLRequest.fromJson(json, path), caller);
        } catch (RuntimeException e) {
            result = Future.failedFuture(e);
        }
        return result.recover(e -> Future.succeededFuture(
                Buffer.buffer(graphqlErrorBody(apiError(ctx, e), showInternal(ctx)))));
    }

    /** An admin endpoint answering JSON with JSON: the metadata and schema APIs. */
    private void admin(RoutingContext ctx, Function<JsonNode, Future<JsonNode>> operation) {
        readBody(ctx).onSuccess(body -> admin(ctx, body, operation)).onFailure(e -> restError(ctx, apiError(ctx, e)));
    }

    private void admin(RoutingContext ctx, Buffer body, Function<JsonNode, Future<JsonNode>> operation) {
        parseOffLoop(body).onSuccess(json -> session(ctx, json)
                        .onSuccess(session -> admin(ctx, json, session, operation))
                        .onFailure(e -> restError(ctx, apiError(ctx, e))))
                .onFailure(e -> restError(ctx, apiError(ctx, e)));
    }

    private void admin(RoutingContext ctx, JsonNode json, Session session,
            Function<JsonNode, Future<JsonNode>> operation) {
        try {
            if (!session.isAdmin()) {
                throw new ApiError(ErrorCode.ACCESS_DENIED, "$", "restricted access : admin only");
            }
            operation.apply(json).onComplete(done -> {
                if (done.succeeded()) {
                    send(ctx, 200, write(done.result()));
                } else {
                    restError(ctx, apiError(ctx, done.cause()));
                }
            });
        } catch (ApiError e) {
            restError(ctx, e);
        }
    }

    /**
     * The request body, whatever its declared content type (clients post JSON as form data too), refused past the
     * size limit, or when the bodies held by all requests already take the memory kept for them. The guard closes
     * the connection if the body does not arrive within the idle timeout.
     */
    private Future<Buffer> readBody(RoutingContext ctx) {
        long limit = protections.maxBodyBytes();
        HttpServerRequest request = ctx.request();
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && declaredLength(length) > limit) {
            return Future.failedFuture(new ApiError(ErrorCode.BAD_REQUEST, "$", "request body too large", 413));
        }
        Promise<Buffer> done = Promise.promise();
        Buffer body = Buffer.buffer();
        long[] reserved = {0};
        ctx.addEndHandler(v -> guard.releaseBody(reserved[0]));
        request.handler(chunk -> {
            if (done.future().isComplete()) {
                return;
            }
            ApiError refused = body.length() + chunk.length() > limit
                    ? new ApiError(ErrorCode.BAD_REQUEST, "$", "request body too large", 413)
                    : !guard.reserveBody(chunk.length()) ? new ApiError(ErrorCode.UNEXPECTED, "$",
                            "the server is busy reading other requests; try again shortly", 503)
                    : null;
            if (refused != null) {
                // Nothing more is read or kept; the connection is closed once the answer is sent.
                request.pause();
                ctx.addEndHandler(v -> request.connection().close());
                done.tryFail(refused);
                return;
            }
            reserved[0] += chunk.length();
            body.appendBuffer(chunk);
        });
        request.endHandler(v -> {
            guard.bodyRead(request.connection());
            done.tryComplete(body);
        });
        request.exceptionHandler(done::tryFail);
        request.resume();
        return done.future();
    }

    /** A {@code Content-Length}'s value, or -1 when it is not a number of up to 18 digits. */
    private static long declaredLength(String length) {
        if (length.isEmpty() || length.length() > 18) {
            return -1;
        }
        for (int i = 0; i < length.length(); i++) {
            if (length.charAt(i) < '0' || length.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(length);
    }

    /**
     * {@code /healthz} as Hasura answers it: 200 {@code OK}; 200 {@code WARN: inconsistent objects in schema} (500
     * {@code ERROR: inconsistent objects in schema} with {@code ?strict=true}); 500 {@code ERROR} when the database
     * does not answer.
     */
    private void health(RoutingContext ctx) {
        boolean consistent = engine.state().model().inconsistencies().isEmpty();
        boolean strict = "true".equalsIgnoreCase(ctx.request().getParam("strict"));
        liveness.check().onComplete(alive -> {
            int status;
            String text;
            if (!alive.succeeded() || !alive.result()) {
                status = 500;
                text = "ERROR";
            } else if (consistent) {
                status = 200;
                text = "OK";
            } else {
                status = strict ? 500 : 200;
                text = strict ? "ERROR: inconsistent objects in schema" : "WARN: inconsistent objects in schema";
            }
            ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .end(text);
        });
    }

    private Future<Session> session(RoutingContext ctx, JsonNode body) {
        Map<String, String> headers = new java.util.HashMap<>();
        ctx.request().headers().forEach(h -> headers.putIfAbsent(h.getKey().toLowerCase(java.util.Locale.ROOT),
                h.getValue()));
        return sessions.resolve(headers, () -> JSON.convertValue(body, Object.class)).onSuccess(s -> ctx.put(SESSION, s));
    }

    /**
     * The client's view of a failure. One nobody meant (a bug, an unexpected Postgres error, a database that cannot
     * be reached) is logged with its stack trace and the request id, so that an operator can find why a client was
     * answered as it was.
     */
    private ApiError apiError(RoutingContext ctx, Throwable e) {
        ApiError api = e instanceof ApiError a ? a : new ApiError(ErrorCode.UNEXPECTED, "$", "internal error");
        boolean unmeant = api.code() == ErrorCode.UNEXPECTED || api.code() == ErrorCode.POSTGRES_ERROR;
        if (unmeant && (api != e || api.getCause() != null)) {
            Throwable cause = api == e ? api.getCause() : e;
            Map<String, Object> detail = new java.util.LinkedHashMap<>();
            detail.put("request_id", ctx.response().headers().get("x-request-id"));
            detail.put("path", ctx.request().path());
            detail.put("error", api.getMessage());
            api.internal().ifPresent(internal -> detail.put("internal", internal));
            detail.put("cause", String.valueOf(cause));
            java.io.StringWriter trace = new java.io.StringWriter();
            cause.printStackTrace(new java.io.PrintWriter(trace));
            detail.put("stack_trace", trace.toString());
            log.error("http-log", detail);
        }
        return api;
    }

    /** Whether the request may see errors' internal details: the admin's, or any in dev mode. */
    private boolean showInternal(RoutingContext ctx) {
        Session session = ctx.get(SESSION);
        return devMode || session != null && session.isAdmin();
    }

    private static JsonNode parse(Buffer body) {
        if (body == null || body.length() == 0) {
            throw new ApiError(ErrorCode.INVALID_JSON, "$", "Error in $: not enough input");
        }
        try {
            return JSON.readTree(body.getBytes());
        } catch (IOException e) {
            String message = e.getMessage() != null && e.getMessage().contains("Trailing token")
                    ? "Error in $: endOfInput" : "Error in $: Failed reading: not a valid json value";
            throw new ApiError(ErrorCode.INVALID_JSON, "$", message);
        }
    }

    private void graphqlError(RoutingContext ctx, ApiError e) {
        if (e.status() == 413) {
            restError(ctx, e);
            return;
        }
        if (Boolean.TRUE.equals(ctx.get(LEGACY))) {
            ObjectNode body = JSON.createObjectNode();
            body.putArray("errors").addObject().put("path", e.path()).put("error", e.getMessage())
                    .put("code", e.code().code());
            send(ctx, 400, write(body));
            return;
        }
        send(ctx, 200, graphqlErrorBody(e, showInternal(ctx)));
    }

    private static String graphqlErrorBody(ApiError e, boolean showInternal) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putArray("errors").addObject();
        error.put("message", e.getMessage());
        ObjectNode extensions = error.putObject("extensions");
        extensions.put("path", e.path()).put("code", e.code().code());
        if (showInternal) {
            e.internal().ifPresent(internal -> extensions.set("internal", JSON.valueToTree(internal)));
        }
        return write(body);
    }

    private void restError(RoutingContext ctx, ApiError e) {
        ObjectNode body = JSON.createObjectNode();
        body.put("path", e.path());
        body.put("error", e.getMessage());
        body.put("code", e.code().code());
        if (showInternal(ctx)) {
            e.internal().ifPresent(internal -> body.set("internal", JSON.valueToTree(internal)));
        }
        send(ctx, e.status(), write(body));
    }

    private static void send(RoutingContext ctx, int status, String body) {
        send(ctx, status, Buffer.buffer(body));
    }

    private static void send(RoutingContext ctx, int status, Buffer body) {
        Compression.send(ctx, status, JSON_TYPE, body);
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
