package io.quarry.engine.subscribe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.engine.auth.Session;
import io.quarry.engine.error.ApiError;
import io.quarry.engine.error.ErrorCode;
import io.quarry.engine.plan.Planner;
import io.quarry.engine.plan.StreamCursor;
import io.quarry.engine.request.FieldNode;
import io.quarry.engine.request.GraphQLRequest;
import io.quarry.engine.request.OperationPreparer;
import io.quarry.engine.request.Prepared;
import io.quarry.engine.service.CompiledOperation;
import io.quarry.engine.service.EngineState;
import io.quarry.engine.service.Statements;
import io.quarry.engine.sql.MultiplexedQuery;
import io.quarry.engine.sql.QueryCompiler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One subscriber's plan under one metadata version: the multiplexed query its cohort runs ({@code cohort} names the
 * cohort: role, kind and statement text), and what the subscriber brings to it, its session values ({@code session},
 * only those the query reads) and parameter values ({@code params}), both JSON. A streaming subscription also has its
 * cursor and the response key of its field.
 */
record Plan(EngineState state, String cohort, MultiplexedQuery query, String session, String params,
        Optional<StreamCursor> cursor, String streamKey) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Plans a subscription for {@code session} under {@code state}; a streaming one from {@code cursor} when given
     * (a later batch), else from its own initial value. Throws the request's error, in Hasura's words.
     */
    static Plan of(EngineState state, GraphQLRequest request, Session session, Optional<StreamCursor> cursor,
            boolean stringifyNumbers) {
        OperationPreparer preparer = state.preparer(session.role(), false);
        // A live query's statement is compiled once per document and shape of variables; a stream's is planned
        // afresh from its cursor for each batch.
        CompiledOperation.Subscription compiled = (CompiledOperation.Subscription) state.statements().operation(
                new Statements.Scope(session.role(), false, true), preparer, request, cursor.isEmpty(), r -> {
                    List<FieldNode> roots = roots(preparer, r);
                    Optional<StreamCursor> stream = StreamCursor.streams(preparer.schema(), roots, cursor);
                    MultiplexedQuery multiplexed = QueryCompiler.multiplexed(Planner.query(preparer.schema(), roots),
                            stringifyNumbers);
                    return new Statements.Compiled(new CompiledOperation.Subscription(multiplexed, stream,
                            stream.isPresent() ? roots.get(0).key() : ""), stream.isEmpty());
                }).operation();
        MultiplexedQuery query = compiled.query();
        Optional<StreamCursor> stream = compiled.stream();
        List<String> missing = query.sessionVariables().stream().filter(v -> session.variable(v).isEmpty())
                .map(v -> "\"" + v + "\"").toList();
        if (!missing.isEmpty()) {
            throw new ApiError(ErrorCode.NOT_FOUND, "$", "missing session variables: " + String.join(", ", missing));
        }
        Map<String, String> used = new TreeMap<>();
        if (query.wholeSession()) {
            used.putAll(session.variables());
        } else {
            query.sessionVariables().forEach(v -> used.put(v, session.variable(v).orElseThrow()));
        }
        String cohort = session.role() + '\u0000' + (stream.isPresent() ? "stream" : "live") + '\u0000' + query.text();
        return new Plan(state, cohort, query, write(used), write(query.values()), stream, compiled.streamKey());
    }

    /** The root fields of a subscription; throws the request's error, in Hasura's words. */
    private static List<FieldNode> roots(OperationPreparer preparer, GraphQLRequest request) {
        if (!(preparer.prepare(request) instanceof Prepared.Subscription subscription)) {
            throw new ApiError(ErrorCode.UNEXPECTED, "$", "the operation is no longer a subscription");
        }
        return new ArrayList<>(subscription.roots());
    }

    /** The subscriber's row in a poll: subscribers with equal rows share one answer. */
    String row() {
        return session + '\u0000' + params;
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
