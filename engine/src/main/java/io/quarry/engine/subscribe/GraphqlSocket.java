package io.quarry.engine.subscribe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.engine.auth.Session;
import io.quarry.engine.auth.SessionResolver;
import io.quarry.engine.error.ApiError;
import io.quarry.engine.error.ErrorCode;
import io.quarry.engine.request.GraphQLRequest;
import io.quarry.engine.service.Caller;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.ServerWebSocket;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One client's WebSocket on {@code /v1/graphql}: {@code connection_init} authenticates it as an HTTP request would
 * be (its payload's {@code headers} over the upgrade request's), then each {@code start}/{@code subscribe} runs a
 * query or mutation once or polls a subscription until {@code stop}/{@code complete}. Messages, close codes and
 * texts are Hasura's. Every handler runs on the socket's event loop; answers of subscriptions arrive from the
 * poller's threads.
 */
final class GraphqlSocket {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<ErrorCode> EXECUTION_ERRORS = Set.of(ErrorCode.POSTGRES_ERROR, ErrorCode.UNEXPECTED,
            ErrorCode.CONSTRAINT_VIOLATION, ErrorCode.DATA_EXCEPTION, ErrorCode.PERMISSION_ERROR);

    private enum State { NEW, FAILED, READY }

    private final WebSockets owner;
    private final String websocketId;
    private final ServerWebSocket socket;
    private final SubProtocol protocol;
    private final Map<String, String> upgradeHeaders;
    private final SessionResolver sessions;
    private final Map<String, Subscriber> operations = new ConcurrentHashMap<>();
    private final Promise<Void> gone = Promise.promise();
    private volatile State state = State.NEW;
    private volatile String initError = "";
    private volatile Session session;
    private volatile Optional<Instant> tokenExpiry = Optional.empty();
    /** The client's {@code x-request-id}, given at {@code connection_init} or on the upgrade: every operation's id. */
    private volatile Optional<String> requestId = Optional.empty();
    private long keepAlive = -1;
    private long expiry = -1;
    private volatile boolean closed;

    GraphqlSocket(WebSockets owner, String websocketId, ServerWebSocket socket, Map<String, String> headers,
            SessionResolver sessions) {
        this.owner = owner;
        this.websocketId = websocketId;
        this.socket = socket;
        this.protocol = SubProtocol.of(socket.subProtocol());
        // The upgrade's own headers are not the client's credentials; Hasura leaves them out too.
        Map<String, String> kept = new HashMap<>(headers);
        kept.keySet().removeAll(Set.of("sec-websocket-key", "sec-websocket-version", "upgrade", "connection"));
        this.upgradeHeaders = kept;
        this.sessions = sessions;
    }

    /** What the socket's log lines say of it. */
    SocketLog.Connection connection() {
        return new SocketLog.Connection(websocketId, Optional.ofNullable(session), tokenExpiry);
    }

    void open() {
        socket.textMessageHandler(this::message);
        socket.closeHandler(v -> closed());
        socket.exceptionHandler(e -> { });
        if (protocol == SubProtocol.TRANSPORT) {
            owner.vertx().setTimer(owner.config().initTimeout().toMillis(), id -> {
                if (state == State.NEW && !closed) {
                    close((short) 4408, "4408: Connection initialisation timeout");
                }
            });
        }
    }

    private void message(String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (IOException e) {
            parseFailed("Error in $: Failed reading: not a valid json value");
            return;
        }
        String type = message.path("type").isTextual() ? message.path("type").asText() : null;
        if (type == null) {
            parseFailed(message.isObject() ? "Error in $: key \"type\" not found"
                    : "Error in $: parsing ClientMessage failed, expected Object, but encountered " + kind(message));
            return;
        }
        String id = message.path("id").asText(null);
        switch (type) {
            case "connection_init" -> init(message.path("payload"));
            case "start", "subscribe" -> {
                if (id == null) {
                    parseFailed("Error in $: key \"id\" not found");
                } else {
                    startOnceBuilt(id, message.path("payload"));
                }
            }
            case "stop", "complete" -> {
                if (id != null) {
                    stop(id);
                }
            }
            case "connection_terminate" -> close((short) 1000, "GQL_CONNECTION_TERMINATE received");
            case "ping" -> send(pingPong("pong", message.get("payload")));
            case "pong" -> {
                JsonNode payload = message.get("payload");
                if (payload == null || payload.isNull() || !"keepalive".equals(payload.path("message").asText())) {
                    send(pingPong("ping", payload));
                }
            }
            default -> parseFailed("Error in $: unexpected type for ClientMessage: " + type);
        }
    }

