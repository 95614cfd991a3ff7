package io.quarry.engine.introspect;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the database holds: its relations and enum types, keyed by name. Immutable. */
public record Catalog(Map<PgName, Relation> relations, Map<PgName, List<String>> enums) {
    public Catalog {
        relations = Collections.unmodifiableMap(new LinkedHashMap<>(relations));
        enums = Collections.unmodifiableMap(new LinkedHashMap<>(enums));
    }

    public Optional<Relation> relation(PgName name) {
        return Optional.ofNullable(relations.get(name));
    }
}
