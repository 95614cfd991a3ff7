package io.quarry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.engine.config.EngineConfig;
import io.quarry.engine.log.JsonLog;
import io.quarry.engine.service.EngineState;
import io.quarry.engine.store.MetadataChannel;
import io.quarry.engine.testing.TestDatabase;
import io.quarry.engine.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two engines on one database, the poll off: what is changed through one is served by the other within a second,
 * through Postgres notices alone; a notice lost while the other's listener was away is recovered when it reconnects.
 */
class MetadataSyncIT {
    private static final Duration WITHIN = Duration.ofSeconds(1);
    private static final String TRACK_AUTHOR = "{\"type\":\"pg_track_table\",\"args\":{\"table\":"
            + "{\"schema\":\"public\",\"name\":\"author\"}}}";
    private static TestDatabase db;

    private TestServer a;
    private TestServer b;
    private final ByteArrayOutputStream bLog = new ByteArrayOutputStream();

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(MetadataSyncIT.class);
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    @BeforeEach
    void twoEngines() {
        db.execute("DROP SCHEMA IF EXISTS hdb_catalog CASCADE; DROP TABLE IF EXISTS author CASCADE;"
                + "CREATE TABLE author (id serial PRIMARY KEY, name text NOT NULL);"
                + "INSERT INTO author (name) VALUES ('Ann');");
        EngineConfig config = EngineConfig.defaults().withDatabaseUrl(db.url()).withMetadataPoll(Duration.ZERO);
        a = TestServer.start(config);
        b = TestServer.start(config, new JsonLog(new PrintStream(bLog, true, StandardCharsets.UTF_8),
                Set.of("schema-sync")));
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
    }

    @Test
    void aTableTrackedThroughOneEngineIsServedByTheOtherWithinASecond() {
        assertThat(b.graphql("{ author { name } }").has("errors")).isTrue();
        a.metadataOk(TRACK_AUTHOR);
        long took = until(() -> b.graphql("{ author { name } }"), r -> "Ann".equals(r.at("/data/author/0/name").asText()));
        assertThat(took).isLessThan(WITHIN.toMillis());
    }

    @Test
    void aPermissionCreatedThroughOneEngineIsServedByTheOtherWithinASecond() {
        a.metadataOk(TRACK_AUTHOR);
        until(() -> b.graphql("{ author { name } }"), r -> r.has("data"));
        Map<String, String> user = Map.of("x-hasura-role", "user");
        assertThat(b.graphql("{ author { name } }", Map.of(), user).at("/errors/0/extensions/code").asText())
                .isEqualTo("validation-failed");
        a.metadataOk("{\"type\":\"pg_create_select_permission\",\"args\":{\"table\":\"author\",\"role\":\"user\","
                + "\"permission\":{\"columns\":[\"name\"],\"filter\":{}}}}");
        long took = until(() -> b.graphql("{ author { name } }", Map.of(), user),
                r -> "Ann".equals(r.at("/data/author/0/name").asText()));
        assertThat(took).isLessThan(WITHIN.toMillis());
    }

    @Test
    void aColumnAddedWithRunSqlThroughOneEngineIsServedByTheOtherWithinASecond() {
        a.metadataOk(TRACK_AUTHOR);
        until(() -> b.graphql("{ author { name } }"), r -> r.has("data"));
        TestServer.Response ran = a.post("/v2/query", "{\"type\":\"run_sql\",\"args\":{\"sql\":"
                + "\"ALTER TABLE author ADD COLUMN born int; UPDATE author SET born = 1815\"}}", Map.of());
        assertThat(ran.status()).as(ran.text()).isEqualTo(200);
        long took = until(() -> b.graphql("{ author { born } }"), r -> r.at("/data/author/0/born").asInt() == 1815);
        assertThat(took).isLessThan(WITHIN.toMillis());
    }

    @Test
    void aNoticeLostWhileTheListenerWasAwayIsRecoveredWhenItReconnects() {
        int listener = listenerOf(b);
        db.execute("SELECT pg_terminate_backend(" + listener + ")");
        until(() -> listeners(b), List::isEmpty);
        a.metadataOk(TRACK_AUTHOR);
        // The notice of this change went out while B had no listener: B has nothing to hear it on.
        assertThat(listeners(b)).isEmpty();
        until(() -> b.graphql("{ author { name } }"), r -> "Ann".equals(r.at("/data/author/0/name").asText()));
        assertThat(listenerOf(b)).isNotEqualTo(listener);
        // And the new listener hears the next change as the first did.
        a.metadataOk("{\"type\":\"pg_create_select_permission\",\"args\":{\"table\":\"author\","
                + "\"role\":\"user\",\"permission\":{\"columns\":[\"name\"],\"filter\":{}}}}");
        Map<String, String> user = Map.of("x-hasura-role", "user");
        long took = until(() -> b.graphql("{ author { name } }", Map.of(), user), r -> r.has("data"));
        assertThat(took).isLessThan(WITHIN.toMillis());
    }

