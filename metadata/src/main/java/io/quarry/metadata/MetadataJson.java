package io.quarry.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Reads and writes metadata in Hasura's JSON format (version 3, and the sourceless version 2 on input). */
public final class MetadataJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> TABLE_KEYS = Set.of("table", "is_enum", "configuration", "object_relationships",
            "array_relationships", "computed_fields",
            "insert_permissions", "select_permissions", "update_permissions", "delete_permissions");
    /** The table keys Hasura exports after the permissions. */
    private static final Set<String> AFTER_PERMISSIONS = Set.of("event_triggers", "apollo_federation_config",
            "logical_model");
    private static final Set<String> SOURCE_KEYS = Set.of("name", "kind", "tables", Source.FUNCTIONS,
            Source.CONFIGURATION, Source.CUSTOMIZATION);
    private static final Set<String> METADATA_KEYS = Set.of("version", "sources", "tables", Metadata.INHERITED_ROLES,
            QueryCollection.KEY, AllowlistEntry.KEY, ApiLimits.KEY, IntrospectionOptions.KEY);

    private MetadataJson() {
    }

    public static Metadata read(JsonNode json) {
        ObjectNode root = object(json, "$");
        List<Source> sources = new ArrayList<>();
        if (root.has("sources")) {
            ArrayNode array = array(root.get("sources"), "$.sources");
            for (int i = 0; i < array.size(); i++) {
                sources.add(readSource(array.get(i), "$.sources[" + i + "]"));
            }
        } else {
            // Version 2 metadata has one implicit source.
            List<TableEntry> tables = root.has("tables") ? readTables(root.get("tables"), "$.tables") : List.of();
            sources.add(Source.empty(Source.DEFAULT, "postgres").withTables(tables));
        }
        JsonNode collections = root.get(QueryCollection.KEY);
        JsonNode allowlist = root.get(AllowlistEntry.KEY);
        JsonNode limits = root.get(ApiLimits.KEY);
        Map<String, JsonValue> other = opaque(others(root, METADATA_KEYS));
        // A bad protection is refused here, not on a request.
        return new Metadata(sources, FunctionJson.readInheritedRoles(root.get(Metadata.INHERITED_ROLES),
                "$." + Metadata.INHERITED_ROLES),
                collections == null || collections.isNull() ? List.of()
                        : QueryCollection.readAll(collections, "$." + QueryCollection.KEY),
                allowlist == null || allowlist.isNull() ? List.of()
                        : AllowlistEntry.readAll(allowlist, "$." + AllowlistEntry.KEY),
                limits == null || limits.isNull() ? ApiLimits.none() : ApiLimits.read(limits, "$." + ApiLimits.KEY),
                introspection(root.get(IntrospectionOptions.KEY), "$." + IntrospectionOptions.KEY), other,
                fieldNames(root).stream().filter(k -> !root.get(k).isNull() || !Metadata.TYPED.contains(k)).toList());
    }

    private static IntrospectionOptions introspection(JsonNode json, String path) {
        if (json == null || json.isNull()) {
            return IntrospectionOptions.NONE;
        }
        ObjectNode options = object(json, path);
        List<String> keys = new ArrayList<>();
        options.fieldNames().forEachRemaining(k -> {
            if (k.equals("disabled_for_roles")) {
                keys.add(k);
            }
        });
        JsonNode roles = options.get("disabled_for_roles");
        return new IntrospectionOptions(roles == null || roles.isNull() ? List.of()
                : strings(roles, path + ".disabled_for_roles"), keys);
    }

    private static ObjectNode write(IntrospectionOptions options) {
        ArrayNode roles = NODES.arrayNode();
        options.disabledForRoles().forEach(roles::add);
        Map<String, JsonNode> values = new LinkedHashMap<>();
        values.put("disabled_for_roles", roles);
        return OrderedKeys.write(options.keys(), values, options.disabledForRoles().isEmpty()
                ? Set.of("disabled_for_roles") : Set.of(), Map.of());
    }

    public static ObjectNode write(Metadata metadata) {
        return write(metadata, MetadataJson::writeTableEntry);
    }

    /**
     * The document of {@code metadata}, each tracked table's entry as {@code tables} writes it: as
     * {@link #writeTableEntry} would, or already written (a raw value, say) for a table written before.
     */
    public static ObjectNode write(Metadata metadata, Function<TableEntry, JsonNode> tables) {
        ObjectNode root = NODES.objectNode();
        root.put("version", Metadata.VERSION);
        ArrayNode sources = root.putArray("sources");
        metadata.sources().forEach(s -> sources.add(writeSource(s, tables)));
        for (String key : metadata.keys()) {
            root.set(key, switch (key) {
                case Metadata.INHERITED_ROLES -> FunctionJson.writeInheritedRoles(metadata.inheritedRoles());
                case QueryCollection.KEY -> QueryCollection.toJson(metadata.queryCollections());
                case AllowlistEntry.KEY -> AllowlistEntry.toJson(metadata.allowlist());
                case ApiLimits.KEY -> metadata.apiLimits().toJson();
                case IntrospectionOptions.KEY -> write(metadata.introspection());
                default -> ExpressionJson.writeValue(metadata.other().get(key));
            });
        }
        return root;
    }

    public static QualifiedTable readTable(JsonNode json, String path) {
        if (json != null && json.isTextual()) {
            return QualifiedTable.of(json.asText());
        }
        ObjectNode table = object(json, path);
        String schema = table.has("schema") ? text(table.get("schema"), path + ".schema") : QualifiedTable.DEFAULT_SCHEMA;
        return new QualifiedTable(schema, text(table.get("name"), path + ".name"));
    }

    public static ObjectNode writeTable(QualifiedTable table) {
        ObjectNode node = NODES.objectNode();
        node.put("name", table.name());
        node.put("schema", table.schema());
        return node;
    }

    /** Reads the {@code using} clause of a relationship of the given kind. */
    public static RelationshipUsing readUsing(JsonNode json, Relationship.Kind kind, String path) {
        ObjectNode using = object(json, path);
        if (using.has("foreign_key_constraint_on")) {
            return readForeignKey(using.get("foreign_key_constraint_on"), kind, path + ".foreign_key_constraint_on");
        }
        if (using.has("manual_configuration")) {
            String at = path + ".manual_configuration";
            ObjectNode manual = object(using.get("manual_configuration"), at);
            QualifiedTable remote = readTable(manual.get("remote_table"), at + ".remote_table");
            ObjectNode mapping = object(manual.get("column_mapping"), at + ".column_mapping");
            Map<String, String> columns = new LinkedHashMap<>();
            mapping.fields().forEachRemaining(e -> columns.put(e.getKey(),
                    text(e.getValue(), at + ".column_mapping." + e.getKey())));
            if (columns.isEmpty()) {
                throw new MetadataException(at + ".column_mapping", "column_mapping must not be empty");
            }
            JsonNode order = manual.get("insertion_order");
            if (order != null && !order.isNull() && !List.of("before_parent", RelationshipUsing.Manual.AFTER_PARENT)
                    .contains(order.asText())) {
                throw new MetadataException(at + ".insertion_order",
                        "expected \"before_parent\" or \"after_parent\"");
            }
            return new RelationshipUsing.Manual(remote, columns, order == null || order.isNull() ? Optional.empty()
                    : Optional.of(order.asText()));
        }
        throw new MetadataException(path, "expected \"foreign_key_constraint_on\" or \"manual_configuration\"");
    }

    public static ObjectNode writeUsing(RelationshipUsing using) {
        ObjectNode node = NODES.objectNode();
        if (using instanceof RelationshipUsing.ForeignKey fk) {
            if (fk.table().isPresent()) {
                ObjectNode on = node.putObject("foreign_key_constraint_on");
                if (fk.columns().size() == 1) {
                    on.put("column", fk.columns().get(0));
                } else {
                    fk.columns().forEach(on.putArray("columns")::add);
                }
                on.set("table", writeTable(fk.table().get()));
            } else if (fk.columns().size() == 1) {
                node.put("foreign_key_constraint_on", fk.columns().get(0));
            } else {
                fk.columns().forEach(node.putArray("foreign_key_constraint_on")::add);
            }
        } else if (using instanceof RelationshipUsing.Manual manual) {
            ObjectNode config = node.putObject("manual_configuration");
            ObjectNode mapping = config.putObject("column_mapping");
            manual.columnMapping().forEach(mapping::put);
            // Hasura exports the key even when unset, so a folder written from an export keeps its lines.
            config.put("insertion_order", manual.insertionOrder().orElse(null));
            config.set("remote_table", writeTable(manual.remoteTable()));
        } else {
            throw new AssertionError(using);
        }
        return node;
    }

    /** A permission's boolean expression ({@code filter}, {@code check}). */
    public static BoolExpr readBoolExpr(JsonNode json, String path) {
        return ExpressionJson.readExp(json, path);
    }

    public static ObjectNode writeBoolExpr(BoolExpr exp) {
        return ExpressionJson.writeExp(exp);
    }

    public static JsonValue readValue(JsonNode json) {
        return ExpressionJson.readValue(json);
    }

    public static JsonNode writeValue(JsonValue value) {
        return ExpressionJson.writeValue(value);
    }

    /** A table's {@code configuration}. */
    public static TableConfig readTableConfig(JsonNode json, String path) {
        return ConfigJson.read(json, path);
    }

    public static ObjectNode writeTableConfig(TableConfig config) {
        return ConfigJson.write(config);
    }

    /** An entry of a source's {@code functions}. */
    public static TrackedFunction readFunction(JsonNode json, String path) {
        return FunctionJson.read(json, path);
    }

    public static ObjectNode writeFunction(TrackedFunction function) {
        return FunctionJson.write(function);
    }

    /** A tracked function's {@code configuration}. */
    public static TrackedFunction.Configuration readFunctionConfiguration(JsonNode json, String path) {
        return FunctionJson.readConfiguration(json, path);
    }

    public static ObjectNode writeFunctionConfiguration(TrackedFunction.Configuration configuration) {
        return FunctionJson.writeConfiguration(configuration);
    }

    /** A source's {@code configuration}. */
    public static SourceConfig readSourceConfig(JsonNode json, String path) {
        return SourceConfigJson.read(json, path);
    }

    public static ObjectNode writeSourceConfig(SourceConfig config) {
        return SourceConfigJson.write(config);
    }

    /** A source's {@code customization}. */
    public static SourceCustomization readCustomization(JsonNode json, String path) {
        return CustomizationJson.read(json, path);
    }

    /** An entry of {@code inherited_roles}. */
    public static InheritedRole readInheritedRole(JsonNode json, String path) {
        return FunctionJson.readInheritedRole(json, path);
    }

    public static ObjectNode writeInheritedRole(InheritedRole role) {
        return FunctionJson.writeInheritedRole(role);
    }

    /** A computed field's {@code definition}: {@code {function, table_argument, session_argument}}. */
    public static ComputedField.Definition readComputedFieldDefinition(JsonNode json, String path) {
        return ComputedFieldJson.definition(json, path);
    }

    public static ObjectNode writeComputedFieldDefinition(ComputedField.Definition definition) {
        return ComputedFieldJson.definition(definition);
    }

    /** An entry of a table's {@code <kind>_permissions} ({@code {role, permission, comment}}). */
    public static Permission<? extends PermissionRule> readPermission(String kind, JsonNode json, String path) {
        return PermissionJson.readPermission(kind, json, path);
    }

    public static ObjectNode writePermission(Permission<? extends PermissionRule> permission) {
        return PermissionJson.writePermission(permission);
    }

    /** The {@code permission} object of a {@code <kind>} permission. */
    public static PermissionRule readPermissionRule(String kind, JsonNode json, String path) {
        return PermissionJson.readRule(kind, json, path);
    }

    public static ObjectNode writePermissionRule(PermissionRule rule) {
        return PermissionJson.writeRule(rule);
    }

    private static RelationshipUsing readForeignKey(JsonNode on, Relationship.Kind kind, String path) {
        if (on.isTextual()) {
            return new RelationshipUsing.ForeignKey(Optional.empty(), List.of(on.asText()));
        }
        if (on.isArray()) {
            return new RelationshipUsing.ForeignKey(Optional.empty(), strings(on, path));
        }
        ObjectNode remote = object(on, path);
        List<String> columns;
        if (remote.has("columns")) {
            columns = strings(remote.get("columns"), path + ".columns");
        } else if (remote.has("column")) {
            columns = List.of(text(remote.get("column"), path + ".column"));
        } else {
            throw new MetadataException(path, "expected \"column\" or \"columns\"");
        }
        if (columns.isEmpty()) {
            throw new MetadataException(path + ".columns", "columns must not be empty");
        }
        return new RelationshipUsing.ForeignKey(Optional.of(readTable(remote.get("table"), path + ".table")), columns);
    }

    private static Source readSource(JsonNode json, String path) {
        ObjectNode source = object(json, path);
        String name = text(source.get("name"), path + ".name");
        String kind = source.has("kind") ? text(source.get("kind"), path + ".kind") : "postgres";
        List<TableEntry> tables = source.has("tables") ? readTables(source.get("tables"), path + ".tables") : List.of();
        JsonNode config = source.get(Source.CONFIGURATION);
        JsonNode customization = source.get(Source.CUSTOMIZATION);
        Map<String, JsonValue> other = opaque(others(source, SOURCE_KEYS));
        return new Source(name, kind, tables, FunctionJson.readAll(source.get(Source.FUNCTIONS), path + ".functions"),
                config == null || config.isNull() ? Optional.empty()
                        : Optional.of(SourceConfigJson.read(config, path + ".configuration")),
                customization == null || customization.isNull() ? Optional.empty()
                        : Optional.of(CustomizationJson.read(customization, path + ".customization")),
                other, fieldNames(source));
    }

    private static ObjectNode writeSource(Source source, Function<TableEntry, JsonNode> written) {
        ObjectNode node = NODES.objectNode();
        node.put("name", source.name());
        node.put("kind", source.kind());
        ArrayNode tables = node.putArray("tables");
        source.tables().forEach(t -> tables.add(written.apply(t)));
        for (String key : source.keys()) {
            if (key.equals(Source.FUNCTIONS)) {
                node.set(key, FunctionJson.writeAll(source.functions()));
            } else if (key.equals(Source.CONFIGURATION)) {
                node.set(key, SourceConfigJson.write(source.configuration().orElseThrow()));
            } else if (key.equals(Source.CUSTOMIZATION)) {
                node.set(key, CustomizationJson.write(source.customization().orElseThrow()));
            } else {
                node.set(key, ExpressionJson.writeValue(source.other().get(key)));
            }
        }
        return node;
    }

    private static List<TableEntry> readTables(JsonNode json, String path) {
        ArrayNode array = array(json, path);
        List<TableEntry> tables = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String at = path + "[" + i + "]";
            ObjectNode entry = object(array.get(i), at);
            QualifiedTable table = readTable(entry.get("table"), at + ".table");
            List<Relationship> relationships = new ArrayList<>();
            readRelationships(entry, "object_relationships", Relationship.Kind.OBJECT, at, relationships);
            readRelationships(entry, "array_relationships", Relationship.Kind.ARRAY, at, relationships);
            JsonNode config = entry.get("configuration");
            JsonNode isEnum = entry.get("is_enum");
            if (isEnum != null && !isEnum.isNull() && !isEnum.isBoolean()) {
                throw new MetadataException(at + ".is_enum", "expected a boolean, but found " + describe(isEnum));
            }
            tables.add(new TableEntry(table, isEnum == null || isEnum.isNull() ? Optional.empty()
                    : Optional.of(isEnum.booleanValue()), config == null || config.isNull() ? Optional.empty()
                    : Optional.of(ConfigJson.read(config, at + ".configuration")), relationships,
                    ComputedFieldJson.readAll(entry.get("computed_fields"), at + ".computed_fields"),
                    PermissionJson.readTablePermissions(entry, at), opaque(others(entry, TABLE_KEYS))));
        }
        return tables;
    }

    private static void readRelationships(ObjectNode entry, String key, Relationship.Kind kind, String path,
            List<Relationship> into) {
        if (!entry.has(key) || entry.get(key).isNull()) {
            return;
        }
        ArrayNode array = array(entry.get(key), path + "." + key);
        for (int i = 0; i < array.size(); i++) {
            String at = path + "." + key + "[" + i + "]";
            ObjectNode rel = object(array.get(i), at);
            Optional<String> comment = rel.hasNonNull("comment") ? Optional.of(rel.get("comment").asText()) : Optional.empty();
            into.add(new Relationship(text(rel.get("name"), at + ".name"), kind,
                    readUsing(rel.get("using"), kind, at + ".using"), comment));
        }
    }

    /** A tracked table's entry of the document. */
    public static ObjectNode writeTableEntry(TableEntry entry) {
        ObjectNode node = NODES.objectNode();
        node.set("table", writeTable(entry.table()));
        // Hasura's export order: the table's own settings come before its relationships.
        entry.isEnum().ifPresent(e -> node.put("is_enum", e));
        entry.configuration().ifPresent(c -> node.set("configuration", ConfigJson.write(c)));
        writeRelationships(node, "object_relationships", entry.relationships(Relationship.Kind.OBJECT));
        writeRelationships(node, "array_relationships", entry.relationships(Relationship.Kind.ARRAY));
        if (!entry.computedFields().isEmpty()) {
            node.set("computed_fields", ComputedFieldJson.writeAll(entry.computedFields()));
        }
        boolean permissions = false;
        for (Map.Entry<String, JsonValue> e : entry.other().entrySet()) {
            if (!permissions && AFTER_PERMISSIONS.contains(e.getKey())) {
                PermissionJson.writeTablePermissions(node, entry.permissions());
                permissions = true;
            }
            if (!node.has(e.getKey())) {
                node.set(e.getKey(), ExpressionJson.writeValue(e.getValue()));
            }
        }
        if (!permissions) {
            PermissionJson.writeTablePermissions(node, entry.permissions());
        }
        return node;
    }

    private static void writeRelationships(ObjectNode node, String key, List<Relationship> relationships) {
        if (relationships.isEmpty()) {
            return;
        }
        ArrayNode array = node.putArray(key);
        for (Relationship r : relationships) {
            ObjectNode rel = array.addObject();
            rel.put("name", r.name());
            rel.set("using", writeUsing(r.using()));
            r.comment().ifPresent(c -> rel.put("comment", c));
        }
    }

    private static List<String> fieldNames(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Map<String, JsonValue> opaque(Map<String, JsonNode> values) {
        Map<String, JsonValue> out = new LinkedHashMap<>();
        values.forEach((key, value) -> out.put(key, ExpressionJson.readValue(value)));
        return out;
    }

    private static Map<String, JsonNode> others(ObjectNode node, Set<String> known) {
        Map<String, JsonNode> rest = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!known.contains(e.getKey())) {
                rest.put(e.getKey(), e.getValue());
            }
        }
        return rest;
    }

    static ObjectNode object(JsonNode json, String path) {
        if (json instanceof ObjectNode o) {
            return o;
        }
        throw new MetadataException(path, "expected an object, but found " + describe(json));
    }

    static ArrayNode array(JsonNode json, String path) {
        if (json instanceof ArrayNode a) {
            return a;
        }
        throw new MetadataException(path, "expected an array, but found " + describe(json));
    }

    static String text(JsonNode json, String path) {
        if (json != null && json.isTextual()) {
            return json.asText();
        }
        throw new MetadataException(path, "expected a string, but found " + describe(json));
    }

    /** A list of role names, as operations such as {@code set_graphql_schema_introspection_options} take them. */
    public static List<String> readRoles(JsonNode json, String path) {
        return strings(json, path);
    }

    static List<String> strings(JsonNode json, String path) {
        ArrayNode array = array(json, path);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            out.add(text(array.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    static String describe(JsonNode json) {
        if (json == null || json.isMissingNode()) {
            return "nothing (the key is missing)";
        }
        return json.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
