package io.quarry.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarry.engine.introspect.Catalog;
import io.quarry.engine.introspect.Column;
import io.quarry.engine.introspect.EnumValue;
import io.quarry.engine.introspect.ForeignKey;
import io.quarry.engine.introspect.PgName;
import io.quarry.engine.introspect.Relation;
import io.quarry.metadata.InheritedRole;
import io.quarry.metadata.Metadata;
import io.quarry.metadata.MetadataJson;
import io.quarry.metadata.Permission;
import io.quarry.metadata.PermissionRule;
import io.quarry.metadata.QualifiedTable;
import io.quarry.metadata.Relationship;
import io.quarry.metadata.RelationshipUsing;
import io.quarry.metadata.Source;
import io.quarry.metadata.TableConfig;
import io.quarry.metadata.TableEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Resolves {@link Metadata} against a {@link Catalog}; never fails, reports what it cannot resolve. */
public final class ModelBuilder {
    private final Catalog catalog;
    private final Map<PgName, List<EnumValue>> enumValues;
    private final List<Inconsistency> inconsistencies = new ArrayList<>();

    private ModelBuilder(Catalog catalog, Map<PgName, List<EnumValue>> enumValues) {
        this.catalog = catalog;
        this.enumValues = enumValues;
    }

    /** Resolves metadata that needs no enum table rows, or whose enum tables are still to be read. */
    public static Model build(Metadata metadata, Catalog catalog) {
        return build(metadata, catalog, Map.of());
    }

    /** Resolves metadata with the rows of its enum tables (see {@link #enumTables}). */
    public static Model build(Metadata metadata, Catalog catalog, Map<PgName, List<EnumValue>> enumValues) {
        return new ModelBuilder(catalog, enumValues).resolve(metadata);
    }

    /**
     * The tracked enum tables whose rows must be read, each with its key column and its comment column if any.
     * Hasura's rule: a single-column text primary key, and at most one other column.
     */
    public static Map<PgName, List<String>> enumTables(Metadata metadata, Catalog catalog) {
        Map<PgName, List<String>> out = new LinkedHashMap<>();
        for (Source source : metadata.sources()) {
            for (TableEntry entry : source.tables()) {
                if (isEnum(entry)) {
                    catalog.relation(pgName(entry.table())).flatMap(ModelBuilder::enumShape)
                            .ifPresent(columns -> out.put(pgName(entry.table()), columns));
                }
            }
        }
        return out;
    }

    private static boolean isEnum(TableEntry entry) {
        return entry.enumTable();
    }

    private static Optional<List<String>> enumShape(Relation relation) {
        Optional<io.quarry.engine.introspect.Key> key = relation.primaryKey();
        if (key.isEmpty() || key.get().columns().size() != 1 || relation.columns().size() > 2) {
            return Optional.empty();
        }
        String keyColumn = key.get().columns().get(0);
        Column column = relation.column(keyColumn).orElseThrow();
        if (column.type().underlying().category() != 'S') {
            return Optional.empty();
        }
        List<String> columns = new ArrayList<>(List.of(keyColumn));
        relation.columns().stream().map(Column::name).filter(c -> !c.equals(keyColumn)).forEach(columns::add);
        return Optional.of(columns);
    }

    /** The catalog relation a metadata table names. */
    public static PgName pgName(QualifiedTable table) {
        return new PgName(table.schema(), table.name());
    }

