package io.quarry.engine.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The web console: the single-page app built from {@code console/} and packaged in the jar under {@code console/},
 * served at {@code /console} (every path below it that is not a file answers the app's {@code index.html}, whose
 * router reads the path), with {@code /} redirecting there. The files are read once, with the gzip copies the build
 * wrote beside them, and answered from memory: hashed assets cached for a year, {@code index.html} revalidated.
 */
final class Console {
    static final String PATH = "/console";
    private static final String PACKAGED = "console/";
    private static final String INDEX = "index.html";
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";

    /** One file of the build: its bytes, its gzip copy when smaller, and how it may be cached. */
    record Asset(Buffer raw, Optional<Buffer> gzip, String contentType, String cacheControl, String etag) {
    }

    /** The packaged build, read on first use; empty when the engine was built without the console. */
    private static final class Packaged {
        static final Optional<Map<String, Asset>> FILES = load(Console.class.getClassLoader());
    }

    private final Map<String, Asset> files;

    private Console(Map<String, Asset> files) {
        this.files = files;
    }

    /** Adds the console's routes, or none when it is disabled (its paths then answer the API's 404). */
    static void mount(Router router, boolean enabled) {
        if (!enabled) {
            return;
        }
        Optional<Map<String, Asset>> packaged = Packaged.FILES;
        if (packaged.isEmpty()) {
            router.route(PATH).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(Console::notBuilt);
            router.route(PATH + "/*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(Console::notBuilt);
        } else {
            Console console = new Console(packaged.get());
            router.route(PATH).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(console::serve);
            router.route(PATH + "/*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(console::serve);
        }
        router.route("/").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(ctx -> ctx.response()
                .setStatusCode(302).putHeader(HttpHeaders.LOCATION, PATH).end());
    }

    private void serve(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        String name = path.length() <= PATH.length() + 1 ? INDEX : path.substring(PATH.length() + 1);
        Asset asset = files.get(name);
        if (asset == null) {
            if (name.startsWith("assets/")) {
                // A missing script or stylesheet must not come back as the app's HTML.
                ctx.response().setStatusCode(404).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                        .end("not found");
                return;
            }
            asset = files.get(INDEX);
        }
        send(ctx, asset);
    }

    private static void send(RoutingContext ctx, Asset asset) {
        HttpServerResponse response = ctx.response();
        response.putHeader(HttpHeaders.CONTENT_TYPE, asset.contentType())
                .putHeader(HttpHeaders.CACHE_CONTROL, asset.cacheControl())
                .putHeader(HttpHeaders.ETAG, asset.etag())
                .putHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
        if (asset.etag().equals(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH))) {
            response.setStatusCode(304).end();
            return;
        }
        String accepted = ctx.request().getHeader(HttpHeaders.ACCEPT_ENCODING);
        boolean gzip = asset.gzip().isPresent() && accepted != null
                && accepted.toLowerCase(Locale.ROOT).contains("gzip");
        Buffer body = gzip ? asset.gzip().get() : asset.raw();
        if (gzip) {
            response.putHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
        }
        if (ctx.request().method() == HttpMethod.HEAD) {
            response.putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(body.length())).end();
        } else {
            response.end(body);
        }
    }

    private static void notBuilt(RoutingContext ctx) {
        ctx.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                .end("<!doctype html><title>Quarry console</title><body style=\"font-family:sans-serif;margin:3em\">"
                        + "<h1>The console is not built</h1><p>This engine was built with <code>-Dconsole.skip</code>"
                        + ". Build it again without that option (Node.js and npm on the path) to serve the console "
                        + "here; the GraphQL API is at <code>/v1/graphql</code>.</p></body>");
    }

    /** Reads the files the build lists in {@code console/files.txt}; empty when the build packaged none. */
    static Optional<Map<String, Asset>> load(ClassLoader loader) {
        byte[] list = read(loader, PACKAGED + "files.txt");
        if (list == null) {
            return Optional.empty();
        }
        Map<String, Asset> files = new LinkedHashMap<>();
        for (String name : new String(list, StandardCharsets.UTF_8).split("\n")) {
            if (name.isBlank()) {
                continue;
            }
            byte[] raw = read(loader, PACKAGED + name);
            if (raw == null) {
                continue;
            }
            byte[] gzip = read(loader, PACKAGED + name + ".gz");
            String cache = name.startsWith("assets/") ? IMMUTABLE : "no-cache";
            files.put(name, new Asset(Buffer.buffer(raw), Optional.ofNullable(gzip).map(Buffer::buffer),
                    contentType(name), cache, etag(raw)));
        }
        return files.containsKey(INDEX) ? Optional.of(Map.copyOf(files)) : Optional.empty();
    }

    private static byte[] read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String contentType(String name) {
        String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return switch (extension) {
            case "html" -> "text/html; charset=utf-8";
            case "js", "mjs" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "json", "map" -> "application/json; charset=utf-8";
            case "svg" -> "image/svg+xml";
            case "png" -> "image/png";
            case "ico" -> "image/x-icon";
            case "woff2" -> "font/woff2";
            case "woff" -> "font/woff";
            case "ttf" -> "font/ttf";
            case "wasm" -> "application/wasm";
            case "txt" -> "text/plain; charset=utf-8";
            default -> "application/octet-stream";
        };
    }
}
