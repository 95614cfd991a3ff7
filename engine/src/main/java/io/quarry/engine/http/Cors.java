package io.quarry.engine.http;

import io.quarry.engine.config.CorsConfig;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Cross-origin requests as Hasura answers them. A request from an allowed {@code Origin} gets that origin back with
 * credentials allowed; its preflight ({@code OPTIONS}, on any path) is answered here with 204, the headers it asked
 * for and a max-age of 20 days. A request from another origin, or without one, is served as if CORS did not exist
 * (a preflight then finds no route), which is how browsers are told no.
 */
final class Cors implements Handler<RoutingContext> {
    private static final String METHODS = "GET,POST,PUT,PATCH,DELETE,OPTIONS";
    /** Hasura exposes its cache-key headers to scripts of other origins (its console reads them). */
    private static final String EXPOSED = "X-Hasura-Query-Cache-Key,X-Hasura-Query-Family-Cache-Key,Warning";
    private static final String MAX_AGE = "1728000";

    private final CorsConfig config;

    Cors(CorsConfig config) {
        this.config = config;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String origin = ctx.request().getHeader("Origin");
        if (origin == null || !config.allows(origin)) {
            ctx.next();
            return;
        }
        HttpServerResponse response = ctx.response()
                .putHeader("Access-Control-Allow-Origin", origin)
                .putHeader("Access-Control-Allow-Credentials", "true")
                .putHeader("Access-Control-Allow-Methods", METHODS)
                .putHeader("Access-Control-Expose-Headers", EXPOSED);
        if (ctx.request().method() != HttpMethod.OPTIONS) {
            ctx.next();
            return;
        }
        String requested = ctx.request().getHeader("Access-Control-Request-Headers");
        response.setStatusCode(204)
                .putHeader("Access-Control-Max-Age", MAX_AGE)
                .putHeader("Access-Control-Allow-Headers", requested == null ? "" : requested)
                .putHeader("Content-Type", "text/plain charset=UTF-8")
                .end();
    }
}
