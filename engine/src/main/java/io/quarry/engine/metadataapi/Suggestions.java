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
 * {@code pg_suggest_relationships}: for every foreign key between the chosen tables, an object relationship on the
 * referencing table and, on the referenced table, an array relationship (or an object one when the referencing
 * columns are unique, making the link one-to-one).
 */
final class Suggestions {
    private Suggestions() {
    }

    static ObjectNode suggest(Metadata metadata, Catalog catalog, Args args) {
        var source = TableCommands.source(metadata, args.source());
        Set<QualifiedTable> tables = new LinkedHashSet<>();
        JsonNode requested = args.get("tables");
        if (requested != null && requested.isArray()) {
            for (int i = 0; i < requested.size(); i++) {
                tables.add(MetadataJson.readTable(requested.get(i), Args.PATH + ".tables[" + i + "]"));
            }
        } else {
            source.tables().forEach(t -> tables.add(t.table()));
        }
        boolean omitTracked = args.flag("omit_tracked");
        Set<String> existing = omitTracked ? existingRelationships(metadata, catalog) : Set.of();
        ObjectNode out = MetadataCommands.NODES.objectNode();
        ArrayNode suggestions = out.putArray("relationships");
        for (QualifiedTable from : tables) {
            Relation relation = catalog.relation(ModelBuilder.pgName(from)).orElse(null);
            if (relation == null) {
                continue;
            }
            for (ForeignKey fk : relation.foreignKeys()) {
                QualifiedTable to = new QualifiedTable(fk.target().schema(), fk.target().name());
                if (!tables.contains(to)) {
                    continue;
                }
                if (!existing.contains(signature(from, fk.columns(), to, fk.targetColumns()))) {
                    suggestions.add(suggestion("object", from, fk.columns(), fk.name(), to, fk.targetColumns(), true));
                }
                if (!existing.contains(signature(to, fk.targetColumns(), from, fk.columns()))) {
                    String kind = unique(relation, fk.columns()) ? "object" : "array";
                    suggestions.add(suggestion(kind, to, fk.targetColumns(), fk.name(), from, fk.columns(), false));
                }
            }
        }
        return out;
    }

    private static boolean unique(Relation relation, List<String> columns) {
        Set<String> set = new HashSet<>(columns);
        return relation.primaryKey().map(k -> set.equals(new HashSet<>(k.columns()))).orElse(false)
                || relation.uniqueKeys().stream().map(Key::columns).anyMatch(k -> set.equals(new HashSet<>(k)));
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

    private static Set<String> existingRelationships(Metadata metadata, Catalog catalog) {
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