    private Model resolve(Metadata metadata) {
        Map<QualifiedTable, TableInfo> tables = new LinkedHashMap<>();
        List<FunctionInfo> functions = new ArrayList<>();
        FunctionResolver functionResolver = new FunctionResolver(catalog, inconsistencies);
        // One Postgres source is served, whatever its name; the engine's database backs it.
        String served = metadata.sources().stream().filter(s -> "postgres".equals(s.kind())).map(Source::name)
                .findFirst().orElse(null);
        for (Source source : metadata.sources()) {
            if (!source.name().equals(served)) {
                ObjectNode definition = JsonNodeFactory.instance.objectNode().put("name", source.name());
                inconsistencies.add(new Inconsistency("source", "source " + source.name(),
                        "Inconsistent object: only one postgres source is supported", definition));
                continue;
            }
            Map<QualifiedTable, Relation> resolved = new LinkedHashMap<>();
            for (TableEntry entry : source.tables()) {
                resolveTable(source, entry).ifPresent(r -> resolved.put(entry.table(), r));
            }
            Set<QualifiedTable> enums = new HashSet<>();
            for (TableEntry entry : source.tables()) {
                Relation relation = resolved.get(entry.table());
                if (relation != null && isEnum(entry)) {
                    String problem = enumShape(relation).isEmpty()
                            ? "the table \"" + entry.table() + "\" cannot be used as an enum: it needs a single-column "
                            + "text primary key and at most one other column"
                            : enumValues.get(relation.name()) == null ? null
                            : enumValues.get(relation.name()).stream().map(EnumValue::value)
                            .filter(v -> !GraphqlNames.isValid(v)).findFirst()
                            .map(v -> "the value \"" + v + "\" of enum table \"" + entry.table()
                                    + "\" is not a valid GraphQL enum value name").orElse(null);
                    if (problem == null) {
                        enums.add(entry.table());
                    } else {
                        inconsistencies.add(new Inconsistency("table", "table " + entry.table() + " in source "
                                + source.name(), "Inconsistent object: " + problem, MetadataJson.writeTable(entry.table())));
                    }
                }
            }
            for (TableEntry entry : source.tables()) {
                Relation relation = resolved.get(entry.table());
                if (relation != null) {
                    tables.put(entry.table(), tableInfo(source, entry, relation, resolved.keySet(), enums,
                            functionResolver));
                }
            }
            functions.addAll(functionResolver.functions(source, tables.keySet()));
        }
        PermissionCheck check = new PermissionCheck(tables);
        Map<QualifiedTable, Map<String, SelectPermission>> permissions = new LinkedHashMap<>();
        for (Source source : metadata.sources()) {
            for (TableEntry entry : source.tables()) {
                if (tables.containsKey(entry.table())) {
                    Map<String, SelectPermission> byRole = new LinkedHashMap<>();
                    for (Permission<? extends PermissionRule> p : consistent(source, tables.get(entry.table()), entry,
                            "select", check)) {
                        byRole.put(p.role(), SelectPermission.of((PermissionRule.Select) p.rule()));
                    }
                    permissions.put(entry.table(), byRole);
                }
            }
        }
        Map<QualifiedTable, Map<String, Map<String, WritePermission>>> writes = new LinkedHashMap<>();
        for (Source source : metadata.sources()) {
            for (TableEntry entry : source.tables()) {
                if (!tables.containsKey(entry.table())) {
                    continue;
                }
                Map<String, Map<String, WritePermission>> byRole = new LinkedHashMap<>();
                for (String kind : List.of("insert", "update", "delete")) {
                    for (Permission<? extends PermissionRule> p : consistent(source, tables.get(entry.table()), entry,
                            kind, check)) {
                        byRole.computeIfAbsent(p.role(), r -> new LinkedHashMap<>()).put(kind, WritePermission.of(p.rule()));
                    }
                }
                writes.put(entry.table(), byRole);
            }
        }
        // An inherited role reads what its parent roles read, together.
        List<InheritedRole> inherited = metadata.inheritedRoles();
        if (!inherited.isEmpty()) {
            Optional<String> cycles = InheritedRoles.cycles(inherited);
            for (InheritedRole role : InheritedRoles.parentsFirst(inherited)) {
                String name = role.roleName();
                List<String> parents = role.roleSet();
                if (cycles.isPresent() && InheritedRoles.inCycle(inherited, name)) {
                    inconsistencies.add(new Inconsistency("inherited_role", "inherited_role " + name,
                            "Inconsistent object: " + cycles.get(), MetadataJson.writeInheritedRole(role)));
                    continue;
                }
                functions.replaceAll(f -> f.inheritedBy(name, parents));
                for (Map<String, SelectPermission> byRole : permissions.values()) {
                    List<SelectPermission> granted = parents.stream().map(byRole::get)
                            .filter(java.util.Objects::nonNull).toList();
                    if (!granted.isEmpty() && !byRole.containsKey(name)) {
                        byRole.put(name, SelectPermission.inherit(granted));
                    }
                }
            }
        }
        return new Model(tables, functions, inconsistencies, permissions, writes);
    }

    /**
     * The entries of a table's {@code <kind>_permissions} that can be served; the others are reported as Hasura
     * reports them ({@code in table "t": in permission for role "r": ...}) and left out.
     */
    private List<Permission<? extends PermissionRule>> consistent(Source source, TableInfo table, TableEntry entry,
            String kind, PermissionCheck check) {
        List<Permission<? extends PermissionRule>> out = new ArrayList<>();
        for (Permission<? extends PermissionRule> p : entry.permissions().of(kind)) {
            String role = p.role();
            Optional<String> problem = role.isEmpty() ? Optional.of("empty string not allowed")
                    : check.problem(table, p.rule());
            if (problem.isEmpty()) {
                out.add(p);
                continue;
            }
            ObjectNode definition = JsonNodeFactory.instance.objectNode();
            definition.put("source", source.name());
            definition.set("table", MetadataJson.writeTable(entry.table()));
            definition.setAll(MetadataJson.writePermission(p));
            inconsistencies.add(new Inconsistency(kind + "_permission", kind + "_permission " + role + " in table "
                    + entry.table() + " in source " + source.name(), "Inconsistent object: in table \"" + entry.table()
                    + "\": in permission for role \"" + role + "\": " + problem.get(), definition));
        }
        return out;
    }

