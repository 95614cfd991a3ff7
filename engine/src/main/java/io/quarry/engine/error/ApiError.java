package io.quarry.engine.error;

import java.util.Objects;

/**
 * An error a client is meant to see: a code, a message and the JSON path of what caused it
 * (such as {@code $.selectionSet.artist.selectionSet.foo} or {@code $.args.table}).
 */
public final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;
    private final String path;

    public ApiError(ErrorCode code, String path, String message) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.code = Objects.requireNonNull(code, "code");
        this.path = Objects.requireNonNull(path, "path");
    }

    public static ApiError validation(String path, String message) {
        return new ApiError(ErrorCode.VALIDATION_FAILED, path, message);
    }

    public ErrorCode code() {
        return code;
    }

    public String path() {
        return path;
    }

    /** The same error placed under a parent path, e.g. {@code $.args} + {@code $.table} = {@code $.args.table}. */
    public ApiError under(String parent) {
        return new ApiError(code, parent + path.substring(1), getMessage());
    }
}
