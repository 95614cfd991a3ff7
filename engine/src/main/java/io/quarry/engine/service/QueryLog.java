package io.quarry.engine.service;

import io.quarry.engine.log.JsonLog;
import io.quarry.engine.request.GraphQLRequest;
import io.quarry.engine.sql.SqlStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hasura's {@code query-log} (off unless enabled): for each GraphQL operation, the request and, for a query, the
 * statement sent to Postgres with its prepared arguments. Hasura keys the statement by root field; here one
 * statement answers every root field of the operation, so it is keyed {@code data}.
 */
final class QueryLog {
    private static final String TYPE = "query-log";
    private final JsonLog log;

    QueryLog(JsonLog log) {
        this.log = log;
    }

    void query(GraphQLRequest request, SqlStatement statement, String sessionJson) {
        if (!log.enabled(TYPE)) {
            return;
        }
        List<String> arguments = new ArrayList<>();
        statement.paramsWith(sessionJson).forEach(p -> arguments.add(p == null ? null : String.valueOf(p)));
        Map<String, Object> generated = new LinkedHashMap<>();
        generated.put("prepared_arguments", arguments);
        generated.put("query", statement.text());
        write(request, Map.of("data", generated));
    }

    /** Hasura logs no SQL for mutations. */
    void mutation(GraphQLRequest request) {
        if (log.enabled(TYPE)) {
            write(request, null);
        }
    }

    private void write(GraphQLRequest request, Map<String, Object> generatedSql) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("operationName", request.operationName().orElse(null));
        query.put("query", request.query());
        query.put("variables", request.variables());
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("kind", "database");
        detail.put("query", query);
        detail.put("generated_sql", generatedSql);
        log.info(TYPE, detail);
    }
}
