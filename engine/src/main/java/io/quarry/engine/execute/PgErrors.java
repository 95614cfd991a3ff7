package io.quarry.engine.execute;

import io.quarry.engine.error.ApiError;
import io.quarry.engine.error.ErrorCode;
import io.vertx.pgclient.PgException;

/** Postgres errors as the codes clients see. Only messages meant for users pass through; the rest say less. */
public final class PgErrors {
    private PgErrors() {
    }

    public static ApiError toApiError(Throwable error) {
        if (error instanceof ApiError api) {
            return api;
        }
        if (error instanceof PgException pg && pg.getSqlState() != null) {
            String state = pg.getSqlState();
            String message = pg.getErrorMessage();
            if (state.startsWith("22")) {
                return new ApiError(ErrorCode.DATA_EXCEPTION, "$", message);
            }
            if (state.startsWith("23")) {
                String kind = switch (state) {
                    case "23505" -> "Uniqueness violation. ";
                    case "23503" -> "Foreign key violation. ";
                    case "23502" -> "Not-NULL violation. ";
                    case "23514" -> "Check constraint violation. ";
                    default -> "Integrity constraint violation. ";
                };
                return new ApiError(ErrorCode.CONSTRAINT_VIOLATION, "$", kind + message);
            }
            if (state.equals("42501")) {
                return new ApiError(ErrorCode.PERMISSION_ERROR, "$", message);
            }
            return ApiError.unexpected("database query error", error);
        }
        return ApiError.unexpected("database query error", error);
    }
}
