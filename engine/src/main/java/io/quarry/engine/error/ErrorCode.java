package io.quarry.engine.error;

/** The error codes clients see, spelled as Hasura spells them, with the HTTP status each answers with. */
public enum ErrorCode {
    VALIDATION_FAILED("validation-failed", 400),
    PARSE_FAILED("parse-failed", 400),
    INVALID_JSON("invalid-json", 400),
    BAD_REQUEST("bad-request", 400),
    UNEXPECTED_PAYLOAD("unexpected-payload", 400),
    ACCESS_DENIED("access-denied", 401),
    INVALID_JWT("invalid-jwt", 400),
    JWT_INVALID_CLAIMS("jwt-invalid-claims", 400),
    JWT_MISSING_ROLE_CLAIMS("jwt-missing-role-claims", 400),
    PERMISSION_ERROR("permission-error", 400),
    NOT_EXISTS("not-exists", 400),
    NOT_FOUND("not-found", 404),
    ALREADY_TRACKED("already-tracked", 400),
    ALREADY_UNTRACKED("already-untracked", 400),
    ALREADY_EXISTS("already-exists", 400),
    INVALID_PARAMS("invalid-params", 400),
    START_FAILED("start-failed", 400),
    INVALID_CONFIGURATION("invalid-configuration", 400),
    CONFLICT("conflict", 409),
    DEPENDENCY_ERROR("dependency-error", 400),
    CYCLIC_DEPENDENCY("cyclic-dependency", 400),
    NOT_SUPPORTED("not-supported", 400),
    METADATA_WARNINGS("metadata-warnings", 400),
    CONSTRAINT_VIOLATION("constraint-violation", 400),
    CONSTRAINT_ERROR("constraint-error", 400),
    DATA_EXCEPTION("data-exception", 400),
    POSTGRES_ERROR("postgres-error", 500),
    UNEXPECTED("unexpected", 500);

    private final String code;
    private final int status;

    ErrorCode(String code, int status) {
        this.code = code;
        this.status = status;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }
}
