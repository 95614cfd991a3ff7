package io.quarry.engine.store;

import io.quarry.engine.error.ApiError;
import io.quarry.engine.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowIterator;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;

/**
 * Reads and writes the metadata document and its resource version. Each write tells the other engines on the database
 * on {@link MetadataChannel}, in the statement that writes: Postgres delivers the notice when the write commits and
 * never when it fails.
 */
public final class MetadataStore {
    /** Serializes catalog setup between engines starting at once on one database. */
    private static final long SETUP_LOCK = 0x71756172727931L;
    /** Selected from the written row: the notice with the new version and this engine's id (its {@code $n}). */
    private static final String NOTIFY = "SELECT resource_version, pg_notify('" + MetadataChannel.NAME + "', "
            + "json_build_object('resource_version', resource_version, 'instance_id', $%d::text)::text)::text ";

    /** The stored document (JSON text) and its version. */
    public record Stored(String json, int resourceVersion) {
    }

    private final Pool pool;
    private final String instanceId;

    /** {@code instanceId} names this engine in its notices, so that it can tell its own from the others'. */
    public MetadataStore(Pool pool, String instanceId) {
        this.pool = pool;
        this.instanceId = instanceId;
    }

    public Future<Void> setup() {
        return pool.withTransaction(conn -> conn.query("SET LOCAL client_min_messages = warning").execute()
                .compose(r -> conn.query("SELECT pg_advisory_xact_lock(" + SETUP_LOCK + ")").execute())
                .compose(r -> conn.query("CREATE SCHEMA IF NOT EXISTS hdb_catalog").execute())
                .compose(r -> conn.query("CREATE TABLE IF NOT EXISTS hdb_catalog.hdb_metadata ("
                        + "id integer PRIMARY KEY, metadata json NOT NULL, "
                        + "resource_version integer NOT NULL DEFAULT 1 UNIQUE)").execute())
                .mapEmpty());
    }

    public Future<Optional<Stored>> load() {
        return pool.query("SELECT metadata::text, resource_version FROM hdb_catalog.hdb_metadata WHERE id = 1")
                .execute().map(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    if (!it.hasNext()) {
                        return Optional.empty();
                    }
                    Row row = it.next();
                    return Optional.of(new Stored(row.getString(0), row.getInteger(1)));
                });
    }

    /** The current resource version, 0 when nothing is stored yet. */
    public Future<Integer> version() {
        return pool.query("SELECT coalesce(max(resource_version), 0) FROM hdb_catalog.hdb_metadata WHERE id = 1")
                .execute().map(rows -> rows.iterator().next().getInteger(0));
    }

    /**
     * Writes {@code json} if the stored version is still {@code expectedVersion} (0: nothing stored) and returns the
     * new version; fails with {@code conflict} if another writer came first.
     */
    public Future<Integer> save(String json, int expectedVersion) {
        return write(json, expectedVersion).recover(e -> {
            if (!isMissing(e)) {
                return Future.failedFuture(e);
            }
            // The catalog schema or table was dropped under the running engine (or the database recreated): set it
            // up again and store the whole document, which holds everything the dropped one did and this change.
            return setup().compose(v -> write(json, 0));
        });
    }

    /**
     * Whether a failure says the store itself is gone: {@code hdb_catalog} or its table dropped
     * ({@code 3F000} invalid_schema_name, {@code 42P01} undefined_table).
     */
    public static boolean isMissing(Throwable e) {
        return e instanceof PgException pg && ("42P01".equals(pg.getSqlState()) || "3F000".equals(pg.getSqlState()));
    }

    /**
     * Gives the stored metadata a new version without changing it, for a change the document does not show (the
     * database's schema changed, a reload was asked for): every engine reads metadata and catalog again. Returns the
     * new version, or empty when nothing is stored yet.
     */
    public Future<Optional<Integer>> bump() {
        return pool.preparedQuery("WITH bumped AS (UPDATE hdb_catalog.hdb_metadata "
                        + "SET resource_version = resource_version + 1 WHERE id = 1 RETURNING resource_version) "
                        + NOTIFY.formatted(1) + "FROM bumped")
                .execute(Tuple.of(instanceId))
                .map(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    return it.hasNext() ? Optional.of(it.next().getInteger(0)) : Optional.empty();
                });
    }

    private Future<Integer> write(String json, int expectedVersion) {
        return pool.preparedQuery("WITH saved AS (INSERT INTO hdb_catalog.hdb_metadata AS m "
                        + "(id, metadata, resource_version) VALUES (1, $1::text::json, 1) ON CONFLICT (id) DO UPDATE "
                        + "SET metadata = EXCLUDED.metadata, resource_version = m.resource_version + 1 "
                        + "WHERE m.resource_version = $2 RETURNING resource_version) "
                        + NOTIFY.formatted(3) + "FROM saved")
                .execute(Tuple.of(json, expectedVersion, instanceId))
                .compose(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    if (!it.hasNext()) {
                        return Future.failedFuture(new ApiError(ErrorCode.CONFLICT, "$",
                                "metadata was changed by another request; retry with the current resource_version"));
                    }
                    return Future.succeededFuture(it.next().getInteger(0));
                });
    }
}
