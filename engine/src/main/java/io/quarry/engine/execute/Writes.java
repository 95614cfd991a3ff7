package io.quarry.engine.execute;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.engine.error.ApiError;
import io.quarry.engine.error.ErrorCode;
import io.quarry.engine.sql.CompiledMutation;
import io.quarry.engine.sql.SqlStatement;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the mutation fields of a request in order, in one transaction. Each statement answers its JSON and whether
 * its rows pass their permission's check; a failed check, a required row not written, like any error, rolls
 * everything back.
 */
public final class Writes {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Pool pool;

    public Writes(Pool pool) {
        this.pool = pool;
    }

    /** The JSON answer of each field. */
    public Future<List<String>> run(List<CompiledMutation> fields, String sessionJson) {
        return pool.withTransaction(conn -> {
            List<String> results = new ArrayList<>();
            Future<Void> chain = Future.succeededFuture();
            for (CompiledMutation field : fields) {
                chain = chain.compose(v -> field(conn, field, sessionJson)).map(answer -> {
                    results.add(answer);
                    return null;
                });
            }
            return chain.map(v -> results);
        }).recover(e -> Future.failedFuture(PgErrors.toApiError(e)));
    }

    private static Future<String> field(SqlConnection conn, CompiledMutation field, String sessionJson) {
        Future<String> written = execute(conn, field.write(), sessionJson, null);
        if (field.read().isEmpty()) {
            return written;
        }
        return written.compose(answer -> {
            JsonNode counts = parse(answer).path("counts");
            for (CompiledMutation.Requirement requirement : field.required()) {
                if (counts.path(requirement.index()).asInt() == 0) {
                    return Future.failedFuture(requirement.error());
                }
            }
            return execute(conn, field.read().get(), sessionJson, answer);
        });
    }

    private static Future<String> execute(SqlConnection conn, SqlStatement statement, String sessionJson,
            String previous) {
        return conn.preparedQuery(statement.text()).execute(Tuple.from(statement.paramsWith(sessionJson, previous)))
                .compose(rows -> {
                    Row row = rows.iterator().next();
                    if (!row.getBoolean(1)) {
                        return Future.failedFuture(new ApiError(ErrorCode.PERMISSION_ERROR, "$",
                                "check constraint of an insert/update permission has failed"));
                    }
                    return Future.succeededFuture(row.getString(0));
                });
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a nested insert answered no JSON", e);
        }
    }
}
