package io.quarry.engine.introspect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A catalog with the stamps of its relations ({@code stamps.sql}) read just before it: a relation whose stamp is
 * the same later reads the same, so a later catalog reads again only the relations whose stamps differ
 * ({@link #changed}) and takes the others from this one ({@link #merge}).
 */
public record Snapshot(Catalog catalog, Map<Long, String> stamps) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The stamp of the functions and enum types ({@code InvalidOid}, never a relation's): when it changes, a read of
     * no relation at all reads them again, as every catalog read does.
     */
    static final long FUNCTIONS_AND_ENUMS = 0;

    public Snapshot {
        Objects.requireNonNull(catalog, "catalog");
        stamps = Collections.unmodifiableMap(new LinkedHashMap<>(stamps));
    }

    /** The stamps of {@code stamps.sql}'s JSON, by relation OID, in the catalog's order of relations. */
    public static Map<Long, String> stamps(String json) {
        JsonNode all;
        try {
            all = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stamps query returned malformed JSON", e);
        }
        Map<Long, String> out = new LinkedHashMap<>();
        all.forEach(pair -> out.put(pair.get(0).asLong(), pair.get(1).asText()));
        return out;
    }

    /** The relations of {@code now} that are new or stamped otherwise than in this snapshot. */
    public List<Long> changed(Map<Long, String> now) {
        List<Long> changed = new ArrayList<>();
        now.forEach((oid, stamp) -> {
            if (!stamp.equals(stamps.get(oid))) {
                changed.add(oid);
            }
        });
        return changed;
    }

    /**
     * The snapshot of {@code now}: the relations {@code read} again (with the current enums and functions), the
     * others as this snapshot has them, in the order of {@code now}; a relation absent from {@code now} was dropped.
     * One dropped between the stamps and the read is left out, to be noticed by the next stamps.
     */
    public Snapshot merge(Map<Long, String> now, Catalog read) {
        Map<Long, Relation> previous = catalog.relationsByOid();
        Map<Long, Relation> fresh = read.relationsByOid();
        Map<PgName, Relation> relations = new LinkedHashMap<>();
        Map<Long, String> kept = new LinkedHashMap<>();
        now.forEach((oid, stamp) -> {
            if (oid == FUNCTIONS_AND_ENUMS) {
                kept.put(oid, stamp);
                return;
            }
            Relation relation = fresh.containsKey(oid) ? fresh.get(oid)
                    : stamp.equals(stamps.get(oid)) ? previous.get(oid) : null;
            if (relation != null) {
                relations.put(relation.name(), relation);
                kept.put(oid, stamp);
            }
        });
        return new Snapshot(new Catalog(relations, read.enums(), read.functions()), kept);
    }
}
