package io.quarry.engine.sql;

import io.quarry.engine.error.ApiError;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The statements of one mutation field, each answering {@code (data, checked)}. Most fields write and answer in
 * {@code write} alone. A nested insert writes in {@code write}, which answers what it wrote (per row written, in
 * order: {@code {"counts": [...], "top": [...], "groups": [...]}}); {@code read} then takes that answer, once every
 * written row is visible, to answer the field and check the rows. Each {@code required} row must have been written
 * (a conflict may skip one), or the field fails with its error.
 */
public record CompiledMutation(SqlStatement write, Optional<SqlStatement> read, List<Requirement> required) {
    public CompiledMutation {
        Objects.requireNonNull(write, "write");
        Objects.requireNonNull(read, "read");
        required = List.copyOf(required);
    }

    /** Statements read the session's variables: all those any of them reads. */
    public List<SqlStatement> statements() {
        return read.map(r -> List.of(write, r)).orElse(List.of(write));
    }

    /** The row written {@code index}-th in a nested insert's write, and the error if none was. */
    public record Requirement(int index, ApiError error) {
        public Requirement {
            Objects.requireNonNull(error, "error");
        }
    }
}
