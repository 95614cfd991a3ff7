package io.quarry.engine.introspect;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What {@code stamps.sql} answered: the stamps of the relations by OID, in the catalog's order of relations (with
 * {@link Snapshot#FUNCTIONS_AND_ENUMS} first), the relations whose columns were written since the read it was asked
 * about, and the transaction id from which the next read asks ({@code since}).
 */
public record Stamps(long since, Map<Long, String> stamps, Set<Long> written) {
    public Stamps {
        Objects.requireNonNull(stamps, "stamps");
        stamps = Collections.unmodifiableMap(new LinkedHashMap<>(stamps));
        written = Set.copyOf(written);
    }

    /** Reads the lines of {@code stamps.sql}'s answer. */
    public static Stamps read(String text) {
        String[] lines = text.split("\n");
        if (lines.length < 2) {
            throw new IllegalStateException("the stamps query answered " + lines.length + " lines");
        }
        Map<Long, String> stamps = new LinkedHashMap<>();
        stamps.put(Snapshot.FUNCTIONS_AND_ENUMS, lines[1]);
        Set<Long> written = new java.util.HashSet<>();
        for (int i = 2; i < lines.length; i++) {
            String[] parts = lines[i].split(" ");
            long oid = Long.parseLong(parts[0]);
            stamps.put(oid, parts[1]);
            if (parts.length > 2) {
                written.add(oid);
            }
        }
        return new Stamps(Long.parseLong(lines[0]), stamps, written);
    }
}
