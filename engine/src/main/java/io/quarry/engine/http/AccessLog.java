package io.quarry.engine.http;

import io.quarry.engine.auth.Session;
import io.quarry.engine.log.JsonLog;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Hasura's {@code http-log}: a line per request once its answer is sent (an error line when its status is 400 or
 * more). Every answer carries a request id, the client's {@code x-request-id} or a new one, which every line logged
 * while the request is served carries too.
 */
final class AccessLog {
    private static final String TYPE = "http-log";
    private static final String REQUEST_ID = "x-request-id";

    private final JsonLog log;
    /** Where the routes keep the request's session, once resolved. */
    private final String sessionKey;

    AccessLog(JsonLog log, String sessionKey) {
        this.log = log;
        this.sessionKey = sessionKey;
    }

    /**
     * A new request id: a random UUID (version 4) as Hasura makes them, from the thread's fast generator. An id
     * names a request in the logs; it is no secret, so it needs no secure random source (whose lock every request
     * would wait on).
     */
    static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong() & ~0xF000L | 0x4000L;
        long low = random.nextLong() & ~(0x3L << 62) | (0x2L << 62);
        return new UUID(high, low).toString();
    }

    void track(RoutingContext ctx) {
        String id = ctx.request().getHeader(REQUEST_ID);
        String requestId = id != null ? id : newId();
        ctx.response().putHeader(REQUEST_ID, requestId);
        JsonLog.requestStarted(requestId);
        if (!log.enabled(TYPE)) {
            return;
        }
        long start = System.nanoTime();
        ctx.addBodyEndHandler(v -> {
            Map<String, Object> http = new LinkedHashMap<>();
            http.put("status", ctx.response().getStatusCode());
            http.put("http_version", ctx.request().version().alpnName());
            http.put("url", ctx.request().path());
            http.put("ip", ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().host());
            http.put("method", ctx.request().method().name());
            Map<String, Object> operation = new LinkedHashMap<>();
            operation.put("request_id", requestId);
            operation.put("response_size", ctx.response().bytesWritten());
            operation.put("query_execution_time", (System.nanoTime() - start) / 1e9);
            Session session = ctx.get(sessionKey);
            if (session != null) {
                operation.put("user_vars", Map.of("x-hasura-role", session.role()));
            }
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("operation", operation);
            detail.put("request_id", requestId);
            detail.put("http_info", http);
            if (ctx.response().getStatusCode() >= 400) {
                log.error(TYPE, detail);
            } else {
                log.info(TYPE, detail);
            }
        });
    }
}
