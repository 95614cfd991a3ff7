package io.quarry.engine.execute;

import io.quarry.engine.error.ApiError;
import io.quarry.engine.error.ErrorCode;
import io.quarry.engine.sql.SqlStatement;
import io.vertx.pgclient.PgException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Postgres errors as the codes clients see, in the one table Hasura uses for queries and mutations: integrity
 * violations are {@code constraint-violation} (a failed check constraint is a {@code permission-error}), data
 * exceptions {@code data-exception} (a bad {@code LIKE} escape a {@code bad-request}), an undefined object or a
 * conflict target without a constraint {@code constraint-error}; anything else is {@code unexpected}, answered as
 * {@code database query error}. Each carries Hasura's {@code internal} details: the statement, its arguments and
 * Postgres's error.
 */
public final class PgErrors {
    private PgErrors() {
    }

    public static ApiError toApiError(Throwable error) {
        return toApiError(error, null, null);
    }

    /** The error of running {@code statement} (null when unknown) with the given bind parameters. */
    public static ApiError toApiError(Throwable error, SqlStatement statement, List<Object> params) {
        if (error instanceof ApiError api) {
            return api;
        }
        if (!(error instanceof PgException pg) || pg.getSqlState() == null) {
            return ApiError.unexpected("database query error", error);
        }
        return classify(pg).withInternal(internal(pg, statement == null ? null : statement.text(), statement != null,
                params), error);
    }

    private static ApiError classify(PgException pg) {
        String state = pg.getSqlState();
        String message = pg.getErrorMessage();
        if (state.startsWith("23")) {
            String kind = switch (state) {
                case "23001" -> "Can not delete or update due to data being referred. ";
                case "23505" -> "Uniqueness violation. ";
                case "23503" -> "Foreign key violation. ";
                case "23502" -> "Not-NULL violation. ";
                case "23514" -> "Check constraint violation. ";
                case "23P01" -> "Exclusion violation. ";
                default -> "";
            };
            return new ApiError(state.equals("23514") ? ErrorCode.PERMISSION_ERROR : ErrorCode.CONSTRAINT_VIOLATION,
                    "$", kind + message);
        }
        if (state.startsWith("22")) {
            return new ApiError(state.equals("22025") ? ErrorCode.BAD_REQUEST : ErrorCode.DATA_EXCEPTION, "$", message);
        }
        return switch (state) {
            case "42704" -> new ApiError(ErrorCode.CONSTRAINT_ERROR, "$", message);
            case "42P10" -> new ApiError(ErrorCode.CONSTRAINT_ERROR, "$",
                    "there is no unique or exclusion constraint on target column(s)");
            // Row-level security or a revoked grant: the role may not touch what it asked for.
            case "42501" -> new ApiError(ErrorCode.PERMISSION_ERROR, "$", message);
            default -> new ApiError(ErrorCode.UNEXPECTED, "$", "database query error");
        };
    }

    /** Hasura's {@code internal}: {@code statement}, {@code prepared}, {@code error}, {@code arguments}. */
    static Map<String, Object> internal(PgException pg, String statement, boolean prepared, List<Object> params) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("exec_status", "FatalError");
        error.put("hint", pg.getHint());
        error.put("message", pg.getErrorMessage());
        error.put("status_code", pg.getSqlState());
        error.put("description", pg.getDetail());
        Map<String, Object> internal = new LinkedHashMap<>();
        internal.put("statement", statement);
        internal.put("prepared", prepared);
        List<Object> arguments = new ArrayList<>();
        if (params != null) {
            params.forEach(p -> arguments.add(p == null ? null : String.valueOf(p)));
        }
        internal.put("error", error);
        internal.put("arguments", arguments);
        return internal;
    }
}
