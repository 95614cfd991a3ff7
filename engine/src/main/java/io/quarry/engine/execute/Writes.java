package io.quarry.engine.execute;

import io.quarry.engine.error.ApiError;
import io.quarry.engine.error.ErrorCode;
import io.quarry.engine.sql.SqlStatement;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the statements of a mutation request in order, in one transaction. Each answers its JSON and whether its
 * written rows pass their permission's check; a failed check, like any error, rolls everything back.
 */
public final class Writes {
    private final Pool pool;

    public Writes(Pool pool) {
        this.pool = pool;
    }

    public Future<List<String>> run(List<SqlStatement> statements, String sessionJson) {
        return pool.withTransaction(conn -> {
            List<String> results = new ArrayList<>();
            Future<Void> chain = Future.succeededFuture();
            for (SqlStatement statement : statements) {
                chain = chain.compose(v -> conn.preparedQuery(statement.text())
                        .execute(Tuple.from(statement.paramsWith(sessionJson)))
                        .compose(rows -> {
                            Row row = rows.iterator().next();
                            if (!row.getBoolean(1)) {
                                return Future.failedFuture(new ApiError(ErrorCode.PERMISSION_ERROR, "$",
                                        "check constraint of an insert/update permission has failed"));
                            }
                            results.add(row.getString(0));
                            return Future.<Void>succeededFuture();
                        }));
            }
            return chain.map(v -> results);
        }).recover(e -> Future.failedFuture(PgErrors.toApiError(e)));
    }
}
