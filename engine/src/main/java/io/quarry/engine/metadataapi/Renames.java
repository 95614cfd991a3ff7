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

    /** The metadata with renames from {@code before} to {@code after} applied; the same instance when none. */
    static Metadata follow(Metadata metadata, Catalog before, Catalog after) {
        Map<Long, Relation> now = after.relationsByOid();
        Metadata next = metadata;
        for (Source source : metadata.sources()) {
            for (TableEntry entry : source.tables()) {
                Optional<Relation> was = before.relation(ModelBuilder.pgName(entry.table()));
                Relation is = was.map(r -> now.get(r.oid())).orElse(null);
                if (is == null) {
                    continue;
                }
                QualifiedTable renamed = new QualifiedTable(is.name().schema(), is.name().name());
                if (!renamed.equals(entry.table()) && after.relation(ModelBuilder.pgName(entry.table())).isEmpty()) {
                    next = renameTable(next, source.name(), entry.table(), renamed);
                } else {
                    renamed = entry.table();
                }
                Map<String, String> columns = new LinkedHashMap<>();
                for (Column old : was.get().columns()) {
                    is.columns().stream().filter(c -> c.position() == old.position() && !c.name().equals(old.name()))
                            .findFirst().ifPresent(c -> columns.put(old.name(), c.name()));
                }
                if (!columns.isEmpty()) {
                    next = renameColumns(next, source.name(), renamed, columns);
                }
            }
        }
        return next;
    }

    private static Metadata renameTable(Metadata metadata, String source, QualifiedTable from, QualifiedTable to) {
        return metadata.updateSource(source, s -> {
            List<TableEntry> tables = new ArrayList<>();
            for (TableEntry t : s.tables()) {
                List<Relationship> relationships = new ArrayList<>();
                for (Relationship r : t.relationships()) {
                    RelationshipUsing using = r.using();
                    if (using instanceof RelationshipUsing.ForeignKey fk && fk.table().filter(from::equals).isPresent()) {
                        using = new RelationshipUsing.ForeignKey(Optional.of(to), fk.columns());
                    } else if (using instanceof RelationshipUsing.Manual m && m.remoteTable().equals(from)) {
                        using = new RelationshipUsing.Manual(to, m.columnMapping(), m.insertionOrder());
                    }
                    relationships.add(new Relationship(r.name(), r.kind(), using, r.comment()));
                }
                tables.add(t.withTable(t.table().equals(from) ? to : t.table()).withRelationships(relationships));
            }
            return s.withTables(tables);
        });
    }

    private static Metadata renameColumns(Metadata metadata, String source, QualifiedTable table,
            Map<String, String> names) {
        return metadata.updateSource(source, s -> {
            List<TableEntry> tables = new ArrayList<>();
            for (TableEntry t : s.tables()) {
                boolean own = t.table().equals(table);
                List<Relationship> relationships = new ArrayList<>();
                for (Relationship r : t.relationships()) {
                    relationships.add(new Relationship(r.name(), r.kind(), using(r.using(), own, table, names),
                            r.comment()));
                }
                TableEntry next = t.withRelationships(relationships);
                if (own) {
                    next = next.withConfiguration(t.configuration().map(c -> c.withColumnsRenamed(names)))
                            .withPermissions(t.permissions().mapAll(
                            p -> p.withRule(cast(PermissionNames.renameColumns(p.rule(), names)))));
                }
                tables.add(next);
            }
            return s.withTables(tables);
        });
    }

    /** A relationship's join with the renamed columns of {@code table}, from its side ({@code own}) or the other. */
    private static RelationshipUsing using(RelationshipUsing using, boolean own, QualifiedTable table,
            Map<String, String> names) {
        if (using instanceof RelationshipUsing.ForeignKey fk) {
            boolean onTable = fk.table().isEmpty() ? own : fk.table().get().equals(table);
            return onTable ? new RelationshipUsing.ForeignKey(fk.table(), fk.columns().stream()
                    .map(c -> names.getOrDefault(c, c)).toList()) : fk;
        }
        if (using instanceof RelationshipUsing.Manual m) {
            boolean remote = m.remoteTable().equals(table);
            if (!own && !remote) {
                return m;
            }
            Map<String, String> mapping = new LinkedHashMap<>();
            m.columnMapping().forEach((from, to) -> mapping.put(own ? names.getOrDefault(from, from) : from,
                    remote ? names.getOrDefault(to, to) : to));
            return new RelationshipUsing.Manual(m.remoteTable(), mapping, m.insertionOrder());
        }
        throw new AssertionError(using);
    }

    /** A renamed rule is of its original's kind, which {@link TablePermissions#mapAll} checks. */
    @SuppressWarnings("unchecked")
    private static <R extends PermissionRule> R cast(PermissionRule rule) {
        return (R) rule;
    }
}
