package io.quarry.engine.metadataapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.quarry.engine.error.ApiError;
import io.quarry.engine.error.ErrorCode;
import io.quarry.engine.introspect.Catalog;
import io.quarry.engine.introspect.PgName;
import io.quarry.engine.model.Inconsistency;
import io.quarry.engine.model.ModelBuilder;
import io.quarry.metadata.Metadata;
import io.quarry.metadata.MetadataJson;
import io.quarry.metadata.QualifiedTable;
import io.quarry.metadata.Source;
import io.quarry.metadata.TableEntry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What {@code run_sql} did to the tracked objects, as Hasura applies it: tracked tables and functions the SQL dropped
 * leave the metadata with their own permissions and relationships; other metadata that depended on what was dropped
 * (relationships of other tables, permissions naming a dropped column, ...) refuses the SQL with a
 * {@code dependency-error}, unless {@code cascade} asks for it to be removed too.
 */
public final class SchemaChanges {
    /** Removing a dependent can make another depend on nothing (a permission through a removed relationship). */
    private static final int MAX_ROUNDS = 16;

    private SchemaChanges() {
    }

    /** The metadata after SQL that changed the catalog from {@code before} to {@code after}. */
    public static Metadata afterSql(Metadata metadata, Catalog before, Catalog after, boolean cascade) {
        Metadata next = withoutDropped(metadata, before, after);
        Set<String> known = ModelBuilder.build(metadata, before).inconsistencies().stream()
                .map(Inconsistency::name).collect(Collectors.toSet());
        List<Inconsistency> added = added(next, after, known);
        if (added.isEmpty()) {
            return next;
        }
        if (!cascade) {
            Set<String> objects = new TreeSet<>();
            added.forEach(i -> objects.add(report(i)));
            throw new ApiError(ErrorCode.DEPENDENCY_ERROR, "$",
                    "cannot drop due to the following dependent objects : " + String.join(", ", objects));
        }
        for (int round = 0; round < MAX_ROUNDS && !added.isEmpty(); round++) {
            for (Inconsistency i : added) {
                next = remove(next, i);
            }
            added = added(next, after, known);
        }
        return next;
    }

    private static List<Inconsistency> added(Metadata metadata, Catalog catalog, Set<String> known) {
        return ModelBuilder.build(metadata, catalog).inconsistencies().stream()
                .filter(i -> !known.contains(i.name())).toList();
    }

    /** The metadata without the tracked tables and functions that existed before and do not after. */
    private static Metadata withoutDropped(Metadata metadata, Catalog before, Catalog after) {
        Metadata next = metadata;
        for (Source source : metadata.sources()) {
            for (TableEntry entry : source.tables()) {
                PgName name = ModelBuilder.pgName(entry.table());
                if (before.relation(name).isPresent() && after.relation(name).isEmpty()) {
                    next = next.updateSource(source.name(), s -> s.withoutTable(entry.table()));
                }
            }
            if (source.other().get("functions") instanceof ArrayNode functions) {
                ArrayNode kept = functions.arrayNode();
                for (JsonNode function : functions) {
                    QualifiedTable name = MetadataJson.readTable(function.get("function"), "$.function");
                    PgName pg = ModelBuilder.pgName(name);
                    if (before.functions(pg).isEmpty() || !after.functions(pg).isEmpty()) {
                        kept.add(function);
                    }
                }
                if (kept.size() != functions.size()) {
                    next = next.updateSource(source.name(), s -> withOther(s, "functions", kept));
                }
            }
        }
        return next;
    }

    /** How Hasura names a dependent object: {@code permission author.user.select in source "default"}. */
    private static String report(Inconsistency i) {
        JsonNode d = i.definition();
        String source = " in source \"" + d.path("source").asText(Source.DEFAULT) + "\"";
        String type = i.type();
        if (type.endsWith("_permission")) {
            return "permission " + table(d) + "." + d.path("role").asText() + "."
                    + type.substring(0, type.length() - "_permission".length()) + source;
        }
        if (type.endsWith("_relation")) {
            return "relationship " + table(d) + "." + d.path("name").asText() + source;
        }
        if (type.equals("computed_field")) {
            return "computed field " + table(d) + "." + d.path("name").asText() + source;
        }
        return i.name();
    }

    private static String table(JsonNode definition) {
        return MetadataJson.readTable(definition.get("table"), "$.table").toString();
    }

    /** The metadata without the object an inconsistency is about. */
    private static Metadata remove(Metadata metadata, Inconsistency i) {
        JsonNode d = i.definition();
        String type = i.type();
        String source = d.path("source").asText(Source.DEFAULT);
        if (type.endsWith("_permission")) {
            String key = type.substring(0, type.length() - "_permission".length()) + "_permissions";
            String role = d.path("role").asText();
            QualifiedTable table = MetadataJson.readTable(d.get("table"), "$.table");
            return metadata.updateSource(source, s -> s.updateTable(table, t -> withoutItem(t, key, "role", role)));
        }
        if (type.endsWith("_relation")) {
            QualifiedTable table = MetadataJson.readTable(d.get("table"), "$.table");
            return metadata.updateSource(source, s -> s.updateTable(table, t -> t.withoutRelationship(
                    d.path("name").asText())));
        }
        if (type.equals("computed_field")) {
            QualifiedTable table = MetadataJson.readTable(d.get("table"), "$.table");
            return metadata.updateSource(Source.DEFAULT, s -> s.updateTable(table,
                    t -> withoutItem(t, "computed_fields", "name", d.path("name").asText())));
        }
        if (type.equals("function")) {
            QualifiedTable name = MetadataJson.readTable(d, "$");
            return metadata.updateSource(Source.DEFAULT, s -> {
                if (!(s.other().get("functions") instanceof ArrayNode functions)) {
                    return s;
                }
                ArrayNode kept = functions.arrayNode();
                functions.forEach(f -> {
                    if (!MetadataJson.readTable(f.get("function"), "$.function").equals(name)) {
                        kept.add(f);
                    }
                });
                return withOther(s, "functions", kept);
            });
        }
        if (type.equals("table")) {
            QualifiedTable table = MetadataJson.readTable(d, "$");
            return metadata.updateSource(Source.DEFAULT, s -> s.withoutTable(table));
        }
        return metadata;
    }

    private static TableEntry withoutItem(TableEntry entry, String key, String field, String value) {
        if (!(entry.other().get(key) instanceof ArrayNode items)) {
            return entry;
        }
        ArrayNode kept = items.arrayNode();
        items.forEach(item -> {
            if (!value.equals(item.path(field).asText())) {
                kept.add(item);
            }
        });
        Map<String, JsonNode> other = new LinkedHashMap<>(entry.other());
        if (kept.isEmpty()) {
            other.remove(key);
        } else {
            other.put(key, kept);
        }
        return new TableEntry(entry.table(), entry.relationships(), other);
    }

    private static Source withOther(Source source, String key, ArrayNode value) {
        Map<String, JsonNode> other = new LinkedHashMap<>(source.other());
        if (value.isEmpty()) {
            other.remove(key);
        } else {
            other.put(key, value);
        }
        return new Source(source.name(), source.kind(), source.tables(), other);
    }
}