    @Test
    void aNoticeForTheVersionServedIsIgnored() throws InterruptedException {
        a.metadataOk(TRACK_AUTHOR);
        until(() -> b.graphql("{ author { name } }"), r -> r.has("data"));
        EngineState servedByA = a.quarry().engine().state();
        EngineState servedByB = b.quarry().engine().state();
        int version = servedByB.resourceVersion();
        notice("{\"resource_version\":" + version + ",\"instance_id\":\"another\"}");
        Thread.sleep(500);
        assertThat(b.quarry().engine().state()).isSameAs(servedByB);
        // A heard its own notice and ignored it too.
        assertThat(a.quarry().engine().state()).isSameAs(servedByA);
        // A notice naming another version is acted on: B reads the store again.
        notice("{\"resource_version\":" + (version + 7) + ",\"instance_id\":\"another\"}");
        until(() -> b.quarry().engine().state(), s -> s != servedByB);
        assertThat(b.quarry().engine().state().resourceVersion()).isEqualTo(version);
    }

    @Test
    void aBurstOfChangesIsFollowedWithOneReloadOfTheNewest() throws InterruptedException {
        a.metadataOk(TRACK_AUTHOR);
        until(() -> b.graphql("{ author { name } }"), r -> r.has("data"));
        int version = b.quarry().engine().state().resourceVersion();
        Thread.sleep(200);
        bLog.reset();
        // Fifty versions committed at once, each with its notice, as another engine's writes would send them.
        StringBuilder burst = new StringBuilder("BEGIN;");
        for (int i = 0; i < 50; i++) {
            burst.append("WITH v AS (UPDATE hdb_catalog.hdb_metadata SET resource_version = resource_version + 1 "
                    + "RETURNING resource_version) SELECT pg_notify('" + MetadataChannel.NAME + "', "
                    + "json_build_object('resource_version', resource_version, 'instance_id', 'another')::text) "
                    + "FROM v;");
        }
        db.execute(burst.append("COMMIT;").toString());
        until(() -> b.quarry().engine().state().resourceVersion(), v -> v == version + 50);
        Thread.sleep(300);
        assertThat(bLog.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("\"schema-sync\"")).count())
                .isEqualTo(1);
    }

    @Test
    void aBareNoticeMakesEveryEngineReload() {
        a.metadataOk(TRACK_AUTHOR);
        until(() -> b.graphql("{ author { name } }"), r -> r.has("data"));
        // A column added behind the engines' backs (a migration run by another tool) is served after the notice.
        db.execute("ALTER TABLE author ADD COLUMN born int");
        assertThat(b.graphql("{ author { born } }").has("errors")).isTrue();
        db.execute("NOTIFY " + MetadataChannel.NAME);
        until(() -> a.graphql("{ author { born } }"), r -> r.has("data"));
        until(() -> b.graphql("{ author { born } }"), r -> r.has("data"));
    }

    @Test
    void aChangeStoredWithoutANoticeIsFollowedByThePoll() {
        // Written straight into the store, as if its notice had been lost on the way.
        String stored = "{\"version\":3,\"sources\":[{\"name\":\"default\",\"kind\":\"postgres\",\"tables\":["
                + "{\"table\":{\"schema\":\"public\",\"name\":\"author\"}}],\"configuration\":{\"connection_info\":"
                + "{\"database_url\":{\"from_env\":\"HASURA_GRAPHQL_DATABASE_URL\"}}}}]}";
        try (TestServer polling = TestServer.start(EngineConfig.defaults().withDatabaseUrl(db.url())
                .withMetadataPoll(Duration.ofMillis(200)))) {
            db.execute("INSERT INTO hdb_catalog.hdb_metadata AS m (id, metadata) VALUES (1, '" + stored + "') "
                    + "ON CONFLICT (id) DO UPDATE SET metadata = EXCLUDED.metadata, "
                    + "resource_version = m.resource_version + 1");
            until(() -> polling.graphql("{ author { name } }"), r -> r.has("data"));
            // The engines that do not poll heard nothing.
            assertThat(b.graphql("{ author { name } }").has("errors")).isTrue();
        }
    }

    private void notice(String payload) {
        db.execute("SELECT pg_notify('" + MetadataChannel.NAME + "', '" + payload + "')");
    }

    /** The backends of {@code server}'s listening connection. */
    private static List<Integer> listeners(TestServer server) {
        return db.rows("SELECT pid FROM pg_stat_activity WHERE application_name = '"
                        + MetadataChannel.applicationName(server.quarry().engine().instanceId()) + "'")
                .stream().map(row -> ((Number) row.get(0)).intValue()).toList();
    }

    private static int listenerOf(TestServer server) {
        return awaited(() -> listeners(server), l -> l.size() == 1).get(0);
    }

    /** Asks until the answer passes {@code done} (at most 10 s) and returns how long it took, in ms. */
    private static <T> long until(java.util.function.Supplier<T> ask, Predicate<T> done) {
        long start = System.nanoTime();
        awaited(ask, done);
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static <T> T awaited(java.util.function.Supplier<T> ask, Predicate<T> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        T last = ask.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached in 10 s; last answer: " + last);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            last = ask.get();
        }
        return last;
    }
}
