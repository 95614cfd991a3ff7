package io.quarry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.engine.config.EngineConfig;
import io.quarry.engine.testing.CountingProxy;
import io.quarry.engine.testing.TestDatabase;
import io.quarry.engine.testing.TestServer;
import io.quarry.engine.testing.Tracking;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Proves on the wire that a GraphQL request, however nested and with however many root fields, is one statement. */
class StatementCountIT {
    private static TestDatabase db;
    private static CountingProxy proxy;
    private static TestServer server;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(StatementCountIT.class).loadChinook();
        URI target = URI.create(db.url());
        proxy = CountingProxy.start(target.getHost(), target.getPort() < 0 ? 5432 : target.getPort());
        String viaProxy = db.url().replace(target.getHost() + ":" + target.getPort(), "127.0.0.1:" + proxy.port());
        server = TestServer.start(EngineConfig.defaults().withDatabaseUrl(viaProxy).withMetadataPoll(Duration.ZERO));
        Tracking.trackAll(server, "public", Tracking.CHINOOK_TABLES);
    }

    @AfterAll
    static void tearDown() {
        if (db == null) {
            return; // skipped without the dataset
        }
        server.close();
        proxy.close();
        db.close();
    }

    @Test
    void aNestedMultiRootQueryIsOneStatement() {
        String query = "{ artist(limit: 3, where: {albums: {tracks: {genre: {name: {_eq: \"Rock\"}}}}}) { name "
                + "albums(limit: 2) { title tracks(limit: 2) { name genre { name } media_type { name } } } } "
                + "genre(limit: 2) { name tracks(limit: 1) { name album { artist { name } } } } "
                + "album_by_pk(album_id: 1) { title artist { name } } }";
        proxy.reset();
        JsonNode first = server.graphql(query);
        assertThat(first.has("errors")).as(first.toString()).isFalse();
        assertThat(proxy.statements()).isEqualTo(1);

        proxy.reset();
        server.graphql(query);
        assertThat(proxy.statements()).isEqualTo(1);
    }
}
