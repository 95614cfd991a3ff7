package io.quarry.engine.introspect;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;


/** Loads the {@link Catalog} of the database behind a client, in one query. */
public final class Introspector {
    private static final String CATALOG_SQL = resource("catalog.sql");

    private final SqlClient client;

    public Introspector(SqlClient client) {
        this.client = client;
    }

    public Future<Catalog> load() {
        return client.query(CATALOG_SQL).execute()
                .map(rows -> CatalogReader.read(rows.iterator().next().getString(0)));
    }

    private static String resource(String name) {
        try (InputStream in = Introspector.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
