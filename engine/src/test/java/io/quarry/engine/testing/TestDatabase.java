package io.quarry.engine.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * A database of its own for one test class, on a real Postgres: the server named by
 * {@code QUARRY_TEST_DATABASE_URL}; without it, a Testcontainers Postgres when Docker is available; else the local
 * server at {@code postgres://postgres@127.0.0.1:5432/postgres}. Closing it drops the database.
 */
public final class TestDatabase implements AutoCloseable {
    private static final String DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/postgres";
    private static String serverUrl;

    private final String url;
    private final String name;

    private TestDatabase(String url, String name) {
        this.url = url;
        this.name = name;
    }

    /** Creates an empty database named after the test class. */
    public static TestDatabase create(Class<?> owner) {
        String name = ("quarry_" + owner.getSimpleName() + "_" + UUID.randomUUID().toString().substring(0, 8))
                .toLowerCase(Locale.ROOT);
        String admin = server();
        try (Connection c = connect(admin); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database on " + admin, e);
        }
        return new TestDatabase(withDatabase(admin, name), name);
    }

    /** The same server with another database name. */
    private static String withDatabase(String url, String database) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getRawAuthority() + "/" + database;
    }

    private static synchronized String server() {
        if (serverUrl == null) {
            String env = System.getenv("QUARRY_TEST_DATABASE_URL");
            if (env != null && !env.isBlank()) {
                serverUrl = env;
            } else if (dockerAvailable()) {
                PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:15");
                container.start();
                serverUrl = "postgres://" + container.getUsername() + ":" + container.getPassword() + "@"
                        + container.getHost() + ":" + container.getFirstMappedPort() + "/" + container.getDatabaseName();
            } else {
                serverUrl = DEFAULT_URL;
            }
        }
        return serverUrl;
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** The {@code postgres://} URL of this database, as the engine takes it. */
    public String url() {
        return url;
    }

    public String name() {
        return name;
    }

    /** Runs one or more statements (a whole script). */
    public void execute(String sql) {
        try (Connection c = connect(url); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs statements on the server's own database, for what cannot run inside this one (outages, for instance). */
    public void executeOnServer(String sql) {
        try (Connection c = connect(server()); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The rows of a query, each as a list of its column values. */
    public List<List<Object>> rows(String sql) {
        try (Connection c = connect(url); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<List<Object>> rows = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The tables, partitions, views and materialized views of a schema, by name. */
    public List<String> relations(String schema) {
        return rows("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '"
                + schema + "' AND c.relkind IN ('r', 'p', 'v', 'm') ORDER BY 1").stream()
                .map(r -> (String) r.get(0)).toList();
    }

    /** Loads Pagila's schema, without rows, from the shared datasets into this database. */
    public TestDatabase loadPagilaSchema() {
        execute(dataset("datasets/pagila/pagila-schema.sql"));
        return this;
    }

    /** Loads Chinook from the shared datasets into this database. */
    public TestDatabase loadChinook() {
        String script = dataset("datasets/chinook/Chinook_PostgreSql.sql");
        int start = script.indexOf("\\c chinook;");
        execute(script.substring(script.indexOf('\n', start) + 1));
        return this;
    }

    /** A shared dataset's text; without it (a clone without ../shared) the test is skipped and its database goes. */
    private String dataset(String relative) {
        try {
            return read(Shared.path(relative));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public void close() {
        try (Connection c = connect(server()); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static Connection connect(String postgresUrl) throws SQLException {
        URI uri = URI.create(postgresUrl);
        String user = "postgres";
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = parts[0];
            password = parts.length > 1 ? parts[1] : null;
        }
        String jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 5432 : uri.getPort())
                + uri.getRawPath();
        return DriverManager.getConnection(jdbc, user, password);
    }

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
