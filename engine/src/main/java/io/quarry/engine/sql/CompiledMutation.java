package io.quarry.engine.sql;

import io.quarry.engine.error.ApiError;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The statements of one mutation field, run in order, each answering {@code (data, checked)}. Most fields write and
 * answer in one statement. Otherwise the writes answer what they wrote ({@code {"counts": [...], "top": [...],
 * "groups": [[...], ...]}}: rows written per CTE, the top-level rows, the rows of each group to check); {@code read}
 * then takes their answers together, once every written row is visible, to answer the field and check the rows.
 * Each {@code required} row (numbered across the writes) must have been written (a conflict may skip one), or the
 * field fails with its error.
 */
public record CompiledMutation(List<SqlStatement> writes, Optional<SqlStatement> read, List<Requirement> required) {
    public CompiledMutation {
        writes = List.copyOf(writes);
        Objects.requireNonNull(read, "read");
        required = List.copyOf(required);
        if (writes.isEmpty() || read.isEmpty() && writes.size() > 1) {
            throw new IllegalArgumentException("one write answers alone; several need a read");
        }
    }

    /** Every statement, in order. */
    public List<SqlStatement> statements() {
        List<SqlStatement> all = new java.util.ArrayList<>(writes);
        read.ifPresent(all::add);
        return all;
    }

    /** The row written {@code index}-th in a nested insert's write, and the error if none was. */
    public record Requirement(int index, ApiError error) {
        public Requirement {
            Objects.requireNonNull(error, "error");
        }
    }
}
