package io.quarry.cli.migrate;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** A database of its own on the test server ({@code QUARRY_TEST_DATABASE_URL}), dropped by {@link #drop()}. */
final class TestDb {
    final String name;
    final String url;
    private final String serverUrl;

    private TestDb(String serverUrl, String name) {
        this.serverUrl = serverUrl;
        this.name = name;
        URI uri = URI.create(serverUrl);
        this.url = uri.getScheme() + "://" + uri.getRawAuthority() + "/" + name;
    }

    static TestDb create(String prefix) throws SQLException {
        String env = System.getenv("QUARRY_TEST_DATABASE_URL");
        String server = env == null || env.isBlank() ? "postgres://postgres@127.0.0.1:5432/postgres" : env;
        TestDb db = new TestDb(server, prefix + "_" + UUID.randomUUID().toString().substring(0, 8)
                .toLowerCase(Locale.ROOT));
        db.admin("CREATE DATABASE " + db.name);
        return db;
    }

    void drop() throws SQLException {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private void admin(String sql) throws SQLException {
        DatabaseUrl server = DatabaseUrl.parse(serverUrl);
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    Connection connect() throws SQLException {
        DatabaseUrl u = DatabaseUrl.parse(url);
        return u.user().isEmpty() ? DriverManager.getConnection(u.jdbcUrl())
                : DriverManager.getConnection(u.jdbcUrl(), u.user(), u.password());
    }

    void execute(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The first column of each row, as text. */
    List<String> column(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    String one(String sql) throws SQLException {
        List<String> values = column(sql);
        return values.isEmpty() ? null : values.get(0);
    }
}
