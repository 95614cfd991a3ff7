package io.quarry.engine.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarry.engine.auth.Session;
import io.quarry.engine.error.ApiError;
import io.quarry.engine.error.ErrorCode;
import io.quarry.engine.execute.Executor;
import io.quarry.engine.plan.Planner;
import io.quarry.engine.plan.StreamCursor;
import io.quarry.engine.request.FieldNode;
import io.quarry.engine.request.GraphQLRequest;
import io.quarry.engine.request.OperationPreparer;
import io.quarry.engine.request.Prepared;
import io.quarry.engine.sql.MultiplexedQuery;
import io.quarry.engine.sql.QueryCompiler;
import io.quarry.engine.sql.SqlStatement;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/** {@code /v1/graphql/explain}: the statements a request compiles to, and Postgres's plans for them. */
final class Explainer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<EngineState> state;
    private final Executor executor;
    private final boolean stringifyNumbers;

    Explainer(Supplier<EngineState> state, Executor executor, boolean stringifyNumbers) {
        this.state = state;
        this.executor = executor;
        this.stringifyNumbers = stringifyNumbers;
    }

    /**
     * {@code /v1/graphql/explain}: for each root field of the query, the statement it compiles to and Postgres's
     * plan for it, as {@code [{"field", "sql", "plan": [lines]}]}. As Hasura, the optional {@code user} object
     * ({@code x-hasura-role} and session variables) picks the role whose permissions the statement carries.
     */
    Future<JsonNode> explain(JsonNode body) {
        try {
            GraphQLRequest request = GraphQLRequest.fromJson(body.path("query"), "$.query");
            Session session = explainSession(body.path("user"));
            EngineState current = state.get();
            OperationPreparer preparer = current.preparer(session.role(), false);
            Prepared prepared = preparer.prepare(request);
            if (prepared instanceof Prepared.Subscription subscription) {
                return explainSubscription(preparer, session, subscription);
            }
            if (!(prepared instanceof Prepared.Query query)) {
                return Future.succeededFuture(JSON.createArrayNode());
            }
            List<Future<JsonNode>> fields = new ArrayList<>();
            for (var root : query.roots()) {
                if (root.name().startsWith("__")) {
                    continue;
                }
                SqlStatement statement = QueryCompiler.query(
                        Planner.query(preparer.schema(), List.of(root)), stringifyNumbers);
                Engine.missingVariables(List.of(statement), session).ifPresent(e -> {
                    throw e;
                });
                fields.add(executor.explain(statement, Engine.sessionJson(session)).map(lines -> {
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

    /**
     * The explanation of a subscription, as Hasura gives it: the multiplexed statement its cohort polls,
     * {@code {"sql", "plan", "variables"}}, run for one subscriber (the explain's user, with the request's
     * variables).
     */
    private Future<JsonNode> explainSubscription(OperationPreparer preparer, Session session,
            Prepared.Subscription subscription) {
        List<FieldNode> roots = new ArrayList<>(subscription.roots());
        StreamCursor.streams(preparer.schema(), roots, Optional.empty());
        MultiplexedQuery query = QueryCompiler.multiplexed(Planner.query(preparer.schema(), roots),
                stringifyNumbers);
        List<String> missing = query.sessionVariables().stream().filter(v -> session.variable(v).isEmpty())
                .map(v -> "\"" + v + "\"").toList();
        if (!missing.isEmpty()) {
            throw new ApiError(ErrorCode.NOT_FOUND, "$", "missing session variables: " + String.join(", ", missing));
        }
        String params = JSON.valueToTree(query.values()).toString();
        String sessionJson = Engine.sessionJson(session);
        SqlStatement statement = query.batch(List.of(sessionJson), List.of(params));
        return executor.explain(statement, sessionJson).map(lines -> {
            ObjectNode out = JSON.createObjectNode().put("sql", statement.text());
            lines.forEach(out.putArray("plan")::add);
            out.putObject("variables").put("session", sessionJson).put("params", params);
            return out;
        });
    }

    /** The session of an explain request's {@code user}: its {@code x-hasura-*} entries, admin without a role. */
    private static Session explainSession(JsonNode user) {
        if (user.isMissingNode() || user.isNull()) {
            return Session.admin();
        }
        if (!user.isObject()) {
            throw new ApiError(ErrorCode.PARSE_FAILED, "$.user", "expected an object for 'user'");
        }
        Map<String, String> variables = new TreeMap<>();
        user.fields().forEachRemaining(e -> {
            String name = e.getKey().toLowerCase(Locale.ROOT);
            if (name.startsWith("x-hasura-")) {
                variables.put(name, e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
            }
        });
        return new Session(variables.getOrDefault(Session.ROLE_VARIABLE, Session.ADMIN), variables);
    }
}
