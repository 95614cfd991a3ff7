package io.quarry.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.engine.http.Compression.Accepted;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** {@code Accept-Encoding} read as Hasura reads it, and the gzip written. */
class CompressionTest {
    @Test
    void noHeaderOrAStarMeansIdentityOnly() {
        assertThat(Compression.accepted(List.of())).isEqualTo(Accepted.IDENTITY_ONLY);
        assertThat(Compression.accepted(List.of("*"))).isEqualTo(Accepted.IDENTITY_ONLY);
        assertThat(Compression.accepted(List.of("deflate, br"))).isEqualTo(Accepted.IDENTITY_ONLY);
    }

    @Test
    void gzipIsAcceptedBesideIdentityUnlessRefused() {
        assertThat(Compression.accepted(List.of("gzip, deflate, br"))).isEqualTo(Accepted.BOTH);
        assertThat(Compression.accepted(List.of("br;q=1.0, gzip;q=0.8"))).isEqualTo(Accepted.BOTH);
        assertThat(Compression.accepted(List.of("gzip", "identity;q=0"))).isEqualTo(Accepted.GZIP_ONLY);
        assertThat(Compression.accepted(List.of("gzip, *;q=0"))).isEqualTo(Accepted.GZIP_ONLY);
        assertThat(Compression.accepted(List.of("gzip, identity, *;q=0"))).isEqualTo(Accepted.BOTH);
        assertThat(Compression.accepted(List.of("gzip;q=0"))).isEqualTo(Accepted.IDENTITY_ONLY);
        assertThat(Compression.accepted(List.of("gzip;q=0, identity;q=0"))).isEqualTo(Accepted.NEITHER);
    }

    @Test
    void gzipRoundTripsAtEitherLevel() throws IOException {
        for (int size : new int[] {10, 5_000, 100_000}) {
            byte[] body = "{\"id\":1,\"name\":\"x\"},".repeat(size / 20 + 1).getBytes(StandardCharsets.UTF_8);
            byte[] gzipped = Compression.gzip(body);
            assertThat(new GZIPInputStream(new ByteArrayInputStream(gzipped)).readAllBytes()).isEqualTo(body);
        }
    }
}
