package io.quarry.engine.metadataapi;

import io.quarry.engine.introspect.Catalog;
import io.quarry.engine.introspect.Column;
import io.quarry.engine.introspect.Relation;
import io.quarry.engine.model.ModelBuilder;
import io.quarry.metadata.Metadata;
import io.quarry.metadata.QualifiedTable;
import io.quarry.metadata.Relationship;
import io.quarry.metadata.RelationshipUsing;
import io.quarry.metadata.Source;
import io.quarry.metadata.PermissionRule;
import io.quarry.metadata.TableEntry;
import io.quarry.metadata.TablePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Follows the tables and columns that SQL renamed, as Hasura does: a relation keeps its OID and a column its number
 * across a rename, so a tracked table whose name is gone but whose OID is still there was renamed, and the metadata
 * that names it (its entry, relationships of other tables, manual mappings) takes the new name. A renamed column is
 * renamed in the table's configuration, its permissions (columns, presets and the top level of their boolean
 * expressions) and the relationships that join on it.
 */
final class Renames {
    private Renames() {
    }

    /**
     * The metadata with renames from {@code before} to {@code after} applied; the same instance when none. Every
     * rename is found first, by OID, and all are applied in one pass over names as they were before, so that chained
     * renames ({@code b} to {@code c}, then {@code a} to {@code b}) and swaps move each reference exactly once.
     */
    static Metadata follow(Metadata metadata, Catalog before, Catalog after) {
        Map<Long, Relation> now = after.relationsByOid();
        Metadata next = metadata;
        for (Source source : metadata.sources()) {
            Map<QualifiedTable, QualifiedTable> tables = new LinkedHashMap<>();
            Map<QualifiedTable, Map<String, String>> columns = new LinkedHashMap<>();
            for (TableEntry entry : source.tables()) {
                Optional<Relation> was = before.relation(ModelBuilder.pgName(entry.table()));
                Relation is = was.map(r -> now.get(r.oid())).orElse(null);
                if (is == null) {
                    continue;
                }
                QualifiedTable renamed = new QualifiedTable(is.name().schema(), is.name().name());
                if (!renamed.equals(entry.table())) {
                    tables.put(entry.table(), renamed);
                }
                Map<String, String> names = new LinkedHashMap<>();
                for (Column old : was.get().columns()) {
                    is.columns().stream().filter(c -> c.position() == old.position() && !c.name().equals(old.name()))
                            .findFirst().ifPresent(c -> names.put(old.name(), c.name()));
                }
                if (!names.isEmpty()) {
                    columns.put(entry.table(), names);
                }
            }
            if (!tables.isEmpty() || !columns.isEmpty()) {
                next = next.updateSource(source.name(), s -> renamed(s, tables, columns));
            }
        }
        return next;
    }

    /** A source with its tables and columns renamed; both maps are keyed by the names before the renames. */
    private static Source renamed(Source source, Map<QualifiedTable, QualifiedTable> tables,
            Map<QualifiedTable, Map<String, String>> columns) {
        List<TableEntry> entries = new ArrayList<>();
        for (TableEntry t : source.tables()) {
            Map<String, String> own = columns.getOrDefault(t.table(), Map.of());
            List<Relationship> relationships = new ArrayList<>();
            for (Relationship r : t.relationships()) {
                relationships.add(new Relationship(r.name(), r.kind(), using(r.using(), own, tables, columns),
                        r.comment()));
            }
            TableEntry next = t.withTable(tables.getOrDefault(t.table(), t.table())).withRelationships(relationships);
            if (!own.isEmpty()) {
                next = next.withConfiguration(t.configuration().map(c -> c.withColumnsRenamed(own)))
                        .withPermissions(t.permissions().mapAll(
                                p -> p.withRule(cast(PermissionNames.renameColumns(p.rule(), own)))));
            }
            entries.add(next);
        }
        return source.withTables(entries);
    }

    /**
     * A relationship's join after the renames: its remote table's new name, the columns of its own table renamed as
     * {@code own} says, those of the remote table as {@code columns} says for it.
     */
    private static RelationshipUsing using(RelationshipUsing using, Map<String, String> own,
            Map<QualifiedTable, QualifiedTable> tables, Map<QualifiedTable, Map<String, String>> columns) {
        if (using instanceof RelationshipUsing.ForeignKey fk) {
            // Without a table the key's columns are this table's; with one, they are the remote table's.
            Map<String, String> names = fk.table().map(remote -> columns.getOrDefault(remote, Map.of())).orElse(own);
            return new RelationshipUsing.ForeignKey(fk.table().map(remote -> tables.getOrDefault(remote, remote)),
                    fk.columns().stream().map(c -> names.getOrDefault(c, c)).toList());
        }
        if (using instanceof RelationshipUsing.Manual m) {
            Map<String, String> remote = columns.getOrDefault(m.remoteTable(), Map.of());
            Map<String, String> mapping = new LinkedHashMap<>();
            m.columnMapping().forEach((from, to) -> mapping.put(own.getOrDefault(from, from),
                    remote.getOrDefault(to, to)));
            return new RelationshipUsing.Manual(tables.getOrDefault(m.remoteTable(), m.remoteTable()), mapping,
                    m.insertionOrder());
        }
        throw new AssertionError(using);
    }

    /** A renamed rule is of its original's kind, which {@link TablePermissions#mapAll} checks. */
    @SuppressWarnings("unchecked")
    private static <R extends PermissionRule> R cast(PermissionRule rule) {
        return (R) rule;
    }
}