    private Optional<Relation> resolveTable(Source source, TableEntry entry) {
        QualifiedTable table = entry.table();
        Optional<Relation> relation = catalog.relation(pgName(table));
        String reason = null;
        if (relation.isEmpty()) {
            reason = "no such table/view exists in source: \"" + table + "\"";
        } else if (!GraphqlNames.isValid(TableConfiguration.of(entry).customName()
                .orElse(GraphqlNames.typeName(table)))) {
            reason = "the table name \"" + table + "\" is not a valid GraphQL name";
        }
        if (reason != null) {
            inconsistencies.add(new Inconsistency("table", "table " + table + " in source " + source.name(),
                    "Inconsistent object: " + reason, MetadataJson.writeTable(table)));
            return Optional.empty();
        }
        return relation;
    }

    private TableInfo tableInfo(Source source, TableEntry entry, Relation relation, Set<QualifiedTable> tracked,
            Set<QualifiedTable> enums, FunctionResolver functionResolver) {
        TableConfiguration config = TableConfiguration.of(entry);
        List<ColumnInfo> columns = new ArrayList<>();
        for (Column c : relation.columns()) {
            // Columns whose names GraphQL cannot spell are not exposed unless configured with a name it can.
            String field = config.columnNames().getOrDefault(c.name(), c.name());
            if (GraphqlNames.isValid(field)) {
                Optional<String> description = entry.configuration()
                        .map(t -> t.columnConfig().get(c.name())).flatMap(TableConfig.ColumnConfig::comment)
                        .or(c::comment);
                columns.add(new ColumnInfo(c.name(), field, c.type(), c.nullable(), enumReference(relation, c, enums),
                        description));
            }
        }
        Optional<List<ColumnInfo>> primaryKey = relation.primaryKey().flatMap(pk -> {
            List<ColumnInfo> keyColumns = new ArrayList<>();
            for (String name : pk.columns()) {
                Optional<ColumnInfo> column = columns.stream().filter(c -> c.name().equals(name)).findFirst();
                if (column.isEmpty()) {
                    return Optional.empty();
                }
                keyColumns.add(column.get());
            }
            return Optional.of(keyColumns);
        });
        Set<String> fieldNames = new HashSet<>();
        columns.forEach(c -> fieldNames.add(c.field()));
        List<RelationshipInfo> relationships = new ArrayList<>();
        for (Relationship rel : entry.relationships()) {
            String problem;
            Optional<RelationshipInfo> info = Optional.empty();
            if (!GraphqlNames.isValid(rel.name())) {
                problem = "the relationship name \"" + rel.name() + "\" is not a valid GraphQL name";
            } else if (!fieldNames.add(rel.name())) {
                problem = "column/relationship \"" + rel.name() + "\" of table \"" + entry.table() + "\" already exists";
            } else {
                Resolution resolution = resolveRelationship(relation, rel);
                problem = resolution.problem();
                info = resolution.info();
                if (info.isPresent() && !tracked.contains(info.get().target())) {
                    problem = "table \"" + info.get().target() + "\" is not tracked";
                    info = Optional.empty();
                }
            }
            if (info.isPresent()) {
                relationships.add(info.get());
            } else {
                inconsistencies.add(relationshipInconsistency(source, entry.table(), rel, problem));
            }
        }
        List<ComputedFieldInfo> computedFields = functionResolver.computedFields(source, entry, tracked, fieldNames);
        Optional<List<EnumValue>> values = enums.contains(entry.table())
                ? Optional.of(enumValues.getOrDefault(relation.name(), List.of())) : Optional.empty();
        return new TableInfo(entry.table(), relation, config.customName().orElse(GraphqlNames.typeName(entry.table())),
                config.rootFields(), columns, primaryKey, relationships, computedFields, values,
                entry.configuration().flatMap(TableConfig::comment).or(relation::comment));
    }

    /** The enum table a column takes its values from: a single-column foreign key to an enum table's key. */
    private static Optional<QualifiedTable> enumReference(Relation relation, Column column, Set<QualifiedTable> enums) {
        return relation.foreignKeys().stream()
                .filter(fk -> fk.columns().equals(List.of(column.name())))
                .map(fk -> new QualifiedTable(fk.target().schema(), fk.target().name()))
                .filter(enums::contains).findFirst();
    }

    private record Resolution(Optional<RelationshipInfo> info, String problem) {
        static Resolution ok(RelationshipInfo info) {
            return new Resolution(Optional.of(info), null);
        }

