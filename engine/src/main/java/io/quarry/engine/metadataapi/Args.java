package io.quarry.engine.metadataapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.engine.error.ApiError;
import io.quarry.engine.error.ErrorCode;
import io.quarry.metadata.MetadataException;
import io.quarry.metadata.MetadataJson;
import io.quarry.metadata.QualifiedTable;
import io.quarry.metadata.Source;

/** The {@code args} object of an operation, read with errors at {@code $.args...} paths. */
record Args(JsonNode node) {
    static final String PATH = "$.args";

    String source() {
        JsonNode source = node.get("source");
        return source == null || source.isNull() ? Source.DEFAULT : source.asText();
    }

    /** The table an operation is about: {@code table}, or the v1 form with {@code schema} and {@code name} in args. */
    QualifiedTable table() {
        JsonNode table = node.isTextual() ? node : node.get("table");
        if ((table == null || table.isNull()) && node.has("name")) {
            table = node;
        }
        if (table == null || table.isNull()) {
            throw missing("table");
        }
        try {
            return MetadataJson.readTable(table, PATH + ".table");
        } catch (MetadataException e) {
            throw new ApiError(ErrorCode.PARSE_FAILED, e.path(), e.getMessage());
        }
    }

    String text(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            throw missing(key);
        }
        if (!value.isTextual()) {
            throw new ApiError(ErrorCode.PARSE_FAILED, PATH + "." + key, "expected a string for \"" + key + "\"");
        }
        return value.asText();
    }

    boolean flag(String key) {
        JsonNode value = node.get(key);
        return value != null && value.asBoolean(false);
    }

    JsonNode get(String key) {
        return node.get(key);
    }

    static ApiError missing(String key) {
        return new ApiError(ErrorCode.PARSE_FAILED, PATH, "the key '" + key + "' was not present");
    }
}
