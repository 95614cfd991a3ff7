package io.quarry.engine.model;

import io.quarry.metadata.QualifiedTable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The consistent part of the metadata, resolved against the catalog, and what could not be resolved. */
public record Model(Map<QualifiedTable, TableInfo> tables, List<FunctionInfo> functions,
        List<Inconsistency> inconsistencies) {
    public Model {
        tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
        functions = List.copyOf(functions);
        inconsistencies = List.copyOf(inconsistencies);
    }

    public Optional<TableInfo> table(QualifiedTable name) {
        return Optional.ofNullable(tables.get(name));
    }

    /** The table a relationship leads to; resolution guarantees it is present. */
    public TableInfo target(RelationshipInfo relationship) {
        TableInfo t = tables.get(relationship.target());
        if (t == null) {
            throw new IllegalStateException("relationship " + relationship.name() + " leads to an unresolved table");
        }
        return t;
    }
}