        static Resolution fail(String problem) {
            return new Resolution(Optional.empty(), problem);
        }
    }

    private Resolution resolveRelationship(Relation relation, Relationship rel) {
        if (rel.using() instanceof RelationshipUsing.ForeignKey fk && fk.table().isEmpty()) {
            if (rel.kind() == Relationship.Kind.ARRAY) {
                return Resolution.fail("an array relationship's foreign key must name the remote table");
            }
            Optional<ForeignKey> key = relation.foreignKeys().stream()
                    .filter(k -> new HashSet<>(k.columns()).equals(new HashSet<>(fk.columns()))).findFirst();
            if (key.isEmpty()) {
                return Resolution.fail("no foreign constraint exists on the given column(s): " + fk.columns());
            }
            List<RelationshipInfo.ColumnPair> pairs = new ArrayList<>();
            for (int i = 0; i < key.get().columns().size(); i++) {
                pairs.add(new RelationshipInfo.ColumnPair(key.get().columns().get(i), key.get().targetColumns().get(i)));
            }
            PgName target = key.get().target();
            return Resolution.ok(new RelationshipInfo(rel.name(), rel.kind(),
                    new QualifiedTable(target.schema(), target.name()), pairs, false));
        }
        if (rel.using() instanceof RelationshipUsing.ForeignKey fk) {
            QualifiedTable remoteName = fk.table().get();
            Optional<Relation> remote = catalog.relation(pgName(remoteName));
            if (remote.isEmpty()) {
                return Resolution.fail("no such table/view exists in source: \"" + remoteName + "\"");
            }
            Optional<ForeignKey> key = remote.get().foreignKeys().stream()
                    .filter(k -> k.target().equals(relation.name()))
                    .filter(k -> new HashSet<>(k.columns()).equals(new HashSet<>(fk.columns()))).findFirst();
            if (key.isEmpty()) {
                return Resolution.fail("no foreign constraint exists on the given column(s) " + fk.columns()
                        + " of table \"" + remoteName + "\" referencing table \"" + qualified(relation.name()) + "\"");
            }
            List<RelationshipInfo.ColumnPair> pairs = new ArrayList<>();
            for (int i = 0; i < key.get().columns().size(); i++) {
                pairs.add(new RelationshipInfo.ColumnPair(key.get().targetColumns().get(i), key.get().columns().get(i)));
            }
            return Resolution.ok(new RelationshipInfo(rel.name(), rel.kind(), remoteName, pairs, true));
        }
        if (rel.using() instanceof RelationshipUsing.Manual manual) {
            Optional<Relation> remote = catalog.relation(pgName(manual.remoteTable()));
            if (remote.isEmpty()) {
                return Resolution.fail("no such table/view exists in source: \"" + manual.remoteTable() + "\"");
            }
            List<RelationshipInfo.ColumnPair> pairs = new ArrayList<>();
            for (Map.Entry<String, String> e : manual.columnMapping().entrySet()) {
                if (relation.column(e.getKey()).isEmpty()) {
                    return Resolution.fail("no such column exists: \"" + e.getKey() + "\"");
                }
                if (remote.get().column(e.getValue()).isEmpty()) {
                    return Resolution.fail("no such column exists in table \"" + manual.remoteTable() + "\": \""
                            + e.getValue() + "\"");
                }
                pairs.add(new RelationshipInfo.ColumnPair(e.getKey(), e.getValue()));
            }
            boolean after = manual.insertionOrder().filter(RelationshipUsing.Manual.AFTER_PARENT::equals).isPresent();
            return Resolution.ok(new RelationshipInfo(rel.name(), rel.kind(), manual.remoteTable(), pairs,
                    rel.kind() == Relationship.Kind.ARRAY || after));
        }
        throw new AssertionError(rel.using());
    }

    private static QualifiedTable qualified(PgName name) {
        return new QualifiedTable(name.schema(), name.name());
    }

    /** The inconsistency entry for a relationship, with its definition as Hasura reports it. */
    public static Inconsistency relationshipInconsistency(Source source, QualifiedTable table, Relationship rel,
            String problem) {
        String type = rel.kind() == Relationship.Kind.OBJECT ? "object_relation" : "array_relation";
        ObjectNode definition = JsonNodeFactory.instance.objectNode();
        definition.put("name", rel.name());
        definition.put("source", source.name());
        definition.set("comment", rel.comment().<JsonNode>map(JsonNodeFactory.instance::textNode)
                .orElse(JsonNodeFactory.instance.nullNode()));
        definition.set("table", MetadataJson.writeTable(table));
        definition.set("using", MetadataJson.writeUsing(rel.using()));
        return new Inconsistency(type, type + " " + rel.name() + " in table " + table + " in source " + source.name(),
                "Inconsistent object: " + problem, definition);
    }
}
