package io.quarry.engine.metadataapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.engine.error.ApiError;
import io.quarry.engine.error.ErrorCode;
import io.quarry.engine.introspect.Catalog;
import io.quarry.engine.model.Inconsistency;
import io.quarry.engine.model.ModelBuilder;
import io.quarry.metadata.JsonValue;
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
 * The metadata that depended on something removed (a table, a column, a relationship, a computed field): found as
 * what the removal made inconsistent, it refuses the removal with Hasura's {@code dependency-error}, or, with
 * {@code cascade}, goes too. Removing a dependent can leave another depending on nothing (a permission through a
 * removed relationship), so removal repeats until nothing new is inconsistent.
 */
final class Dependents {
    private static final int MAX_ROUNDS = 16;

    private Dependents() {
    }

    /**
     * {@code after} (the metadata with something removed, resolved against {@code catalog}) with its new
     * inconsistencies, compared with {@code before} resolved against {@code beforeCatalog}, refused or removed.
     */
    static Metadata resolve(Metadata before, Catalog beforeCatalog, Metadata after, Catalog catalog, boolean cascade) {
        return resolve(before, beforeCatalog, after, catalog, cascade, i -> false);
    }

    /** The same, with the dependents {@code goingAnyway} removed even without {@code cascade}. */
    static Metadata resolve(Metadata before, Catalog beforeCatalog, Metadata after, Catalog catalog, boolean cascade,
            java.util.function.Predicate<Inconsistency> goingAnyway) {
        Set<String> known = names(before, beforeCatalog);
        List<Inconsistency> added = added(after, catalog, known);
        if (added.isEmpty()) {
            return after;
        }
        if (!cascade && !added.stream().allMatch(goingAnyway)) {
            added = added.stream().filter(goingAnyway.negate()).toList();
            Set<String> objects = new TreeSet<>();
            added.forEach(i -> objects.add(report(i)));
            throw new ApiError(ErrorCode.DEPENDENCY_ERROR, "$",
                    "cannot drop due to the following dependent objects : " + String.join(", ", objects));
        }
        Metadata next = after;
        for (int round = 0; round < MAX_ROUNDS && !added.isEmpty(); round++) {
            for (Inconsistency i : added) {
                next = remove(next, i);
            }
            added = added(next, catalog, known);
        }
        return next;
    }

    /** {@code drop_inconsistent_metadata}: the metadata without every object the database cannot back. */
    static Metadata withoutInconsistent(Metadata metadata, Catalog catalog) {
        Metadata next = metadata;
        List<Inconsistency> found = ModelBuilder.build(next, catalog).inconsistencies();
        for (int round = 0; round < MAX_ROUNDS && !found.isEmpty(); round++) {
            for (Inconsistency i : found) {
                next = remove(next, i);
            }
            found = ModelBuilder.build(next, catalog).inconsistencies();
        }
        return next;
    }

    private static Set<String> names(Metadata metadata, Catalog catalog) {
        return ModelBuilder.build(metadata, catalog).inconsistencies().stream().map(Inconsistency::name)
                .collect(Collectors.toSet());
    }

    private static List<Inconsistency> added(Metadata metadata, Catalog catalog, Set<String> known) {
        return ModelBuilder.build(metadata, catalog).inconsistencies().stream()
                .filter(i -> !known.contains(i.name())).toList();
    }

    /** How Hasura names a dependent object: {@code permission author.user.select in source "default"}. */
    static String report(Inconsistency i) {
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
    static Metadata remove(Metadata metadata, Inconsistency i) {
        JsonNode d = i.definition();
        String type = i.type();
        String source = d.path("source").asText(served(metadata));
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
            return metadata.updateSource(source, s -> s.updateTable(table,
                    t -> withoutItem(t, "computed_fields", "name", d.path("name").asText())));
        }
        if (type.equals("function")) {
            QualifiedTable name = MetadataJson.readTable(d.has("function") ? d.get("function") : d, "$");
            return metadata.updateSource(source, s -> s.withFunctions(s.functions().stream()
                    .filter(f -> !f.function().equals(name)).toList()));
        }
        if (type.equals("table")) {
            QualifiedTable table = MetadataJson.readTable(d, "$");
            return metadata.updateSource(source, s -> s.withoutTable(table));
        }
        if (type.equals("inherited_role")) {
            String name = d.path("role_name").asText();
            return metadata.withInheritedRoles(metadata.inheritedRoles().stream()
                    .filter(r -> !r.roleName().equals(name)).toList());
        }
        if (type.equals("source")) {
            String name = d.path("name").asText();
            return metadata.withSources(metadata.sources().stream().filter(s -> !s.name().equals(name)).toList());
        }
        return metadata;
    }

    /** The source an object without a {@code source} in its definition belongs to: the one served. */
    private static String served(Metadata metadata) {
        return metadata.sources().isEmpty() ? Source.DEFAULT : metadata.sources().get(0).name();
    }

    static TableEntry withoutItem(TableEntry entry, String key, String field, String value) {
        if (key.equals("computed_fields")) {
            return entry.withComputedFields(entry.computedFields().stream().filter(f -> !f.name().equals(value)).toList());
        }
        if (key.endsWith("_permissions")) {
            return entry.withPermissions(entry.permissions().without(key.substring(0, key.indexOf('_')), value));
        }
        if (!(entry.other().get(key) instanceof JsonValue.Arr items)) {
            return entry;
        }
        List<JsonValue> kept = items.items().stream().filter(item -> !(item instanceof JsonValue.Obj o
                && o.fields().get(field) instanceof JsonValue.Str s && s.value().equals(value))).toList();
        Map<String, JsonValue> other = new LinkedHashMap<>(entry.other());
        if (kept.isEmpty()) {
            other.remove(key);
        } else {
            other.put(key, new JsonValue.Arr(kept));
        }
        return entry.withOther(other);
    }
}
