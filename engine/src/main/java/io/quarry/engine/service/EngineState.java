package io.quarry.engine.service;

import io.quarry.engine.introspect.Catalog;
import io.quarry.engine.introspect.EnumValue;
import io.quarry.engine.introspect.PgName;
import io.quarry.engine.model.Model;
import io.quarry.engine.model.ModelBuilder;
import io.quarry.engine.request.OperationPreparer;
import io.quarry.engine.schema.SchemaBuilder;
import io.quarry.engine.sql.SqlStatement;
import io.quarry.metadata.Metadata;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything derived from one metadata version: built once when metadata or catalog change, then only read.
 * The statement cache memoizes the SQL of requests without variables, the common case for repeated queries.
 */
public record EngineState(Metadata metadata, int resourceVersion, Catalog catalog, Model model,
        OperationPreparer admin, Map<String, SqlStatement> statements) {
    private static final int STATEMENT_CACHE_SIZE = 512;

    public EngineState {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(statements, "statements");
    }

    public static EngineState build(Metadata metadata, int resourceVersion, Catalog catalog,
            Map<PgName, List<EnumValue>> enumValues) {
        Model model = ModelBuilder.build(metadata, catalog, enumValues);
        return new EngineState(metadata, resourceVersion, catalog, model,
                new OperationPreparer(SchemaBuilder.admin(model)), lru());
    }

    private static Map<String, SqlStatement> lru() {
        return Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, SqlStatement> eldest) {
                return size() > STATEMENT_CACHE_SIZE;
            }
        });
    }
}
