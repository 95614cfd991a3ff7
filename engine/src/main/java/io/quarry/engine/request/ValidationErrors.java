package io.quarry.engine.request;

import graphql.GraphQLError;
import graphql.validation.ValidationError;
import graphql.validation.ValidationErrorType;
import io.quarry.engine.error.ApiError;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** graphql-java's validation errors in Hasura's words and paths. */
final class ValidationErrors {
    private static final Pattern FIELD_UNDEFINED = Pattern.compile("Field '([^']+)' in type '([^']+)' is undefined");
    private static final Pattern UNKNOWN_ARGUMENT = Pattern.compile("Unknown field argument '([^']+)'");
    private static final Pattern UNKNOWN_TYPE = Pattern.compile("Unknown type '([^']+)'");

    private ValidationErrors() {
    }

    static ApiError toApiError(GraphQLError error) {
        if (!(error instanceof ValidationError v)) {
            return ApiError.validation("$", error.getMessage());
        }
        String path = path(v.getQueryPath());
        String description = v.getDescription() == null ? v.getMessage() : v.getDescription();
        if (v.getValidationErrorType() == ValidationErrorType.FieldUndefined) {
            Matcher m = FIELD_UNDEFINED.matcher(description);
            if (m.find()) {
                return ApiError.validation(path, "field \"" + m.group(1) + "\" not found in type: '" + m.group(2) + "'");
            }
        }
        if (v.getValidationErrorType() == ValidationErrorType.UnknownArgument) {
            Matcher m = UNKNOWN_ARGUMENT.matcher(description);
            List<String> queryPath = v.getQueryPath();
            if (m.find() && queryPath != null && !queryPath.isEmpty()) {
                return ApiError.validation(path, "\"" + queryPath.get(queryPath.size() - 1)
                        + "\" has no argument named \"" + m.group(1) + "\"");
            }
        }
        if (v.getValidationErrorType() == ValidationErrorType.UnknownType) {
            Matcher m = UNKNOWN_TYPE.matcher(description);
            if (m.find()) {
                return ApiError.validation(path, "no such type exists in the schema: '" + m.group(1) + "'");
            }
        }
        return ApiError.validation(path, description);
    }

    /** {@code [artist, albums]} becomes {@code $.selectionSet.artist.selectionSet.albums}. */
    static String path(List<String> queryPath) {
        if (queryPath == null || queryPath.isEmpty()) {
            return "$";
        }
        StringBuilder out = new StringBuilder("$");
        for (String segment : queryPath) {
            out.append(".selectionSet.").append(segment);
        }
        return out.toString();
    }
}
