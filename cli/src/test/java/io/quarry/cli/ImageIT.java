package io.quarry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The container image that {@code mvn package} writes to {@code target/quarry-image.tar}: its config is what
 * {@code docker run} and the compose file rely on, and its file system alone (no file from this machine) runs
 * {@code quarry serve} against Postgres, as a non-root user, deploying a project folder given by
 * {@code QUARRY_PROJECT} with the compose files' settings.
 */
class ImageIT {
    private static final Path TAR = Path.of("target", "quarry-image.tar");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path image;
    private static JsonNode manifest;
    private static JsonNode config;

    @BeforeAll
    static void unpack() throws Exception {
        assumeFalse(Boolean.getBoolean("quarry.image.skip"), "the image was not built (-Dimage.skip)");
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux"),
                "the image is built on Linux only");
        assertThat(TAR).as("built by mvn package").exists();
        run(List.of("tar", "-xf", TAR.toAbsolutePath().toString(), "-C", image.toString()));
        manifest = JSON.readTree(image.resolve("manifest.json").toFile()).get(0);
        config = JSON.readTree(image.resolve(manifest.get("Config").asText()).toFile());
    }

    @Test
    void configRunsQuarryServeOnPort8080AsANonRootUser() {
        JsonNode c = config.get("config");
        assertThat(texts(c.get("Entrypoint"))).startsWith("/opt/java/bin/java").endsWith("io.quarry.cli.Main")
                .contains("-cp", "@/app/jib-classpath-file");
        assertThat(texts(c.get("Cmd"))).containsExactly("serve");
        assertThat(names(c.get("ExposedPorts"))).containsExactly("8080/tcp");
        assertThat(c.get("User").asText()).isEqualTo("65532:65532");
        assertThat(texts(c.get("Env"))).contains("QUARRY_SERVER_PORT=8080", "QUARRY_SERVER_HOST=0.0.0.0",
                "JAVA_HOME=/opt/java", "LANG=C.UTF-8");
        assertThat(c.get("WorkingDir").asText()).isEqualTo("/home/quarry");
        assertThat(config.get("os").asText()).isEqualTo("linux");
        String arch = System.getProperty("os.arch");
        assertThat(config.get("architecture").asText()).isEqualTo(arch.equals("aarch64") ? "arm64" : arch);
    }

    @Test
    void composeFileRunsTheImageUnderTheNameItLoadsAs() throws IOException {
        Map<String, Object> quarry = composeService("docker-compose.yaml");
        assertThat(texts(manifest.get("RepoTags"))).contains((String) quarry.get("image"));
        assertThat(quarry).containsEntry("pull_policy", "never");
        List<?> ports = (List<?>) quarry.get("ports");
        assertThat(ports).hasSize(1);
        assertThat(names(config.get("config").get("ExposedPorts")))
                .containsExactly(ports.get(0).toString().split(":")[1] + "/tcp");
        assertThat(composeEnvironment("docker-compose.yaml")).containsKey("HASURA_GRAPHQL_DATABASE_URL");
        String project = composeEnvironment("docker-compose.project.yaml").get("QUARRY_PROJECT");
        assertThat((List<?>) composeService("docker-compose.project.yaml").get("volumes")).singleElement()
                .asString().endsWith(":" + project + ":ro");
    }

    @Test
    void layersAreTheOnesTheConfigNames() throws Exception {
        List<String> layers = texts(manifest.get("Layers"));
        List<String> diffIds = new ArrayList<>();
        for (String layer : layers) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new GZIPInputStream(Files.newInputStream(image.resolve(layer)))) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    sha.update(buffer, 0, n);
                }
            }
            diffIds.add("sha256:" + HexFormat.of().formatHex(sha.digest()));
        }
        assertThat(diffIds).isEqualTo(texts(config.get("rootfs").get("diff_ids")));
    }

    @Test
    void fileSystemServesAProjectFromPostgresAsTheImageUser() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for unshare and chroot");
        assumeTrue(new ProcessBuilder(tool("unshare"), "--mount", "true").start().waitFor() == 0,
                "mount namespaces are not allowed here");
        Path root = Files.createDirectory(image.resolve("rootfs"));
        for (String layer : texts(manifest.get("Layers"))) {
            run(List.of("tar", "-xzf", image.resolve(layer).toString(), "-C", root.toString()));
        }
        assertThat(Files.readString(root.resolve("etc/passwd"))).contains("quarry:x:65532:65532:");
        String project = composeEnvironment("docker-compose.project.yaml").get("QUARRY_PROJECT");
        writeProject(root.resolve(project.substring(1)));
        // What Docker provides to every container: /proc, and the usual devices (the JVM seeds from urandom).
        Files.createDirectories(root.resolve("proc"));
        Files.createDirectories(root.resolve("dev"));
        for (String device : List.of("null", "zero", "random", "urandom")) {
            Files.createFile(root.resolve("dev").resolve(device));
        }

        try (TestDatabase db = new TestDatabase(); Container container = Container.start(root, db.url)) {
            HttpResponse<String> health = container.get("/healthz");
            assertThat(health.body()).isEqualTo("OK");
            assertThat(container.uid()).isEqualTo("65532");
            // The project's migration created and filled the table, its metadata tracked it.
            HttpResponse<String> query = container.post("/v1/graphql",
                    "{\"query\":\"{ author(order_by: {id: asc}) { name } }\"}");
            assertThat(JSON.readTree(query.body()))
                    .isEqualTo(JSON.readTree("{\"data\":{\"author\":[{\"name\":\"Ann\"},{\"name\":\"Bö\"}]}}"));
        }
    }

    /** A Hasura project folder, as docker-compose.yaml mounts one at /project. */
    private static void writeProject(Path project) throws IOException {
        Path tables = Files.createDirectories(project.resolve("metadata/databases/default/tables"));
        Path migration = Files.createDirectories(project.resolve("migrations/default/1700000000000_init"));
        Files.writeString(project.resolve("config.yaml"), "version: 3\n");
        Files.writeString(project.resolve("metadata/version.yaml"), "version: 3\n");
        Files.writeString(project.resolve("metadata/databases/databases.yaml"), """
                - name: default
                  kind: postgres
                  configuration:
                    connection_info:
                      database_url:
                        from_env: HASURA_GRAPHQL_DATABASE_URL
                  tables: "!include default/tables/tables.yaml"
                """);
        Files.writeString(tables.resolve("tables.yaml"), "- \"!include public_author.yaml\"\n");
        Files.writeString(tables.resolve("public_author.yaml"), "table:\n  name: author\n  schema: public\n");
        Files.writeString(migration.resolve("up.sql"), "CREATE TABLE author (id serial PRIMARY KEY, name text);\n"
                + "INSERT INTO author (name) VALUES ('Ann'), ('Bö');\n");
        Files.writeString(migration.resolve("down.sql"), "DROP TABLE author;\n");
    }

    /**
     * The image's entrypoint and command run in its extracted file system with its environment and user, in a mount
     * namespace of their own (so the /proc and device mounts vanish with the process), on the host's network.
     */
    private record Container(Process process, int port, Path log) implements AutoCloseable {
        static Container start(Path root, String databaseUrl) throws Exception {
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            JsonNode c = config.get("config");
            List<String> command = new ArrayList<>(List.of(tool("unshare"), "--mount", "/bin/sh", "-c", """
                    root=$1; mount=$2; chroot=$3; user=$4; shift 4
                    for d in null zero random urandom; do "$mount" --bind "/dev/$d" "$root/dev/$d" || exit 1; done
                    "$mount" -t proc proc "$root/proc" || exit 1
                    exec "$chroot" --userspec="$user" "$root" "$@"
                    """, "sh", root.toString(), tool("mount"), tool("chroot"), c.get("User").asText()));
            command.addAll(texts(c.get("Entrypoint")));
            command.addAll(texts(c.get("Cmd")));
            ProcessBuilder builder = new ProcessBuilder(command);
            Map<String, String> env = builder.environment();
            env.clear();
            for (String entry : texts(c.get("Env"))) {
                env.put(entry.substring(0, entry.indexOf('=')), entry.substring(entry.indexOf('=') + 1));
            }
            // The compose files' settings, with the test's database; the port differs as the host's network is shared.
            env.putAll(composeEnvironment("docker-compose.yaml"));
            env.putAll(composeEnvironment("docker-compose.project.yaml"));
            env.put("HASURA_GRAPHQL_DATABASE_URL", databaseUrl);
            env.put("QUARRY_SERVER_PORT", String.valueOf(port));
            env.put("QUARRY_ENABLED_LOG_TYPES", "startup");
            Path log = Files.createTempFile("quarry-image", ".log");
            Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Container container = new Container(process, port, log);
            long deadline = System.currentTimeMillis() + 90_000;
            while (System.currentTimeMillis() < deadline && process.isAlive()) {
                try {
                    if (container.get("/healthz").statusCode() == 200 && container.tracked()) {
                        return container;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(250);
            }
            container.close();
            throw new AssertionError("the image's quarry serve did not start:\n" + Files.readString(log));
        }

        /** serve --project applies the metadata once it listens: the table is queryable after that. */
        boolean tracked() throws IOException, InterruptedException {
            return !post("/v1/graphql", "{\"query\":\"{ author { id } }\"}").body().contains("errors");
        }

        String uid() throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[1];
                }
            }
            throw new AssertionError("no Uid line");
        }

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(uri(path)).GET());
        }

        HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)));
        }

        private URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** A database of its own, dropped at the end; the engine reaches it as the compose file's Postgres service. */
    private static final class TestDatabase implements AutoCloseable {
        final String server;
        final String name = "quarry_imageit_" + UUID.randomUUID().toString().substring(0, 8);
        final String url;

        TestDatabase() throws SQLException {
            String env = System.getenv("QUARRY_TEST_DATABASE_URL");
            server = env == null || env.isBlank() ? "postgres://postgres@127.0.0.1:5432/postgres" : env;
            URI uri = URI.create(server);
            url = uri.getScheme() + "://" + uri.getRawAuthority() + "/" + name;
            admin("CREATE DATABASE " + name);
        }

        private void admin(String sql) throws SQLException {
            URI uri = URI.create(server);
            String[] user = (uri.getUserInfo() == null ? "postgres" : uri.getUserInfo()).split(":", 2);
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + uri.getHost() + ":"
                    + (uri.getPort() < 0 ? 5432 : uri.getPort()) + uri.getPath(), user[0],
                    user.length > 1 ? user[1] : "");
                 Statement s = c.createStatement()) {
                s.execute(sql);
            }
        }

        @Override
        public void close() throws SQLException {
            admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> composeService(String file) throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("..", "docker", file)));
        return (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get("quarry");
    }

    private static Map<String, String> composeEnvironment(String file) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        ((Map<?, ?>) composeService(file).get("environment")).forEach((k, v) -> env.put(k.toString(), v.toString()));
        return env;
    }

    private static String tool(String name) {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return dir + "/" + name;
            }
        }
        throw new AssertionError(name + " not found");
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", command) + "\n" + out).isZero();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(node -> out.add(node.asText()));
        return out;
    }

    private static List<String> names(JsonNode object) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue()));
        return List.copyOf(fields.keySet());
    }
}
