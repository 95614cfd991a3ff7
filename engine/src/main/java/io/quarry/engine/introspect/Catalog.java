package io.quarry.engine.introspect;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the database holds: its relations, enum types and functions (overloads together), keyed by name. */
public record Catalog(Map<PgName, Relation> relations, Map<PgName, List<String>> enums,
        Map<PgName, List<PgFunction>> functions) {
    public Catalog {
        relations = Collections.unmodifiableMap(new LinkedHashMap<>(relations));
        enums = Collections.unmodifiableMap(new LinkedHashMap<>(enums));
        functions = Collections.unmodifiableMap(new LinkedHashMap<>(functions));
    }

    /** The overloads of a function; empty when there is none. */
    public List<PgFunction> functions(PgName name) {
        return functions.getOrDefault(name, List.of());
    }

    /** The relations keyed by OID, to follow renames from one catalog to the next. */
    public Map<Long, Relation> relationsByOid() {
        Map<Long, Relation> byOid = new java.util.HashMap<>();
        relations.values().forEach(r -> byOid.put(r.oid(), r));
        return byOid;
    }

    public Optional<Relation> relation(PgName name) {
        return Optional.ofNullable(relations.get(name));
    }
}