    private static String pingPong(String type, JsonNode payload) {
        var json = JSON.createObjectNode().put("type", type);
        if (payload != null && !payload.isNull()) {
            json.set("payload", payload);
        }
        return json.toString();
    }

    /** A message that is not a client message: Apollo's clients are told, others' sockets closed. */
    private void parseFailed(String why) {
        String error = "parsing ClientMessage failed: " + why;
        owner.log().connectionError(connection(), error);
        if (protocol == SubProtocol.APOLLO) {
            send(SubProtocol.connectionError(error));
        } else {
            close((short) 4400, "4400: Parsing client message failed: " + error);
        }
    }

    private void init(JsonNode payload) {
        if (state != State.NEW && protocol == SubProtocol.TRANSPORT) {
            close((short) 4429, "4429: Too many requests");
            return;
        }
        Map<String, String> headers = new HashMap<>(upgradeHeaders);
        payload.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT),
                h.getValue().isTextual() ? h.getValue().asText() : h.getValue().toString()));
        sessions.resolve(headers, () -> null).onComplete(resolved -> {
            if (closed) {
                return;
            }
            if (resolved.failed()) {
                ApiError error = resolved.cause() instanceof ApiError api ? api
                        : new ApiError(ErrorCode.UNEXPECTED, "$", "internal error");
                initError = error.getMessage();
                state = State.FAILED;
                owner.log().connectionError(connection(), initError);
                if (protocol == SubProtocol.APOLLO) {
                    send(SubProtocol.connectionError(initError));
                    close((short) 4400, "4400: Connection initialization failed: " + initError);
                } else {
                    close((short) 4403, "4403: Forbidden");
                }
                return;
            }
            tokenExpiry = TokenExpiry.of(headers);
            requestId = Optional.ofNullable(headers.get("x-request-id"));
            session = resolved.result();
            state = State.READY;
            send(SubProtocol.ack());
            send(protocol.keepAlive());
            // A second connection_init (Apollo's clients may send one) replaces the first's timers.
            owner.vertx().cancelTimer(keepAlive);
            owner.vertx().cancelTimer(expiry);
            long every = owner.config().keepAlive().toMillis();
            keepAlive = owner.vertx().setPeriodic(every, id -> send(protocol.keepAlive()));
            tokenExpiry.ifPresent(at -> expiry = owner.vertx().setTimer(
                    Math.max(1, at.toEpochMilli() - System.currentTimeMillis()),
                    id -> close((short) 1000, "JWT expired")));
        });
    }

    /**
     * Starts an operation once its role's schemas are built. Just after a metadata change they may still be being
     * built: the operation waits for them off the event loop, and nothing more is read from this client meanwhile,
     * so that its messages keep their order.
     */
    private void startOnceBuilt(String id, JsonNode payload) {
        Future<Void> built = state == State.READY ? owner.engine().awaitSchemas(session) : Future.succeededFuture();
        if (built.isComplete()) {
            start(id, payload);
            return;
        }
        socket.pause();
        built.onComplete(done -> {
            if (!closed) {
                start(id, payload);
            }
            socket.resume();
        });
    }

    private void start(String id, JsonNode payload) {
        if (operations.containsKey(id)) {
            if (protocol == SubProtocol.TRANSPORT) {
                close((short) 4409, "4409: Subscriber for " + id + " already exists");
            } else {
                startFailed(id, "an operation already exists with this id: " + id);
            }
            return;
        }
        if (state != State.READY) {
            if (protocol == SubProtocol.TRANSPORT && state == State.NEW) {
                close((short) 4401, "4401: Unauthorized");
            } else {
                startFailed(id, state == State.NEW ? "start received before the connection is initialised"
                        : "cannot start as connection_init failed with : " + initError);
            }
            return;
        }
        String operationRequestId = requestId.orElseGet(() -> UUID.randomUUID().toString());
        GraphQLRequest request = null;
        boolean subscription;
        try {
            request = GraphQLRequest.fromJson(payload, "$");
            subscription = owner.engine().state().preparer(session.role(), false).subscribes(request);
        } catch (ApiError e) {
            refused(id, operationRequestId, request, e);
            return;
        }
        Caller caller = new Caller(session, Optional.empty(), gone.future());
        if (subscription) {
            subscribe(id, operationRequestId, request, caller);
            return;
        }
        GraphQLRequest ran = request;
        owner.engine().graphql(request, caller).onComplete(done -> {
            if (done.succeeded()) {
                send(protocol.data(id, done.result().toString(java.nio.charset.StandardCharsets.UTF_8)));
                owner.log().completed(connection(), id, operationRequestId, ran);
            } else {
                ApiError error = done.cause() instanceof ApiError api ? api
                        : new ApiError(ErrorCode.UNEXPECTED, "$", "internal error");
                send(EXECUTION_ERRORS.contains(error.code()) ? protocol.executionError(id, error)
                        : protocol.error(id, error));
                owner.log().queryError(connection(), id, operationRequestId, ran, error);
            }
            send(SubProtocol.complete(id));
        });
    }

    /** An operation refused before it ran: the error, then complete, as Hasura sends and logs them. */
    private void refused(String id, String operationRequestId, GraphQLRequest request, ApiError error) {
        send(protocol.error(id, error));
        owner.log().queryError(connection(), id, operationRequestId, request, error);
        send(SubProtocol.complete(id));
        owner.log().completed(connection(), id, null, request);
    }

    private void subscribe(String id, String operationRequestId, GraphQLRequest request, Caller caller) {
        Listener listener = new Listener() {
            @Override
            public void data(String body) {
                send(protocol.data(id, body));
            }

            @Override
            public void error(ApiError error) {
                send(protocol.data(id, SubProtocol.errorsBody(error)));
            }

            @Override
            public void complete() {
                if (operations.remove(id) != null) {
                    send(SubProtocol.complete(id));
                }
            }
        };
        try {
            owner.engine().admit(request, caller);
            operations.put(id, owner.liveQueries().start(request, session, listener));
            owner.log().started(connection(), id, operationRequestId, request);
        } catch (ApiError e) {
            operations.remove(id);
            refused(id, operationRequestId, request, e);
        }
    }

    /** Hasura's answer to a start it refuses: the error, complete, and (graphql-transport-ws) the socket closed. */
    private void startFailed(String id, String message) {
        send(SubProtocol.startError(id, new ApiError(ErrorCode.START_FAILED, "$", message)));
        owner.log().protocolError(connection(), id, message);
        send(SubProtocol.complete(id));
        if (protocol == SubProtocol.TRANSPORT) {
            close((short) 1000, "4400: " + message);
        }
    }

    private void stop(String id) {
        Subscriber subscriber = operations.remove(id);
        if (subscriber != null) {
            subscriber.stop();
            owner.log().stopped(connection(), id, subscriber.request);
        }
    }

    /** Completes every subscription and closes the socket: the server is shutting down. */
    void shutdown() {
        for (String id : Set.copyOf(operations.keySet())) {
            Subscriber subscriber = operations.remove(id);
            if (subscriber != null) {
                subscriber.stop();
                send(SubProtocol.complete(id));
            }
        }
        close((short) 1012, "shutting server down");
    }

    private void send(String text) {
        if (!closed) {
            socket.writeTextMessage(text);
        }
    }

    void close(short code, String reason) {
        if (!closed) {
            // A close frame's reason holds at most 123 bytes.
            String shown = reason.length() > 120 ? reason.substring(0, 120) : reason;
            socket.close(code, shown);
        }
    }

    private void closed() {
        closed = true;
        gone.tryComplete();
        owner.vertx().cancelTimer(keepAlive);
        owner.vertx().cancelTimer(expiry);
        operations.values().forEach(Subscriber::stop);
        operations.clear();
        owner.closed(this);
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "Array";
            case NUMBER -> "Number";
            case BOOLEAN -> "Boolean";
            case STRING -> "String";
            default -> "Null";
        };
    }
}
