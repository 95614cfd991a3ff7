package io.quarry.engine.metadataapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.engine.error.ApiError;
import io.quarry.engine.error.ErrorCode;
import io.quarry.engine.introspect.Catalog;
import io.quarry.engine.model.ModelBuilder;
import io.quarry.engine.model.RelationshipInfo;
import io.quarry.engine.model.TableInfo;
import io.quarry.metadata.Metadata;
import io.quarry.metadata.QualifiedTable;
import io.quarry.metadata.Source;
import io.quarry.metadata.TableEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Tracking and untracking tables. */
final class TableCommands {
    private TableCommands() {
    }

    static Metadata track(Metadata metadata, Catalog catalog, Args args) {
        Source source = source(metadata, args.source());
        QualifiedTable table = args.table();
        if (source.table(table).isPresent()) {
            throw new ApiError(ErrorCode.ALREADY_TRACKED, Args.PATH,
                    "view/table already tracked: \"" + table + "\"");
        }
        if (catalog.relation(ModelBuilder.pgName(table)).isEmpty()) {
            throw new ApiError(ErrorCode.NOT_EXISTS, Args.PATH,
                    "no such table/view exists in source: \"" + table + "\"");
        }
        Map<String, JsonNode> other = new LinkedHashMap<>();
        for (String key : java.util.List.of("configuration", "is_enum")) {
            JsonNode value = args.get(key);
            if (value != null && !value.isNull() && !(value.isBoolean() && !value.asBoolean())) {
                other.put(key, value);
            }
        }
        return metadata.updateSource(source.name(), s -> s.withTable(new TableEntry(table, List.of(), other)));
    }

    static Metadata untrack(Metadata metadata, Catalog catalog, Args args) {
        Source source = source(metadata, args.source());
        QualifiedTable table = args.table();
        if (source.table(table).isEmpty()) {
            throw new ApiError(ErrorCode.ALREADY_UNTRACKED, Args.PATH,
                    "view/table already untracked: \"" + table + "\"");
        }
        // Relationships of other tables that lead here, as resolved against the database.
        Map<QualifiedTable, List<String>> dependents = new LinkedHashMap<>();
        for (TableInfo info : ModelBuilder.build(metadata, catalog).tables().values()) {
            for (RelationshipInfo rel : info.relationships()) {
                if (rel.target().equals(table) && !info.name().equals(table)) {
                    dependents.computeIfAbsent(info.name(), t -> new ArrayList<>()).add(rel.name());
                }
            }
        }
        if (!dependents.isEmpty() && !args.flag("cascade")) {
            List<String> names = new ArrayList<>();
            dependents.forEach((t, rels) -> rels.forEach(r -> names.add("relationship " + t + "." + r)));
            throw new ApiError(ErrorCode.DEPENDENCY_ERROR, "$.args",
                    "cannot drop due to the following dependent objects : " + String.join(", ", names));
        }
        return metadata.updateSource(source.name(), s -> {
            Source without = s.withoutTable(table);
            for (Map.Entry<QualifiedTable, List<String>> e : dependents.entrySet()) {
                for (String rel : e.getValue()) {
                    without = without.updateTable(e.getKey(), t -> t.withoutRelationship(rel));
                }
            }
            return without;
        });
    }

    static Source source(Metadata metadata, String name) {
        return metadata.source(name).orElseThrow(() -> new ApiError(ErrorCode.NOT_EXISTS, Args.PATH,
                "source with name \"" + name + "\" does not exist"));
    }

    static TableEntry tracked(Source source, QualifiedTable table) {
        return source.table(table).orElseThrow(() -> new ApiError(ErrorCode.NOT_EXISTS, Args.PATH,
                "table \"" + table + "\" does not exist in source: " + source.name()));
    }
}
