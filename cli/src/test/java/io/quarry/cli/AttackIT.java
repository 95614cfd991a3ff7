package io.quarry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The attacks that used to stall or kill the server, run against the real {@code quarry serve} with no limits
 * configured, while a small query runs in a loop: the small query keeps answering quickly throughout.
 */
class AttackIT {
    private static final String SMALL = "{\"query\":\"{ author(limit: 1) { id } }\"}";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static String serverUrl;
    private static String database;

    @BeforeAll
    static void createDatabase() throws SQLException {
        String env = System.getenv("QUARRY_TEST_DATABASE_URL");
        serverUrl = env == null || env.isBlank() ? "postgres://postgres@127.0.0.1:5432/postgres" : env;
        database = "quarry_attackit_" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
        admin("CREATE DATABASE " + database);
        try (Connection c = connect(url(database)); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE author (id serial PRIMARY KEY, name text);"
                    + "CREATE TABLE article (id serial PRIMARY KEY, title text, author_id int REFERENCES author(id));"
                    + "INSERT INTO author (name) SELECT 'a' || i FROM generate_series(1, 20) i;"
                    + "INSERT INTO article (title, author_id) SELECT 't' || i, 1 + i % 20 FROM generate_series(1, 100) i;"
                    + "CREATE VIEW slow AS SELECT 1 AS id FROM pg_sleep(15);");
        }
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = connect(serverUrl); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String url(String db) {
        URI uri = URI.create(serverUrl);
        return uri.getScheme() + "://" + uri.getRawAuthority() + "/" + db;
    }

    private static Connection connect(String postgresUrl) throws SQLException {
        URI uri = URI.create(postgresUrl);
        String user = uri.getUserInfo() == null ? "postgres" : uri.getUserInfo().split(":", 2)[0];
        String password = uri.getUserInfo() != null && uri.getUserInfo().contains(":")
                ? uri.getUserInfo().split(":", 2)[1] : "";
        return DriverManager.getConnection("jdbc:postgresql://" + uri.getHost() + ":"
                + (uri.getPort() < 0 ? 5432 : uri.getPort()) + uri.getPath(), user, password);
    }

