package io.quarry.engine.introspect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A catalog with the stamps of its relations ({@code stamps.sql}) read just before it: a relation whose stamp is
 * the same, and whose columns were not written since, reads the same, so a later catalog reads again only the
 * relations that changed ({@link #changed}) and takes the others from this one ({@link #merge}). {@code since} is
 * where the next stamps look for written columns from.
 */
public record Snapshot(Catalog catalog, Map<Long, String> stamps, long since) {
    /**
     * The stamp of the functions and enum types ({@code InvalidOid}, never a relation's): when it changes, a read of
     * no relation at all reads them again, as every catalog read does.
     */
    static final long FUNCTIONS_AND_ENUMS = 0;

    public Snapshot {
        Objects.requireNonNull(catalog, "catalog");
        stamps = Collections.unmodifiableMap(new LinkedHashMap<>(stamps));
    }

    /** The catalog read after {@code stamps}. */
    public Snapshot(Catalog catalog, Stamps stamps) {
        this(catalog, stamps.stamps(), stamps.since());
    }

    /** The relations of {@code now} that are new, stamped otherwise than in this snapshot, or with columns written. */
    public List<Long> changed(Stamps now) {
        List<Long> changed = new ArrayList<>();
        now.stamps().forEach((oid, stamp) -> {
            if (!stamp.equals(stamps.get(oid)) || now.written().contains(oid)) {
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
    public Snapshot merge(Stamps now, Catalog read) {
        Map<Long, Relation> previous = catalog.relationsByOid();
        Map<Long, Relation> fresh = read.relationsByOid();
        Map<PgName, Relation> relations = new LinkedHashMap<>();
        Map<Long, String> kept = new LinkedHashMap<>();
        now.stamps().forEach((oid, stamp) -> {
            if (oid == FUNCTIONS_AND_ENUMS) {
                kept.put(oid, stamp);
                return;
            }
            Relation relation = fresh.containsKey(oid) ? fresh.get(oid)
                    : stamp.equals(stamps.get(oid)) && !now.written().contains(oid) ? previous.get(oid) : null;
            if (relation != null) {
                relations.put(relation.name(), relation);
                kept.put(oid, stamp);
            }
        });
        return new Snapshot(new Catalog(relations, read.enums(), read.functions()), kept, now.since());
    }
}
