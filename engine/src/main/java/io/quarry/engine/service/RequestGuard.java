package io.quarry.engine.service;

import io.quarry.engine.auth.Session;
import io.quarry.engine.config.Protections;
import io.quarry.engine.error.ApiError;
import io.quarry.engine.error.ErrorCode;
import io.quarry.engine.limits.LimitPolicy;
import io.quarry.engine.limits.RateLimiter;
import io.quarry.engine.request.GraphQLRequest;
import io.quarry.engine.request.OperationPreparer;
import io.quarry.engine.request.OperationShape;
import java.util.Objects;

/**
 * Admits a GraphQL request before any SQL is planned or run, in Hasura's order: the rate limit, the allow-list,
 * then what the operation itself may be (introspection, depth, nodes). The admin passes untouched, as in Hasura.
 * The rate limiter lives as long as the engine; everything else comes from the metadata version being served.
 */
final class RequestGuard {
    private final Protections protections;
    private final RateLimiter rates = new RateLimiter();

    RequestGuard(Protections protections) {
        this.protections = Objects.requireNonNull(protections, "protections");
    }

    Protections protections() {
        return protections;
    }

    /** Throws the error that refuses the request, or returns if it may go on. */
    void admit(EngineState state, GraphQLRequest request, Caller caller, OperationPreparer preparer) {
        Session session = caller.session();
        String role = session.role();
        if (session.isAdmin()) {
            return;
        }
        LimitPolicy limits = state.limits();
        limits.rate(role).ifPresent(rate -> rates.admit(role, rate, caller.address(), session.variables()));
        if (protections.enableAllowlist() && !state.allowlist().allows(role, request.query())) {
            throw ApiError.validation("$", "query is not allowed");
        }
        boolean noIntrospection = state.introspectionDisabled().contains(role);
        if (noIntrospection || limits.depth(role).isPresent() || limits.nodes(role).isPresent()) {
            OperationShape shape = preparer.shape(request);
            if (noIntrospection && shape.introspects()) {
                throw new ApiError(ErrorCode.NOT_SUPPORTED, "$", "introspection is disabled for role: \"" + role + "\"");
            }
            limits.checkShape(role, shape.depth(), shape.nodes());
        }
    }
}
