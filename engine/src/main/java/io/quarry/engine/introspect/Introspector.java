package io.quarry.engine.introspect;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;


/** Loads the {@link Catalog} of the database behind a client, in one query. */
public final class Introspector {
    /**
     * The catalog query, with Postgres's JIT compiler off while it runs: the planner's estimate grows with the number
     * of relations, and past a few hundred it compiles the query, which takes seconds, for a query that runs in a
     * fraction of that. {@code SET LOCAL} lasts for the implicit transaction of this one message, or until the
     * {@code RESET} inside a caller's transaction, whose statements keep their JIT.
     */
    private static final String CATALOG_SQL = "SET LOCAL jit = off;\n" + resource("catalog.sql") + ";\nRESET jit";

    private final SqlClient client;

    public Introspector(SqlClient client) {
        this.client = client;
    }

    public Future<Catalog> load() {
        return catalogJson().map(Introspector::read);
    }

    /** The catalog as the database describes it (JSON), to be {@link #read} off the event loop. */
    public Future<String> catalogJson() {
        return catalogJson(client);
    }

    /** The catalog as {@code client} sees it: inside its transaction, when it is a connection in one. */
    public static Future<String> catalogJson(SqlClient client) {
        // The answers of SET, the catalog query and RESET, in that order.
        return client.query(CATALOG_SQL).execute().map(rows -> rows.next().iterator().next().getString(0));
    }

    /** Reads the catalog's JSON; for a large database this takes a while, so callers keep it off the event loop. */
    public static Catalog read(String json) {
        return CatalogReader.read(json);
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
