package io.quarry.engine.execute;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarry.engine.error.ApiError;
import io.quarry.engine.error.ErrorCode;
import io.quarry.engine.sql.CompiledMutation;
import io.quarry.engine.sql.SqlStatement;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
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

    private final Connections connections;

    public Writes(Connections connections) {
        this.connections = connections;
    }

    /**
     * The JSON answer of each field. An error of the field {@code fields[i]} (a failed check, a constraint Postgres
     * enforces) is reported at {@code errorPaths[i]}, as Hasura reports an insert's at its {@code objects}.
     */
    public Future<List<Buffer>> run(List<CompiledMutation> fields, List<String> errorPaths, String sessionJson,
            Budget budget) {
        return connections.with(budget, conn -> conn.begin().compose(tx -> {
            List<Buffer> results = new ArrayList<>();
            Future<Void> chain = Future.succeededFuture();
            for (int i = 0; i < fields.size(); i++) {
                CompiledMutation field = fields.get(i);
                String path = errorPaths.get(i);
                chain = chain.compose(v -> field(conn, field, sessionJson).recover(e -> {
                    ApiError error = PgErrors.toApiError(e);
                    return Future.failedFuture(error.path().equals("$") ? error.at(path) : error);
                })).map(answer -> {
                    results.add(answer);
                    return null;
                });
            }
            // A failure rolls everything back before the connection goes back to the pool.
            return chain.compose(v -> tx.commit().map(results),
                    e -> tx.rollback().transform(r -> Future.<List<Buffer>>failedFuture(e)));
        })).recover(e -> Future.failedFuture(PgErrors.toApiError(e)));
    }

    /** A field's answer, the JSON bytes of its last statement; a write that a read follows hands its answer on. */
    private static Future<Buffer> field(SqlConnection conn, CompiledMutation field, String sessionJson) {
        if (field.read().isEmpty()) {
            return execute(conn, field.writes().get(0), sessionJson, null);
        }
        List<String> answers = new ArrayList<>();
        Future<Void> writes = Future.succeededFuture();
        for (SqlStatement write : field.writes()) {
            writes = writes.compose(v -> execute(conn, write, sessionJson, null)).map(answer -> {
                answers.add(Executor.text(answer));
                return null;
            });
        }
        return writes.compose(v -> {
            if (answers.size() == 1 && field.required().isEmpty()) {
                return execute(conn, field.read().get(), sessionJson, answers.get(0));
            }
            ObjectNode written = together(answers.stream().map(Writes::parse).toList());
            JsonNode counts = written.path("counts");
            for (CompiledMutation.Requirement requirement : field.required()) {
                if (counts.path(requirement.index()).asInt() == 0) {
                    return Future.failedFuture(requirement.error());
                }
            }
            return execute(conn, field.read().get(), sessionJson, written.toString());
        });
    }

    /** The answers of several writes as one: their rows in order, group by group. */
    private static ObjectNode together(List<JsonNode> answers) {
        ObjectNode all = JSON.createObjectNode();
        ArrayNode counts = all.putArray("counts");
        ArrayNode top = all.putArray("top");
        ArrayNode groups = all.putArray("groups");
        for (JsonNode answer : answers) {
            counts.addAll((ArrayNode) answer.get("counts"));
            top.addAll((ArrayNode) answer.get("top"));
            JsonNode rows = answer.path("groups");
            for (int g = 0; g < rows.size(); g++) {
                (g < groups.size() ? (ArrayNode) groups.get(g) : groups.addArray()).addAll((ArrayNode) rows.get(g));
            }
        }
        return all;
    }

    private static Future<Buffer> execute(SqlConnection conn, SqlStatement statement, String sessionJson,
            String previous) {
        List<Object> params = statement.paramsWith(sessionJson, previous);
        return conn.preparedQuery(statement.text()).execute(Tuple.from(params))
                .recover(e -> Future.failedFuture(PgErrors.toApiError(e, statement, params)))
                .compose(rows -> {
                    Row row = rows.iterator().next();
                    if (!row.getBoolean(1)) {
                        return Future.failedFuture(new ApiError(ErrorCode.PERMISSION_ERROR, "$",
                                "check constraint of an insert/update permission has failed"));
                    }
                    return Future.succeededFuture(row.getBuffer(0));
                });
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a write answered invalid JSON", e);
        }
    }
}
