package io.quarry.engine.subscribe;

import io.quarry.engine.auth.Session;
import io.quarry.engine.error.ApiError;
import io.quarry.engine.log.JsonLog;
import io.quarry.engine.request.GraphQLRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Hasura's {@code websocket-log} lines, one per event of a socket: {@code {"user_vars", "connection_info":
 * {"websocket_id", "token_expiry", "msg"}, "event": {"type", "detail"}}}. Events are {@code accepted},
 * {@code conn_err}, {@code operation} (started, completed, stopped, query_err, proto_err) and {@code closed}; errors
 * are logged at level error. An operation's query is written only while {@code query-log} is enabled, as Hasura does
 * (it may hold values a log should not keep otherwise).
 */
final class SocketLog {
    private static final String TYPE = "websocket-log";

    /** What every line says of its socket: its id, and once it is initialised, its session and token's expiry. */
    record Connection(String websocketId, Optional<Session> session, Optional<Instant> tokenExpiry) {
    }

    private final JsonLog log;

    SocketLog(JsonLog log) {
        this.log = log;
    }

    void accepted(Connection connection) {
        write(false, connection, event("accepted", null));
    }

    void closed(Connection connection) {
        write(false, connection, event("closed", null));
    }

    /** The socket could not be initialised, or sent what is not a client message. */
    void connectionError(Connection connection, String message) {
        write(true, connection, event("conn_err", message));
    }

    /** A subscription is being polled. */
    void started(Connection connection, String id, String requestId, GraphQLRequest request) {
        operation(false, connection, id, requestId, request, event("started", null));
    }

    /** A query or mutation was answered, or an operation refused before it ran ({@code request} null if unreadable). */
    void completed(Connection connection, String id, String requestId, GraphQLRequest request) {
        operation(false, connection, id, requestId, request, event("completed", null));
    }

    /** The client stopped a subscription. */
    void stopped(Connection connection, String id, GraphQLRequest request) {
        Map<String, Object> detail = operationDetail(id, null, request.operationName().orElse(null),
                event("stopped", null), null);
        write(false, connection, event("operation", detail));
    }

    /** An operation failed: Hasura's error object, {@code {"path", "error", "code"}}; {@code request} as above. */
    void queryError(Connection connection, String id, String requestId, GraphQLRequest request, ApiError error) {
        Map<String, Object> qErr = new LinkedHashMap<>();
        qErr.put("path", error.path());
        qErr.put("error", error.getMessage());
        qErr.put("code", error.code().code());
        operation(true, connection, id, requestId, request, event("query_err", qErr));
    }

    /** A start the protocol does not allow (before init, or with an id in use). */
    void protocolError(Connection connection, String id, String message) {
        write(true, connection, event("operation", operationDetail(id, null, null, event("proto_err", message),
                null)));
    }

    private void operation(boolean error, Connection connection, String id, String requestId, GraphQLRequest request,
            Map<String, Object> type) {
        Object query = null;
        if (request != null && log.enabled("query-log")) {
            Map<String, Object> unparsed = new LinkedHashMap<>();
            unparsed.put("operationName", request.operationName().orElse(null));
            unparsed.put("query", request.query());
            unparsed.put("variables", request.variables());
            query = unparsed;
        }
        String name = request == null ? null : request.operationName().orElse(null);
        write(error, connection, event("operation", operationDetail(id, requestId, name, type, query)));
    }

    private static Map<String, Object> operationDetail(String id, String requestId, String name,
            Map<String, Object> type, Object query) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("operation_id", id);
        detail.put("request_id", requestId);
        detail.put("operation_name", name);
        detail.put("operation_type", type);
        detail.put("query", query);
        detail.put("parameterized_query_hash", null);
        return detail;
    }

    /** Hasura's tagged objects: {@code {"type"}}, or {@code {"type", "detail"}} when there is a detail. */
    private static Map<String, Object> event(String type, Object detail) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type);
        if (detail != null) {
            event.put("detail", detail);
        }
        return event;
    }

    private void write(boolean error, Connection connection, Map<String, Object> event) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("websocket_id", connection.websocketId());
        info.put("token_expiry", connection.tokenExpiry().map(Instant::toString).orElse(null));
        info.put("msg", null);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("user_vars", connection.session().map(Session::variables).orElse(null));
        detail.put("connection_info", info);
        detail.put("event", event);
        if (error) {
            log.error(TYPE, detail);
        } else {
            log.info(TYPE, detail);
        }
    }
}
