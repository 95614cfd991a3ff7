package io.quarry.engine.http;

import io.quarry.engine.error.ApiError;
import io.quarry.engine.error.ErrorCode;
import io.quarry.engine.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * {@code GET /v1/metrics}, in Prometheus's text format. With a metrics secret configured, as Hasura serves it: for
 * requests carrying {@code Authorization: Bearer <secret>}; without one, for admins, as the other admin endpoints.
 * The text is written by a worker thread, never on the event loop.
 */
final class MetricsRoute implements Handler<RoutingContext> {
    private static final String BEARER = "Bearer ";

    private final Metrics metrics;
    private final Function<RoutingContext, Future<Boolean>> isAdmin;
    private final BiConsumer<RoutingContext, Throwable> fail;

    MetricsRoute(Metrics metrics, Function<RoutingContext, Future<Boolean>> isAdmin,
            BiConsumer<RoutingContext, Throwable> fail) {
        this.metrics = metrics;
        this.isAdmin = isAdmin;
        this.fail = fail;
    }

    @Override
    public void handle(RoutingContext ctx) {
        allowed(ctx).compose(v -> ctx.vertx().executeBlocking(metrics::scrape, false))
                .onSuccess(text -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, Metrics.CONTENT_TYPE).end(text))
                .onFailure(e -> fail.accept(ctx, e));
    }

    private Future<Void> allowed(RoutingContext ctx) {
        if (metrics.secret().isPresent()) {
            return bearer(ctx, metrics.secret().get()) ? Future.succeededFuture()
                    : Future.failedFuture(new ApiError(ErrorCode.ACCESS_DENIED, "$",
                            "invalid metrics secret: send it as \"Authorization: Bearer <secret>\""));
        }
        return isAdmin.apply(ctx).compose(admin -> admin ? Future.succeededFuture()
                : Future.failedFuture(new ApiError(ErrorCode.ACCESS_DENIED, "$", "restricted access : admin only")));
    }

    /** Whether the request carries the secret as its bearer token (compared in constant time). */
    private static boolean bearer(RoutingContext ctx, String secret) {
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        String given = header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? header.substring(BEARER.length()).trim() : "";
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8));
    }
}
