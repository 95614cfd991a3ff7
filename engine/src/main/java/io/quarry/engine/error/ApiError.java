package io.quarry.engine.error;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An error a client is meant to see: a code, a message and the JSON path of what caused it
 * (such as {@code $.selectionSet.artist.selectionSet.foo} or {@code $.args.table}). An error Postgres raised also
 * carries Hasura's {@code internal} details (the statement, its arguments, Postgres's error), shown only to admins
 * and in dev mode.
 */
public final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;
    private final String path;
    private final int status;
    /** Hasura's {@code extensions.internal}: JSON-ready maps, lists and scalars. */
    private final transient Map<String, Object> internal;

    public ApiError(ErrorCode code, String path, String message) {
        this(code, path, message, code.status());
    }

    /** For the few places where Hasura answers a code with a status other than its usual one. */
    public ApiError(ErrorCode code, String path, String message, int status) {
        this(code, path, message, status, null);
    }

    private ApiError(ErrorCode code, String path, String message, int status, Throwable cause) {
        this(code, path, message, status, cause, null);
    }

    private ApiError(ErrorCode code, String path, String message, int status, Throwable cause,
            Map<String, Object> internal) {
        super(Objects.requireNonNull(message, "message"), cause, false, false);
        this.code = Objects.requireNonNull(code, "code");
        this.path = Objects.requireNonNull(path, "path");
        this.status = status;
        this.internal = internal;
    }

    /** The same error with Hasura's {@code internal} details, and the error that caused it. */
    public ApiError withInternal(Map<String, Object> details, Throwable cause) {
        return new ApiError(code, path, getMessage(), status, cause,
                java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details)));
    }

    /** What admins are shown of the error's cause, if it has one they may see. */
    public Optional<Map<String, Object>> internal() {
        return Optional.ofNullable(internal);
    }

    /** The same error at another path. */
    public ApiError at(String newPath) {
        return new ApiError(code, newPath, getMessage(), status, getCause(), internal);
    }

    public static ApiError validation(String path, String message) {
        return new ApiError(ErrorCode.VALIDATION_FAILED, path, message);
    }

    /** An error nobody meant: the client reads {@code message}; {@code cause} is kept for the log. */
    public static ApiError unexpected(String message, Throwable cause) {
        return new ApiError(ErrorCode.UNEXPECTED, "$", message, ErrorCode.UNEXPECTED.status(), cause);
    }

    public ErrorCode code() {
        return code;
    }

    public String path() {
        return path;
    }

    /** The HTTP status on endpoints other than {@code /v1/graphql}. */
    public int status() {
        return status;
    }

    /** The same error placed under a parent path, e.g. {@code $.args} + {@code $.table} = {@code $.args.table}. */
    public ApiError under(String parent) {
        return new ApiError(code, parent + path.substring(1), getMessage(), status, getCause(), internal);
    }
}
