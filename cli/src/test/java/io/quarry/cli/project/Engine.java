package io.quarry.cli.project;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** A fresh database and the real {@code quarry serve} (the built jar) on it; both go away on close. */
final class Engine implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SERVER = serverUrl();
    final String database;
    final String url;
    private Process process;
    /** Where the process's standard output and error go. */
    private Path output;

    Engine(String prefix) throws SQLException {
        database = prefix + "_" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
        admin("CREATE DATABASE " + database);
        url = null;
    }

    private Engine(String database, Process process, String url, Path output) {
        this.database = database;
        this.process = process;
        this.url = url;
        this.output = output;
    }

    /** Runs SQL in the fresh database, statement by statement as psql would. */
    void sql(String sql) throws SQLException {
        try (Connection c = connect(databaseUrl()); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    String databaseUrl() {
        URI uri = URI.create(SERVER);
        return uri.getScheme() + "://" + uri.getRawAuthority() + "/" + database;
    }

    Engine start() throws Exception {
        return start("--enabled-log-types", "startup");
    }

    /** The engine, serving with these {@code serve} options besides its port and database. */
    Engine start(String... options) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path jar = Path.of("target", "quarry.jar").toAbsolutePath();
        assertThat(jar).exists();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-jar", jar.toString(), "serve", "--port",
                String.valueOf(port), "--database-url", databaseUrl()));
        command.addAll(List.of(options));
        Path log = Files.createTempFile("quarry-serve", ".log");
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String base = "http://127.0.0.1:" + port;
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/healthz"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return new Engine(database, process, base, log);
                }
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        process.destroyForcibly();
        throw new AssertionError("quarry serve did not start");
    }

    /** Stops the engine (as a container is stopped) and returns everything it printed. */
    List<String> stop() throws Exception {
        process.destroy();
        process.waitFor();
        return Files.readAllLines(output);
    }

    /** Runs SQL on the server's own database: what acts on every database, an outage for instance. */
    static void onServer(String sql) throws SQLException {
        admin(sql);
    }

    @Override
    public void close() throws Exception {
        if (process != null) {
            process.destroy();
            process.waitFor();
        }
        admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = connect(SERVER); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String serverUrl() {
        String env = System.getenv("QUARRY_TEST_DATABASE_URL");
        return env == null || env.isBlank() ? "postgres://postgres@127.0.0.1:5432/postgres" : env;
    }

    private static Connection connect(String postgresUrl) throws SQLException {
        URI uri = URI.create(postgresUrl);
        String user = uri.getUserInfo() == null ? "postgres" : uri.getUserInfo().split(":", 2)[0];
        String password = uri.getUserInfo() != null && uri.getUserInfo().contains(":")
                ? uri.getUserInfo().split(":", 2)[1] : "";
        return DriverManager.getConnection("jdbc:postgresql://" + uri.getHost() + ":"
                + (uri.getPort() < 0 ? 5432 : uri.getPort()) + uri.getPath(), user, password);
    }
}
