package io.quarry.engine.metadataapi;

import io.quarry.engine.introspect.Catalog;
import io.quarry.engine.introspect.PgName;
import io.quarry.engine.model.ModelBuilder;
import io.quarry.metadata.Metadata;
import io.quarry.metadata.Source;
import io.quarry.metadata.TableEntry;
import io.quarry.metadata.TrackedFunction;
import java.util.List;

/**
 * What {@code run_sql} did to the tracked objects, as Hasura applies it: tracked tables and functions the SQL dropped
 * leave the metadata with their own permissions and relationships; other metadata that depended on what was dropped
 * (relationships of other tables, permissions naming a dropped column, ...) refuses the SQL with a
 * {@code dependency-error}, unless {@code cascade} asks for it to be removed too. Tables and columns the SQL renamed
 * are followed (see {@link Renames}), not treated as dropped.
 */
public final class SchemaChanges {
    private SchemaChanges() {
    }

    /** The metadata after SQL that changed the catalog from {@code before} to {@code after}. */
    public static Metadata afterSql(Metadata metadata, Catalog before, Catalog after, boolean cascade) {
        Metadata renamed = Renames.follow(metadata, before, after);
        Metadata next = withoutDropped(renamed, before, after);
        return Dependents.resolve(metadata, before, next, after, cascade);
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
            List<TrackedFunction> kept = source.functions().stream().filter(f -> {
                PgName pg = ModelBuilder.pgName(f.function());
                return before.functions(pg).isEmpty() || !after.functions(pg).isEmpty();
            }).toList();
            if (kept.size() != source.functions().size()) {
                next = next.updateSource(source.name(), s -> s.withFunctions(kept));
            }
        }
        return next;
    }

}
