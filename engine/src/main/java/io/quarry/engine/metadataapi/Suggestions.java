package io.quarry.engine.metadataapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarry.engine.introspect.Catalog;
import io.quarry.engine.introspect.ForeignKey;
import io.quarry.engine.introspect.Key;
import io.quarry.engine.introspect.Relation;
import io.quarry.engine.model.ModelBuilder;
import io.quarry.engine.model.RelationshipInfo;
import io.quarry.engine.model.TableInfo;
import io.quarry.metadata.Metadata;
import io.quarry.metadata.MetadataJson;
import io.quarry.metadata.QualifiedTable;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code pg_suggest_relationships}, as Hasura answers it: for every foreign key from a tracked table to a tracked
 * table where either is among {@code tables} (default: all), an object relationship on the referencing table and,
 * on the referenced one, an array relationship (an object one when the referencing columns carry a unique
 * constraint). With {@code omit_tracked}, a foreign key whose object relationship is already tracked on the
 * referencing table yields no suggestion at all.
 */
final class Suggestions {
    private Suggestions() {
    }

    static ObjectNode suggest(Metadata metadata, Catalog catalog, Args args) {
        var source = TableCommands.source(metadata, args.source());
        Set<QualifiedTable> tracked = new LinkedHashSet<>();
        source.tables().forEach(t -> tracked.add(t.table()));
        Set<QualifiedTable> requested = null;
        JsonNode tables = args.get("tables");
        if (tables != null && tables.isArray()) {
            requested = new HashSet<>();
            for (int i = 0; i < tables.size(); i++) {
                requested.add(MetadataJson.readTable(tables.get(i), Args.PATH + ".tables[" + i + "]"));
            }
        }
        Set<String> existing = args.flag("omit_tracked") ? trackedMappings(metadata, catalog) : Set.of();
        ObjectNode out = MetadataCommands.NODES.objectNode();
        ArrayNode suggestions = out.putArray("relationships");
        for (QualifiedTable from : tracked) {
            Relation relation = catalog.relation(ModelBuilder.pgName(from)).orElse(null);
            if (relation == null) {
                continue;
            }
            for (ForeignKey fk : relation.foreignKeys()) {
                QualifiedTable to = new QualifiedTable(fk.target().schema(), fk.target().name());
                boolean wanted = requested == null || requested.contains(from) || requested.contains(to);
                if (!tracked.contains(to) || !wanted
                        || existing.contains(signature(from, fk.columns(), to, fk.targetColumns()))) {
                    continue;
                }
                suggestions.add(suggestion("object", from, fk.columns(), fk.name(), to, fk.targetColumns(), true));
                String kind = unique(relation, fk.columns()) ? "object" : "array";
                suggestions.add(suggestion(kind, to, fk.targetColumns(), fk.name(), from, fk.columns(), false));
            }
        }
        return out;
    }

    /** Unique constraints only: like Hasura, a foreign key on the primary key still suggests an array. */
    private static boolean unique(Relation relation, List<String> columns) {
        Set<String> set = new HashSet<>(columns);
        return relation.uniqueKeys().stream().map(Key::columns).anyMatch(k -> set.equals(new HashSet<>(k)));
    }

    private static ObjectNode suggestion(String type, QualifiedTable from, List<String> fromColumns, String constraint,
            QualifiedTable to, List<String> toColumns, boolean constraintOnFrom) {
        ObjectNode s = MetadataCommands.NODES.objectNode();
        s.put("type", type);
        ObjectNode fromNode = s.putObject("from");
        fromNode.set("table", MetadataJson.writeTable(from));
        fromColumns.forEach(fromNode.putArray("columns")::add);
        ObjectNode toNode = s.putObject("to");
        toNode.set("table", MetadataJson.writeTable(to));
        toColumns.forEach(toNode.putArray("columns")::add);
        (constraintOnFrom ? fromNode : toNode).put("constraint_name", constraint);
        return s;
    }

    /** The column mappings of tracked relationships, as {@link #signature}s. */
    private static Set<String> trackedMappings(Metadata metadata, Catalog catalog) {
        Set<String> out = new HashSet<>();
        for (TableInfo table : ModelBuilder.build(metadata, catalog).tables().values()) {
            for (RelationshipInfo rel : table.relationships()) {
                out.add(signature(table.name(), rel.mapping().stream().map(RelationshipInfo.ColumnPair::column).toList(),
                        rel.target(), rel.mapping().stream().map(RelationshipInfo.ColumnPair::targetColumn).toList()));
            }
        }
        return out;
    }

    private static String signature(QualifiedTable from, List<String> fromColumns, QualifiedTable to,
            List<String> toColumns) {
        return from + "|" + fromColumns + "|" + to + "|" + toColumns;
    }
}
