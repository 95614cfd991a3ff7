package io.quarry.engine.execute;

import io.quarry.engine.error.ApiError;
import io.quarry.engine.error.ErrorCode;
import io.quarry.engine.sql.SqlStatement;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Administrative SQL: scripts of several statements ({@code run_sql}) and statements run as one transaction. */
public final class Scripts {
    /** The rows of a script's last statement that returned any: column names, then each row's values as text. */
    public record Result(List<String> columns, List<List<String>> rows) {
        public boolean hasRows() {
            return !columns.isEmpty();
        }
    }

    private final Pool pool;

    public Scripts(Pool pool) {
        this.pool = pool;
    }

    /**
     * Whether a script holds no statement at all: only blanks, semicolons and comments ({@code --} to the end of the
     * line, and {@code /* *}{@code /}, which nest in Postgres). Postgres answers such a script with EmptyQueryResponse,
     * which the client cannot turn into a result, so it is never sent.
     */
    public static boolean isEmpty(String sql) {
        int depth = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            char next = i + 1 < sql.length() ? sql.charAt(i + 1) : 0;
            if (depth > 0) {
                if (c == '*' && next == '/') {
                    depth--;
                    i++;
                } else if (c == '/' && next == '*') {
                    depth++;
                    i++;
                }
            } else if (c == '/' && next == '*') {
                depth++;
                i++;
            } else if (c == '-' && next == '-') {
                int end = sql.indexOf('\n', i);
                if (end < 0) {
                    return true;
                }
                i = end;
            } else if (!Character.isWhitespace(c) && c != ';') {
                return false;
            }
        }
        // An unterminated comment is Postgres's to report.
        return depth == 0;
    }

    /**
     * Runs {@code work} on one connection inside {@code BEGIN} ({@code READ ONLY} if asked) and commits what it did;
     * if {@code work} fails, whether in Postgres or in a check of what the SQL changed, everything is rolled back.
     */
    public <T> Future<T> inTransaction(boolean readOnly, Function<SqlConnection, Future<T>> work) {
        return pool.withConnection(conn -> conn.query(readOnly ? "BEGIN READ ONLY" : "BEGIN").execute()
                .compose(begun -> {
                    Future<T> done;
                    try {
                        done = work.apply(conn);
                    } catch (RuntimeException e) {
                        done = Future.failedFuture(e);
                    }
                    return done;
                })
                .compose(value -> conn.query("COMMIT").execute().map(value),
                        failure -> conn.query("ROLLBACK").execute().transform(ignored -> Future.failedFuture(failure))))
                .recover(e -> Future.failedFuture(e instanceof ApiError ? e : postgresError(e)));
    }

    /** Runs a script on a connection (several statements in one string), answering its last rows. */
    public static Future<Result> script(SqlClient client, String sql) {
        return client.query(sql).execute().map(Scripts::lastResult)
                .recover(e -> Future.failedFuture(e instanceof PgException pg ? postgresError(pg)
                        .withInternal(PgErrors.internal(pg, sql, false, List.of()), pg) : postgresError(e)));
    }

    /** Runs the statements in order in one transaction and returns the total number of rows they touched. */
    public Future<Integer> transaction(List<SqlStatement> statements) {
        return pool.withTransaction(conn -> {
            Future<Integer> total = Future.succeededFuture(0);
            for (SqlStatement s : statements) {
                total = total.compose(sum -> conn.preparedQuery(s.text()).execute(Tuple.from(s.params()))
                        .map(rows -> sum + rows.rowCount()));
            }
            return total;
        }).recover(e -> Future.failedFuture(PgErrors.toApiError(e)));
    }

    private static Result lastResult(RowSet<Row> first) {
        Result last = new Result(List.of(), List.of());
        for (RowSet<Row> set = first; set != null; set = set.next()) {
            if (set.columnsNames() != null && !set.columnsNames().isEmpty()) {
                List<List<String>> rows = new ArrayList<>();
                for (Row row : set) {
                    List<String> values = new ArrayList<>();
                    for (int i = 0; i < row.size(); i++) {
                        Object value = row.getValue(i);
                        values.add(value == null ? null : value.toString());
                    }
                    rows.add(values);
                }
                last = new Result(List.copyOf(set.columnsNames()), rows);
            }
        }
        return last;
    }

    /** {@code run_sql} failures as Hasura reports them: the Postgres message, code {@code postgres-error}, 400. */
    private static ApiError postgresError(Throwable e) {
        if (e instanceof PgException pg) {
            return new ApiError(ErrorCode.POSTGRES_ERROR, "$", "query execution failed: " + pg.getErrorMessage(), 400);
        }
        return PgErrors.toApiError(e);
    }
}
