package io.quarry.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A metadata object the database cannot back, reported as Hasura reports it:
 * {@code type} is {@code table}, {@code object_relation}, {@code array_relation} or {@code source}.
 */
public record Inconsistency(String type, String name, String reason, JsonNode definition) {
    public Inconsistency {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(definition, "definition");
    }
}
