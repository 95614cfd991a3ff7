package io.quarry.engine.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * Response bodies gzipped as Hasura gzips them: only for a client whose {@code Accept-Encoding} names {@code gzip}
 * (a missing header or {@code *} reads as "identity only"); when it also accepts identity, bodies under 700 bytes go
 * out as they are, since they hardly shrink. Level 1 up to 20 kB, level 6 above, where the gain pays for the time.
 * Bodies above {@value #ON_LOOP} bytes are compressed on a worker thread, never on an event loop.
 */
final class Compression {
    static final int MIN_SIZE = 700;
    private static final int FAST_UP_TO = 20_000;
    private static final int ON_LOOP = 32 * 1024;

    private Compression() {
    }

    /** Sends a body, gzipped when the client wants it so; otherwise the buffer goes out as it is, uncopied. */
    static void send(RoutingContext ctx, int status, CharSequence contentType, Buffer body) {
        Accepted accepted = accepted(ctx.request().headers().getAll(HttpHeaders.ACCEPT_ENCODING));
        boolean gzip = accepted == Accepted.GZIP_ONLY || accepted == Accepted.BOTH && body.length() >= MIN_SIZE;
        if (!gzip) {
            end(ctx, status, contentType, body, false);
            return;
        }
        Future<byte[]> compressed = body.length() <= ON_LOOP ? Future.succeededFuture(gzip(body.getBytes()))
                : ctx.vertx().executeBlocking(() -> gzip(body.getBytes()), false);
        compressed.onComplete(done -> {
            if (done.succeeded()) {
                end(ctx, status, contentType, Buffer.buffer(done.result()), true);
            } else {
                end(ctx, status, contentType, body, false);
            }
        });
    }

    private static void end(RoutingContext ctx, int status, CharSequence contentType, Buffer body, boolean gzipped) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, contentType);
        if (gzipped) {
            ctx.response().putHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
        }
        ctx.response().end(body);
    }

    enum Accepted { IDENTITY_ONLY, GZIP_ONLY, BOTH, NEITHER }

    /**
     * What the client accepts, read as Hasura reads it: q-values are ignored except {@code gzip;q=0},
     * {@code identity;q=0} and {@code *;q=0} (which rejects identity unless identity is named).
     */
    static Accepted accepted(List<String> headers) {
        List<String> values = new ArrayList<>();
        for (String header : headers) {
            for (String value : header.split(",")) {
                values.add(value.strip().toLowerCase(Locale.ROOT));
            }
        }
        if (values.isEmpty() || values.equals(List.of("*"))) {
            return Accepted.IDENTITY_ONLY;
        }
        boolean gzip = values.stream().anyMatch(v -> v.startsWith("gzip")) && !values.contains("gzip;q=0");
        boolean identity = !values.contains("identity;q=0")
                && !(values.contains("*;q=0") && values.stream().noneMatch(v -> v.startsWith("identity")));
        if (gzip) {
            return identity ? Accepted.BOTH : Accepted.GZIP_ONLY;
        }
        return identity ? Accepted.IDENTITY_ONLY : Accepted.NEITHER;
    }

    static byte[] gzip(byte[] bytes) {
        int level = bytes.length > FAST_UP_TO ? 6 : 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, bytes.length / 4));
        try (GZIPOutputStream gzip = new LeveledGzip(out, level)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A gzip stream at a chosen level (the JDK's stream offers no other way to set it). */
    private static final class LeveledGzip extends GZIPOutputStream {
        LeveledGzip(ByteArrayOutputStream out, int level) throws IOException {
            super(out, 8192);
            def.setLevel(level);
        }
    }
}
