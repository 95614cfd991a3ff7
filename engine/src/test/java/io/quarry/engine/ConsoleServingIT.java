package io.quarry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.engine.config.EngineConfig;
import io.quarry.engine.testing.TestDatabase;
import io.quarry.engine.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The console's files as the engine serves them: the app at /console and below, cached and compressed assets. */
class ConsoleServingIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TestDatabase db;
    private static TestServer server;
    private static TestServer disabled;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(ConsoleServingIT.class);
        server = TestServer.start(EngineConfig.defaults().withDatabaseUrl(db.url()));
        disabled = TestServer.start(EngineConfig.defaults().withDatabaseUrl(db.url()).withConsole(false));
    }

    @AfterAll
    static void tearDown() {
        disabled.close();
        server.close();
        db.close();
    }

    private static HttpResponse<byte[]> get(TestServer on, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + on.port() + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    /** The build's file list, when this engine was built with the console. */
    private static Optional<String[]> packaged() throws IOException {
        try (InputStream in = ConsoleServingIT.class.getClassLoader().getResourceAsStream("console/files.txt")) {
            return in == null ? Optional.empty()
                    : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        }
    }

    @Test
    void rootRedirectsToTheConsole() throws Exception {
        HttpResponse<byte[]> root = get(server, "/");
        assertThat(root.statusCode()).isEqualTo(302);
        assertThat(root.headers().firstValue("location")).hasValue("/console");
    }

    @Test
    void everyPathBelowTheConsoleAnswersTheApp() throws Exception {
        for (String path : new String[] {"/console", "/console/", "/console/data/public/album/browse"}) {
            HttpResponse<byte[]> page = get(server, path);
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
            assertThat(page.headers().firstValue("cache-control")).hasValue("no-cache");
            assertThat(text(page)).contains("<title>Quarry console</title>");
        }
    }

    @Test
    void assetsAreCompressedAndCachedForAYear() throws Exception {
        Optional<String[]> files = packaged();
        if (files.isEmpty()) {
            assertThat(text(get(server, "/console"))).contains("The console is not built");
            return;
        }
        String script = Arrays.stream(files.get()).filter(f -> f.startsWith("assets/index-") && f.endsWith(".js"))
                .findFirst().orElseThrow();
        HttpResponse<byte[]> gzip = get(server, "/console/" + script, "accept-encoding", "gzip, br");
        assertThat(gzip.statusCode()).isEqualTo(200);
        assertThat(gzip.headers().firstValue("content-encoding")).hasValue("gzip");
        assertThat(gzip.headers().firstValue("cache-control")).hasValue("public, max-age=31536000, immutable");
        assertThat(gzip.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
        HttpResponse<byte[]> plain = get(server, "/console/" + script);
        assertThat(plain.headers().firstValue("content-encoding")).isEmpty();
        assertThat(plain.body().length).isGreaterThan(gzip.body().length);

        String etag = get(server, "/console").headers().firstValue("etag").orElseThrow();
        assertThat(get(server, "/console/sql", "if-none-match", etag).statusCode()).isEqualTo(304);
        assertThat(get(server, "/console/assets/missing.js").statusCode()).isEqualTo(404);
    }

    @Test
    void aDisabledConsoleIsNotFound() throws Exception {
        for (String path : new String[] {"/console", "/console/data", "/"}) {
            HttpResponse<byte[]> page = get(disabled, path);
            assertThat(page.statusCode()).as(path).isEqualTo(404);
            assertThat(text(page)).isEqualTo("{\"path\":\"$\",\"error\":\"resource does not exist\",\"code\":\"not-found\"}");
        }
    }
}
