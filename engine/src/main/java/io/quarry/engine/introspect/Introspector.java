package io.quarry.engine.introspect;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;


/**
 * Loads the {@link Catalog} of the database behind a pool, in one query; or, after a first read, only what changed
 * since ({@link Snapshot}): a metadata change on a database of thousands of relations reads the few it needs.
 */
public final class Introspector {
    private static final String CATALOG_SQL = resource("catalog.sql");
    private static final String STAMPS_SQL = resource("stamps.sql");

    private final Pool pool;

    public Introspector(Pool pool) {
        this.pool = pool;
    }

    public Future<Catalog> load() {
        return catalogJson().map(Introspector::read);
    }

    /** The catalog as the database describes it (JSON), to be {@link #read} off the event loop. */
    public Future<String> catalogJson() {
        return pool.withTransaction(Introspector::catalogJson);
    }

    /**
     * The stamps of every relation, with the relations whose columns were written since {@code since} (a previous
     * {@link Stamps#since}; every relation's when null), to be read by {@link Stamps#read} off the event loop.
     */
    public Future<String> stampsText(Long since) {
        return pool.preparedQuery(STAMPS_SQL).execute(Tuple.of(since)).map(rows -> rows.iterator().next().getString(0));
    }

    /** The catalog with only the relations of {@code oids} (with every enum and function), as JSON. */
    public Future<String> catalogJson(List<Long> oids) {
        return pool.withTransaction(conn -> catalogJson(conn, oids.toArray(Long[]::new)));
    }

    /** The catalog as {@code conn} sees it inside its transaction. */
    public static Future<String> catalogJson(SqlConnection conn) {
        return catalogJson(conn, null);
    }

    /**
     * Runs the catalog query with Postgres's JIT compiler off: the planner's estimate grows with the number of
     * relations, and past a few hundred it compiles the query, which takes seconds, for a query that runs in a
     * fraction of that. {@code SET LOCAL} lasts until the {@code RESET}, so a caller's own statements in the same
     * transaction keep their JIT.
     */
    private static Future<String> catalogJson(SqlConnection conn, Long[] oids) {
        return conn.query("SET LOCAL jit = off").execute()
                .compose(v -> conn.preparedQuery(CATALOG_SQL).execute(Tuple.of((Object) oids)))
                .compose(rows -> conn.query("RESET jit").execute().map(v -> rows.iterator().next().getString(0)));
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
