package io.quarry.engine.metadataapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.engine.error.ApiError;
import io.quarry.engine.error.ErrorCode;
import io.quarry.engine.introspect.Catalog;
import io.quarry.engine.model.ModelBuilder;
import io.quarry.metadata.Metadata;
import io.quarry.metadata.MetadataException;
import io.quarry.metadata.MetadataJson;
import io.quarry.metadata.QualifiedTable;
import io.quarry.metadata.Relationship;
import io.quarry.metadata.RelationshipUsing;
import io.quarry.metadata.Source;
import io.quarry.metadata.TableEntry;
import java.util.Optional;

/** Creating and dropping relationships. */
final class RelationshipCommands {
    private RelationshipCommands() {
    }

    static Metadata create(Metadata metadata, Catalog catalog, Args args, Relationship.Kind kind) {
        Source source = TableCommands.source(metadata, args.source());
        QualifiedTable table = args.table();
        TableEntry entry = TableCommands.tracked(source, table);
        String name = args.text("name");
        JsonNode using = args.get("using");
        if (using == null || using.isNull()) {
            throw Args.missing("using");
        }
        RelationshipUsing parsed;
        try {
            parsed = MetadataJson.readUsing(using, kind, Args.PATH + ".using");
        } catch (MetadataException | IllegalArgumentException e) {
            String path = e instanceof MetadataException m ? m.path() : Args.PATH + ".using";
            throw new ApiError(ErrorCode.PARSE_FAILED, path, e.getMessage());
        }
        if (kind == Relationship.Kind.ARRAY && parsed instanceof RelationshipUsing.ForeignKey fk && fk.table().isEmpty()) {
            throw new ApiError(ErrorCode.PARSE_FAILED, Args.PATH + ".using.foreign_key_constraint_on",
                    "expected an object with \"table\" and \"column\" (or \"columns\")");
        }
        boolean isColumn = catalog.relation(ModelBuilder.pgName(table))
                .flatMap(r -> r.column(name)).isPresent();
        if (isColumn || entry.relationship(name).isPresent()) {
            throw new ApiError(ErrorCode.ALREADY_EXISTS, Args.PATH,
                    "field with name \"" + name + "\" already exists in table \"" + table + "\"");
        }
        JsonNode comment = args.get("comment");
        Relationship rel = new Relationship(name, kind, parsed,
                comment == null || comment.isNull() ? Optional.empty() : Optional.of(comment.asText()));
        return metadata.updateSource(source.name(), s -> s.updateTable(table, t -> t.withRelationship(rel)));
    }

    static Metadata drop(Metadata metadata, Args args) {
        Source source = TableCommands.source(metadata, args.source());
        QualifiedTable table = args.table();
        TableEntry entry = TableCommands.tracked(source, table);
        String name = args.text("relationship");
        if (entry.relationship(name).isEmpty()) {
            throw new ApiError(ErrorCode.NOT_EXISTS, Args.PATH,
                    "relationship \"" + name + "\" does not exist in table \"" + table + "\"");
        }
        return metadata.updateSource(source.name(), s -> s.updateTable(table, t -> t.withoutRelationship(name)));
    }

    /** {@code rename_relationship}: {@code name} becomes {@code new_name}, unless a field of that name exists. */
    static Metadata rename(Metadata metadata, Catalog catalog, Args args) {
        Source source = TableCommands.source(metadata, args.source());
        QualifiedTable table = args.table();
        TableEntry entry = TableCommands.tracked(source, table);
        String name = args.text("name");
        String newName = args.text("new_name");
        Relationship rel = existing(entry, table, name);
        boolean isColumn = catalog.relation(ModelBuilder.pgName(table)).flatMap(r -> r.column(newName)).isPresent();
        if (isColumn || entry.relationship(newName).isPresent()) {
            throw new ApiError(ErrorCode.ALREADY_EXISTS, Args.PATH, "cannot rename relationship \"" + name
                    + "\" to \"" + newName + "\" in table \"" + table
                    + "\" as a column/relationship with the name already exists");
        }
        Relationship renamed = new Relationship(newName, rel.kind(), rel.using(), rel.comment());
        return metadata.updateSource(source.name(), s -> s.updateTable(table, t -> replace(t, name, renamed)));
    }

    /** {@code set_relationship_comment}: sets the comment, or removes it when none is given. */
    static Metadata setComment(Metadata metadata, Args args) {
        Source source = TableCommands.source(metadata, args.source());
        QualifiedTable table = args.table();
        TableEntry entry = TableCommands.tracked(source, table);
        String name = args.text("name");
        Relationship rel = existing(entry, table, name);
        JsonNode comment = args.get("comment");
        Relationship commented = new Relationship(name, rel.kind(), rel.using(),
                comment == null || comment.isNull() ? Optional.empty() : Optional.of(comment.asText()));
        return metadata.updateSource(source.name(), s -> s.updateTable(table, t -> replace(t, name, commented)));
    }

    private static Relationship existing(TableEntry entry, QualifiedTable table, String name) {
        return entry.relationship(name).orElseThrow(() -> new ApiError(ErrorCode.NOT_EXISTS, Args.PATH,
                "relationship \"" + name + "\" does not exist in table \"" + table + "\""));
    }

    /** The entry with one relationship replaced in its place, so that an export keeps the order. */
    private static TableEntry replace(TableEntry entry, String name, Relationship with) {
        return entry.withRelationships(entry.relationships().stream()
                .map(r -> r.name().equals(name) ? with : r).toList());
    }
}
