package io.quarry.engine.metadataapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.engine.error.ApiError;
import io.quarry.engine.error.ErrorCode;
import io.quarry.engine.introspect.Catalog;
import io.quarry.engine.model.ModelBuilder;
import io.quarry.metadata.Metadata;
import io.quarry.metadata.QualifiedTable;
import io.quarry.metadata.Relationship;
import io.quarry.metadata.RelationshipUsing;
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
            throw new ApiError(ErrorCode.ALREADY_TRACKED, Args.PATH + ".table",
                    "view/table already tracked: \"" + table + "\"");
        }
        if (catalog.relation(ModelBuilder.pgName(table)).isEmpty()) {
            throw new ApiError(ErrorCode.NOT_EXISTS, Args.PATH + ".table",
                    "no such table/view exists in source: \"" + table + "\"");
        }
        Map<String, JsonNode> other = new LinkedHashMap<>();
        JsonNode configuration = args.get("configuration");
        if (configuration != null && !configuration.isNull()) {
            other.put("configuration", configuration);
        }
        return metadata.updateSource(source.name(), s -> s.withTable(new TableEntry(table, List.of(), other)));
    }

    static Metadata untrack(Metadata metadata, Args args) {
        Source source = source(metadata, args.source());
        QualifiedTable table = args.table();
        if (source.table(table).isEmpty()) {
            throw new ApiError(ErrorCode.ALREADY_UNTRACKED, Args.PATH + ".table",
                    "view/table already untracked: \"" + table + "\"");
        }
        List<String> dependents = new ArrayList<>();
        for (TableEntry entry : source.tables()) {
            if (entry.table().equals(table)) {
                continue;
            }
            for (Relationship rel : entry.relationships()) {
                if (target(rel).map(table::equals).orElse(false)) {
                    dependents.add("relationship " + entry.table() + "." + rel.name());
                }
            }
        }
        boolean cascade = args.flag("cascade");
        if (!dependents.isEmpty() && !cascade) {
            throw new ApiError(ErrorCode.DEPENDENCY_ERROR, "$.args",
                    "cannot drop due to the following dependent objects : " + String.join(", ", dependents));
        }
        return metadata.updateSource(source.name(), s -> {
            Source without = s.withoutTable(table);
            List<TableEntry> kept = new ArrayList<>();
            for (TableEntry entry : without.tables()) {
                List<Relationship> rels = entry.relationships().stream()
                        .filter(r -> !target(r).map(table::equals).orElse(false)).toList();
                kept.add(new TableEntry(entry.table(), rels, entry.other()));
            }
            return new Source(s.name(), s.kind(), kept, s.other());
        });
    }

    /** The remote table a relationship names in metadata, where it names one. */
    private static java.util.Optional<QualifiedTable> target(Relationship rel) {
        if (rel.using() instanceof RelationshipUsing.ForeignKey fk) {
            return fk.table();
        }
        if (rel.using() instanceof RelationshipUsing.Manual manual) {
            return java.util.Optional.of(manual.remoteTable());
        }
        return java.util.Optional.empty();
    }

    static Source source(Metadata metadata, String name) {
        return metadata.source(name).orElseThrow(() -> new ApiError(ErrorCode.NOT_EXISTS, Args.PATH + ".source",
                "source with name \"" + name + "\" does not exist"));
    }

    static TableEntry tracked(Source source, QualifiedTable table) {
        return source.table(table).orElseThrow(() -> new ApiError(ErrorCode.NOT_EXISTS, Args.PATH + ".table",
                "table \"" + table + "\" does not exist in source: " + source.name()));
    }
}
