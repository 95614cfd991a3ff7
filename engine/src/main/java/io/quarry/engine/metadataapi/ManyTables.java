package io.quarry.engine.metadataapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarry.engine.error.ApiError;
import io.quarry.engine.error.ErrorCode;
import io.quarry.engine.introspect.Catalog;
import io.quarry.engine.model.Inconsistency;
import io.quarry.engine.model.Model;
import io.quarry.engine.model.ModelBuilder;
import io.quarry.metadata.Metadata;
import io.quarry.metadata.QualifiedTable;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code pg_track_tables} and {@code pg_untrack_tables}: each table is tracked (untracked) on its own; one that
 * cannot be becomes a warning in the answer ({@code {"message":"success","warnings":[...]}}) and the others go ahead.
 * With {@code allow_warnings: false} any warning fails the whole request; when every table fails, so does it.
 */
final class ManyTables {
    private ManyTables() {
    }

    static MetadataCommands.Result track(Metadata metadata, Catalog catalog, Args args) {
        ArrayNode tables = tables(args);
        // Warnings by the table's place in the request, so that they are answered in its order.
        Map<Integer, ObjectNode> warnings = new TreeMap<>();
        Map<String, Integer> placed = new LinkedHashMap<>();
        Metadata current = metadata;
        for (int i = 0; i < tables.size(); i++) {
            Args one = new Args(tables.get(i));
            try {
                current = TableCommands.track(current, catalog, one);
                placed.put(tableObject(one), i);
            } catch (ApiError e) {
                warnings.put(i, warning("track-table-failed", one, e.getMessage()));
            }
        }
        // One resolution for all of them: a table that cannot be served (a name GraphQL cannot spell, say) is left
        // untracked. A table just tracked has no relationships or permissions yet, so what it adds is about itself.
        Model resolved = ModelBuilder.build(current, catalog);
        List<Inconsistency> now = resolved.inconsistencies();
        Metadata resolvedFor = current;
        Set<String> known = now.isEmpty() ? Set.of() : inconsistencies(metadata, catalog);
        for (Inconsistency added : now) {
            Integer i = placed.remove(added.name());
            if (i != null && !known.contains(added.name())) {
                Args one = new Args(tables.get(i));
                current = current.updateSource(one.source(), s -> s.withoutTable(one.table()));
                warnings.put(i, warning("track-table-failed", one, added.reason()));
            }
        }
        ArrayNode answered = MetadataCommands.NODES.arrayNode();
        warnings.values().forEach(answered::add);
        return answer(current, answered, tables.size() - warnings.size(), "all tables failed to track", args,
                current == resolvedFor ? Optional.of(resolved) : Optional.empty());
    }

    /** How an inconsistency names a table. */
    private static String tableObject(Args table) {
        return "table " + table.table() + " in source " + table.source();
    }

    static MetadataCommands.Result untrack(Metadata metadata, Catalog catalog, Args args) {
        ArrayNode tables = tables(args);
        ArrayNode warnings = MetadataCommands.NODES.arrayNode();
        // Relationships between tables untracked together do not hold any of them back.
        Set<QualifiedTable> going = new LinkedHashSet<>();
        for (JsonNode item : tables) {
            going.add(new Args(item).table());
        }
        Metadata current = metadata;
        int untracked = 0;
        for (JsonNode item : tables) {
            Args one = new Args(item);
            try {
                current = TableCommands.untrack(current, catalog, one, going);
                untracked++;
            } catch (ApiError e) {
                String message = e.getMessage().replace("dependent objects : ", "dependent objects: ");
                warnings.add(warning("untrack-table-failed", one, message));
            }
        }
        return answer(current, warnings, untracked, "all tables failed to untrack", args, Optional.empty());
    }

    /** {@code model}: the metadata resolved, when it was. */
    private static MetadataCommands.Result answer(Metadata metadata, ArrayNode warnings, int done, String allFailed,
            Args args, Optional<Model> model) {
        if (done == 0) {
            throw new ApiError(ErrorCode.INVALID_CONFIGURATION, Args.PATH, allFailed);
        }
        JsonNode allow = args.get("allow_warnings");
        if (!warnings.isEmpty() && allow != null && allow.isBoolean() && !allow.asBoolean()) {
            throw new ApiError(ErrorCode.METADATA_WARNINGS, Args.PATH, "failed due to metadata warnings");
        }
        ObjectNode response = MetadataCommands.success();
        if (!warnings.isEmpty()) {
            response.set("warnings", warnings);
        }
        return new MetadataCommands.Result(metadata, response, true, false, model);
    }

    /** The {@code tables} of the request; a table named twice is refused before anything is done. */
    private static ArrayNode tables(Args args) {
        JsonNode tables = args.get("tables");
        if (tables == null || tables.isNull()) {
            throw Args.missing("tables");
        }
        if (!(tables instanceof ArrayNode array)) {
            throw new ApiError(ErrorCode.PARSE_FAILED, Args.PATH + ".tables", "expected an array");
        }
        Set<String> seen = new LinkedHashSet<>();
        Set<String> twice = new TreeSet<>();
        for (JsonNode item : array) {
            Args one = new Args(item);
            String key = one.source() + "." + one.table();
            if (!seen.add(key)) {
                twice.add(key);
            }
        }
        if (!twice.isEmpty()) {
            throw new ApiError(ErrorCode.BAD_REQUEST, Args.PATH + ".tables",
                    "The following tables occur more than once in the request: " + String.join(", ", twice));
        }
        return array;
    }

    /** A warning as Hasura reports one: {@code {message, type, name, code}}. */
    private static ObjectNode warning(String code, Args table, String message) {
        return MetadataCommands.NODES.objectNode().put("message", message).put("type", "table")
                .put("name", tableObject(table)).put("code", code);
    }

    private static Set<String> inconsistencies(Metadata metadata, Catalog catalog) {
        return ModelBuilder.build(metadata, catalog).inconsistencies().stream().map(Inconsistency::name)
                .collect(Collectors.toSet());
    }
}
