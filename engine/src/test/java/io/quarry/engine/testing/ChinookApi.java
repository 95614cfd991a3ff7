package io.quarry.engine.testing;

/** Chinook loaded into a fresh database, served, with every table and suggested relationship tracked. */
public record ChinookApi(TestDatabase db, TestServer server) implements AutoCloseable {

    public static ChinookApi start(Class<?> owner) {
        TestDatabase db = TestDatabase.create(owner).loadChinook();
        TestServer server = TestServer.start(db.url());
        Tracking.trackAll(server, "public", Tracking.CHINOOK_TABLES);
        return new ChinookApi(db, server);
    }

    @Override
    public void close() {
        server.close();
        db.close();
    }
}
