package io.quarry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.engine.config.CorsConfig;
import io.quarry.engine.config.EngineConfig;
import io.quarry.engine.testing.TestDatabase;
import io.quarry.engine.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a browser on another origin meets: CORS preflights and headers, gzip, and a subscription sent over HTTP. */
class BrowserWireIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APP = "https://app.example.com";
    private static final String SMALL = "{\"query\":\"{ item(limit: 1) { id } }\"}";
    private static final String LARGE = "{\"query\":\"{ item { id name } }\"}";

    private static TestDatabase db;
    private static TestServer open;
    private static TestServer listed;
    private static TestServer closed;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(BrowserWireIT.class);
        db.execute("CREATE TABLE item (id int PRIMARY KEY, name text NOT NULL);"
                + "INSERT INTO item SELECT i, 'item number ' || i FROM generate_series(1, 2000) i;");
        EngineConfig config = EngineConfig.defaults().withDatabaseUrl(db.url());
        open = TestServer.start(config);
        listed = TestServer.start(config.withCors(
                CorsConfig.of("https://app.example.com, http://localhost:3000, https://*.example.org", false)));
        closed = TestServer.start(config.withCors(CorsConfig.of("*", true)));
        open.metadataOk("{\"type\":\"pg_track_table\",\"args\":{\"table\":\"item\"}}");
    }

    @AfterAll
    static void tearDown() {
        closed.close();
        listed.close();
        open.close();
        db.close();
    }

    private HttpResponse<byte[]> send(TestServer server, HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest.Builder to(TestServer server, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    }

    private HttpResponse<byte[]> preflight(TestServer server, String path, String origin) {
        return send(server, to(server, path).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,x-hasura-role,authorization"));
    }

    private HttpResponse<byte[]> post(TestServer server, String body, String... headers) {
        HttpRequest.Builder request = to(server, "/v1/graphql").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(server, request);
    }

    @Test
    void aPreflightOnAnyEndpointIsAnsweredAsHasuraAnswersIt() {
        for (String path : new String[] {"/v1/graphql", "/v1/metadata", "/v1/query", "/v2/query", "/healthz",
                "/v1alpha1/graphql", "/v1/version"}) {
            HttpResponse<byte[]> response = preflight(open, path, APP);
            HttpHeaders headers = response.headers();
            assertThat(response.statusCode()).as(path).isEqualTo(204);
            assertThat(headers.firstValue("access-control-allow-origin")).contains(APP);
            assertThat(headers.firstValue("access-control-allow-credentials")).contains("true");
            assertThat(headers.firstValue("access-control-allow-methods"))
                    .contains("GET,POST,PUT,PATCH,DELETE,OPTIONS");
            assertThat(headers.firstValue("access-control-allow-headers"))
                    .contains("content-type,x-hasura-role,authorization");
            assertThat(headers.firstValue("access-control-max-age")).contains("1728000");
            assertThat(response.body()).isEmpty();
        }
    }

    @Test
    void anAnswerToAnotherOriginCarriesItsCorsHeaders() throws IOException {
        HttpResponse<byte[]> response = post(open, SMALL, "Origin", "http://localhost:5173");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("access-control-allow-origin")).contains("http://localhost:5173");
        assertThat(response.headers().firstValue("access-control-allow-credentials")).contains("true");
        assertThat(response.headers().firstValue("access-control-expose-headers"))
                .contains("X-Hasura-Query-Cache-Key,X-Hasura-Query-Family-Cache-Key,Warning");
        assertThat(JSON.readTree(response.body()).at("/data/item/0/id").asInt()).isEqualTo(1);
        HttpResponse<byte[]> sameOrigin = post(open, SMALL);
        assertThat(sameOrigin.headers().firstValue("access-control-allow-origin")).isEmpty();
    }

    @Test
    void onlyTheListedOriginsAndOneLevelBelowAWildcardAreAllowed() {
        for (String allowed : new String[] {APP, "http://localhost:3000", "https://shop.example.org"}) {
            HttpResponse<byte[]> response = preflight(listed, "/v1/graphql", allowed);
            assertThat(response.statusCode()).as(allowed).isEqualTo(204);
            assertThat(response.headers().firstValue("access-control-allow-origin")).contains(allowed);
        }
        for (String refused : new String[] {"https://evil.example.com", "http://app.example.com",
                "http://localhost:3001", "https://example.org", "https://a.b.example.org", "http://shop.example.org"}) {
            HttpResponse<byte[]> response = preflight(listed, "/v1/graphql", refused);
            assertThat(response.statusCode()).as(refused).isEqualTo(404);
            assertThat(response.headers().firstValue("access-control-allow-origin")).as(refused).isEmpty();
            HttpResponse<byte[]> answer = post(listed, SMALL, "Origin", refused);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("access-control-allow-origin")).as(refused).isEmpty();
        }
    }

    @Test
    void disabledCorsSendsNoCorsHeaderAtAll() {
        assertThat(preflight(closed, "/v1/graphql", APP).statusCode()).isEqualTo(404);
        HttpResponse<byte[]> answer = post(closed, SMALL, "Origin", APP);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().map().keySet()).noneMatch(h -> h.startsWith("access-control-"));
    }

    @Test
    void largeAnswersAreGzippedForClientsThatAcceptIt() throws IOException {
        HttpResponse<byte[]> plain = post(open, LARGE);
        assertThat(plain.headers().firstValue("content-encoding")).isEmpty();
        HttpResponse<byte[]> gzipped = post(open, LARGE, "Accept-Encoding", "gzip, deflate, br");
        assertThat(gzipped.headers().firstValue("content-encoding")).contains("gzip");
        byte[] inflated = new GZIPInputStream(new ByteArrayInputStream(gzipped.body())).readAllBytes();
        assertThat(new String(inflated, StandardCharsets.UTF_8)).isEqualTo(new String(plain.body(),
                StandardCharsets.UTF_8));
        assertThat(gzipped.body().length).isLessThan(plain.body().length / 4);
        JsonNode items = JSON.readTree(inflated).at("/data/item");
        assertThat(items.size()).isEqualTo(2000);
    }

    @Test
    void smallAnswersStayPlainUnlessIdentityIsRefused() throws IOException {
        HttpResponse<byte[]> small = post(open, SMALL, "Accept-Encoding", "gzip");
        assertThat(small.headers().firstValue("content-encoding")).isEmpty();
        assertThat(JSON.readTree(small.body()).at("/data/item/0/id").asInt()).isEqualTo(1);
        HttpResponse<byte[]> forced = post(open, SMALL, "Accept-Encoding", "gzip, identity;q=0");
        assertThat(forced.headers().firstValue("content-encoding")).contains("gzip");
        byte[] inflated = new GZIPInputStream(new ByteArrayInputStream(forced.body())).readAllBytes();
        assertThat(JSON.readTree(inflated).at("/data/item/0/id").asInt()).isEqualTo(1);
        HttpResponse<byte[]> refused = post(open, LARGE, "Accept-Encoding", "gzip;q=0");
        assertThat(refused.headers().firstValue("content-encoding")).isEmpty();
    }

    @Test
    void aSubscriptionOverHttpGetsHasurasMessage() throws IOException {
        HttpResponse<byte[]> response = post(open, "{\"query\":\"subscription { item { id } }\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree("{\"errors\":[{\"message\":"
                + "\"subscriptions are not supported over HTTP, use websockets instead\","
                + "\"extensions\":{\"path\":\"$\",\"code\":\"unexpected-payload\"}}]}"));
    }
}
