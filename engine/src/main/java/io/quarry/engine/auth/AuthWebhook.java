package io.quarry.engine.auth;

import io.quarry.engine.error.ApiError;
import io.quarry.engine.log.JsonLog;
import io.quarry.engine.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hasura's auth webhook contract. GET forwards the client's headers (less those about the connection and content);
 * POST sends {@code {"headers": ..., "request": ...}}. A 200 answer is a JSON object of session variables, which must
 * include {@code X-Hasura-Role}, and may say how long it can be reused with {@code Cache-Control: max-age=N} or
 * {@code Expires}. A 401 refuses the request; any other answer, or none in time, is an error, never a fallback role.
 */
final class AuthWebhook {
    /** Headers Hasura does not forward to a GET webhook. */
    private static final Set<String> NOT_FORWARDED = Set.of("content-length", "content-md5", "user-agent", "host",
            "origin", "referer", "accept", "accept-encoding", "accept-language", "accept-datetime", "cache-control",
            "connection", "dnt", "content-type");
    private static final int CACHE_LIMIT = 10_000;
    private static final String WEBHOOK_LOG = "webhook-log";

    private record Cached(Session session, Instant until) {
    }

    private final WebClient client;
    private final String url;
    private final boolean post;
    private final Duration timeout;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final JsonLog log;

    AuthWebhook(WebClient client, String url, boolean post, Duration timeout, JsonLog log) {
        this.client = client;
        this.url = url;
        this.post = post;
        this.timeout = timeout;
        this.log = log;
    }

    Future<Session> session(Map<String, String> headers, Supplier<Object> requestBody) {
        Map<String, String> forwarded = new TreeMap<>();
        headers.forEach((name, value) -> {
            if (!NOT_FORWARDED.contains(name)) {
                forwarded.put(name, value);
            }
        });
        Object request = post ? requestBody.get() : null;
        // A POST answer may depend on the request, which is part of the key: hashed, so a large one is not kept.
        String key = post ? forwarded + "\u0000" + CacheKeys.digest(String.valueOf(request)) : forwarded.toString();
        Cached cached = cache.get(key);
        if (cached != null && cached.until().isAfter(Instant.now())) {
            return Future.succeededFuture(cached.session());
        }
        Future<HttpResponse<Buffer>> response;
        if (post) {
            JsonObject body = new JsonObject().put("headers", new JsonObject(new LinkedHashMap<>(forwarded)))
                    .put("request", request);
            response = client.postAbs(url).timeout(timeout.toMillis()).sendJsonObject(body);
        } else {
            var call = client.getAbs(url).timeout(timeout.toMillis());
            MultiMap callHeaders = call.headers();
            forwarded.forEach(callHeaders::add);
            response = call.send();
        }
        return response.recover(e -> {
            logCall(null, String.valueOf(e.getMessage()), null);
            return Future.failedFuture(invalid());
        }).compose(r -> {
            logCall(r.statusCode(), null, r.statusCode() == 200 ? null : r.bodyAsString());
            return answer(r, key);
        });
    }

    /** Hasura's {@code webhook-log}: each call of the hook (answers from the cache make none), an error unless 200. */
    private void logCall(Integer status, String httpError, String response) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("url", url);
        detail.put("method", post ? "POST" : "GET");
        detail.put("status_code", status);
        detail.put("http_error", httpError);
        detail.put("response", response);
        if (status != null && status == 200) {
            log.info(WEBHOOK_LOG, detail);
        } else {
            log.error(WEBHOOK_LOG, detail);
        }
    }

    private Future<Session> answer(HttpResponse<Buffer> response, String key) {
        if (response.statusCode() == 401) {
            return Future.failedFuture(new ApiError(ErrorCode.ACCESS_DENIED, "$",
                    "Authentication hook unauthorized this request"));
        }
        if (response.statusCode() != 200) {
            return Future.failedFuture(invalid());
        }
        JsonObject body;
        try {
            body = response.bodyAsJsonObject();
        } catch (RuntimeException e) {
            return Future.failedFuture(invalid());
        }
        if (body == null) {
            return Future.failedFuture(invalid());
        }
        Map<String, String> variables = new LinkedHashMap<>();
        String cacheControl = null;
        String expires = null;
        for (Map.Entry<String, Object> e : body) {
            String name = e.getKey().toLowerCase(Locale.ROOT);
            String value = e.getValue() == null ? null : String.valueOf(e.getValue());
            if (name.equals("cache-control")) {
                cacheControl = value;
            } else if (name.equals("expires")) {
                expires = value;
            } else if (name.startsWith("x-hasura-") && value != null) {
                variables.put(name, value);
            }
        }
        String role = variables.get(Session.ROLE_VARIABLE);
        if (role == null) {
            return Future.failedFuture(new ApiError(ErrorCode.ACCESS_DENIED, "$",
                    "x-hasura-role is required in the response of the authorization hook"));
        }
        Session session = new Session(role, variables);
        Instant until = CacheExpiry.of(cacheControl, expires).orElse(null);
        if (until != null) {
            if (cache.size() >= CACHE_LIMIT) {
                Instant now = Instant.now();
                cache.values().removeIf(c -> c.until().isBefore(now));
            }
            if (cache.size() < CACHE_LIMIT) {
                cache.put(key, new Cached(session, until));
            }
        }
        return Future.succeededFuture(session);
    }

    private static ApiError invalid() {
        return new ApiError(ErrorCode.UNEXPECTED, "$", "Invalid response from authorization hook", 500);
    }
}