    /** A running {@code quarry serve} process started from the built jar, with a shell limit applied first. */
    private record Server(Process process, int port) implements AutoCloseable {
        static Server start(String shellLimit, String options) throws Exception {
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            Path jar = Path.of("target", "quarry.jar").toAbsolutePath();
            assertThat(jar).exists();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String command = shellLimit + " exec '" + java + "' -jar '" + jar + "' serve --port " + port
                    + " --database-url '" + url(database) + "' --enabled-log-types startup " + options;
            Process process = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true)
                    .redirectOutput(Files.createTempFile("quarry-serve", ".log").toFile()).start();
            Server server = new Server(process, port);
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline) {
                try {
                    if (server.post("/healthz", null).statusCode() == 200) {
                        return server;
                    }
                } catch (IOException e) {
                    Thread.sleep(200);
                }
            }
            process.destroyForcibly();
            throw new AssertionError("quarry serve did not start");
        }

        HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(60));
            request = body == null ? request.GET() : request.POST(HttpRequest.BodyPublishers.ofString(body));
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        long rssKb() throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return -1;
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static void track(Server server) throws Exception {
        HttpResponse<String> tracked = server.post("/v1/metadata", """
                {"type":"bulk","args":[
                 {"type":"pg_track_table","args":{"table":"author"}},
                 {"type":"pg_track_table","args":{"table":"article"}},
                 {"type":"pg_track_table","args":{"table":"slow"}},
                 {"type":"pg_create_object_relationship","args":{"table":"article","name":"author",
                   "using":{"foreign_key_constraint_on":"author_id"}}},
                 {"type":"pg_create_array_relationship","args":{"table":"author","name":"articles",
                   "using":{"foreign_key_constraint_on":{"table":"article","column":"author_id"}}}}]}""");
        // The second server of a run finds the tables tracked by the first.
        assertThat(tracked.statusCode() == 200 || tracked.body().contains("already-tracked")).as(tracked.body())
                .isTrue();
    }

    private static String fanOut(int levels) {
        StringBuilder query = new StringBuilder("query{...F0}");
        for (int i = 0; i < levels - 1; i++) {
            query.append(" fragment F").append(i).append(" on query_root{...F").append(i + 1).append(" ...F")
                    .append(i + 1).append('}');
        }
        return query.append(" fragment F").append(levels - 1).append(" on query_root{__typename}").toString();
    }

    /** {@code { article { author { articles { author { ... { id } ... } } } } }}, {@code levels} relationships deep. */
    private static String cycle(int levels) {
        StringBuilder query = new StringBuilder("{ article { ");
        for (int i = 0; i < levels; i++) {
            query.append(i % 2 == 0 ? "author { " : "articles { ");
        }
        return query.append("id").append(" }".repeat(levels + 2)).toString();
    }

    private static String json(String query) {
        return "{\"query\":\"" + query.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    }

    @Test
    void theSmallQueryKeepsAnsweringWhileTheServerIsAttacked() throws Exception {
        // Only the statement timeout is set (below its default of 60 s) to keep the test short: the 30-level cycle
        // over these rows would run for hours and is cancelled at it.
        try (Server server = Server.start("", "--statement-timeout 20")) {
            track(server);
            for (int i = 0; i < 200; i++) {
                assertThat(server.post("/v1/graphql", SMALL).body()).startsWith("{\"data\"");
            }
            long rssBefore = server.rssKb();
            List<Long> latencies = new CopyOnWriteArrayList<>();
            AtomicBoolean attacking = new AtomicBoolean(true);
            CompletableFuture<Void> probe = CompletableFuture.runAsync(() -> {
                while (attacking.get()) {
                    long start = System.nanoTime();
                    try {
                        String body = server.post("/v1/graphql", SMALL).body();
                        if (!body.startsWith("{\"data\"")) {
                            throw new AssertionError(body);
                        }
                    } catch (IOException | InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    latencies.add(System.nanoTime() - start);
                }
            });
            List<Socket> halfOpen = new ArrayList<>();
            List<CompletableFuture<String>> attacks = new ArrayList<>();
            String bigDocument = "query { " + "a: __typename ".repeat(15 * 1024 * 1024 / 14) + "}";
            String aliases = "query { " + aliasList(10_000) + " }";
            for (String body : List.of(json(fanOut(30)), json(fanOut(30)), json(cycle(30)), json(aliases),
                    json(bigDocument), "{\"query\":\"{ slow { id } }\"}")) {
                attacks.add(CompletableFuture.supplyAsync(() -> {
                    long start = System.nanoTime();
                    try {
                        HttpResponse<String> response = server.post("/v1/graphql", body);
                        return response.statusCode() + " in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)
                                + " ms: " + response.body().substring(0, Math.min(160, response.body().length()));
                    } catch (IOException | InterruptedException e) {
                        return "failed in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms: " + e;
                    }
                }));
            }
            for (int i = 0; i < 1_000; i++) {
                Socket socket = new Socket("127.0.0.1", server.port());
                socket.getOutputStream().write("POST /v1/graphql HTTP/1.1\r\nHost: x\r\nX-Slow: "
                        .getBytes(StandardCharsets.US_ASCII));
                halfOpen.add(socket);
            }
            List<String> answers = new ArrayList<>();
            for (CompletableFuture<String> attack : attacks) {
                answers.add(attack.get(90, TimeUnit.SECONDS));
            }
            attacking.set(false);
            probe.get(30, TimeUnit.SECONDS);
            for (Socket socket : halfOpen) {
                socket.close();
            }
            long rssAfter = server.rssKb();
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            long p50 = TimeUnit.NANOSECONDS.toMillis(sorted.get(sorted.size() / 2));
            long p99 = TimeUnit.NANOSECONDS.toMillis(sorted.get(sorted.size() * 99 / 100));
            long max = TimeUnit.NANOSECONDS.toMillis(sorted.get(sorted.size() - 1));
            System.out.printf("attack: small queries %d, p50 %d ms, p99 %d ms, max %d ms; RSS %d MB before, %d MB after%n",
                    sorted.size(), p50, p99, max, rssBefore / 1024, rssAfter / 1024);
            answers.forEach(a -> System.out.println("attack answer: " + a));
            assertThat(answers).noneMatch(a -> a.startsWith("failed"));
            assertThat(p99).isLessThan(500);
            assertThat(answers.get(0)).contains("validation-failed");
            assertThat(answers.get(2)).contains("time limit (20 s)");
            assertThat(answers.get(3)).contains("validation-failed");
            assertThat(answers.get(4)).contains("validation-failed");
            assertThat(answers.get(5)).contains("\"slow\"");
            assertThat(server.post("/v1/graphql", SMALL).body()).startsWith("{\"data\"");
        }
    }

    private static String aliasList(int count) {
        StringBuilder aliases = new StringBuilder();
        for (int i = 0; i < count; i++) {
            aliases.append("a").append(i).append(": author(limit: 1) { id } ");
        }
        return aliases.toString();
    }

    @Test
    void theServerStillAnswersAfterItsFileDescriptorsRanShort() throws Exception {
        try (Server server = Server.start("ulimit -n 400;", "")) {
            track(server);
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < 600; i++) {
                    try {
                        Socket socket = new Socket("127.0.0.1", server.port());
                        socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                        sockets.add(socket);
                    } catch (IOException e) {
                        break;
                    }
                }
            } finally {
                for (Socket socket : sockets) {
                    socket.close();
                }
            }
            Thread.sleep(500);
            assertThat(server.process().isAlive()).isTrue();
            assertThat(server.post("/v1/graphql", SMALL).body()).startsWith("{\"data\"");
            assertThat(server.post("/healthz", null).body()).isEqualTo("OK");
        }
    }
}
