package io.quarry.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the console's packaged build is read: from its file list, with gzip copies and cache rules. */
class ConsoleTest {

    private static Optional<Map<String, Console.Asset>> load(Path root) throws IOException {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, null)) {
            return Console.load(loader);
        }
    }

    @Test
    void readsTheListedFilesWithTheirGzipCopies(@TempDir Path root) throws IOException {
        Path console = Files.createDirectories(root.resolve("console/assets"));
        Files.writeString(console.resolve("../files.txt"), "assets/index-abc.js\nindex.html\n");
        Files.writeString(root.resolve("console/index.html"), "<!doctype html>");
        Files.writeString(console.resolve("index-abc.js"), "console.log(1)");
        Files.write(console.resolve("index-abc.js.gz"), new byte[] {1, 2, 3});

        Map<String, Console.Asset> files = load(root).orElseThrow();
        assertThat(files).containsOnlyKeys("index.html", "assets/index-abc.js");
        Console.Asset script = files.get("assets/index-abc.js");
        assertThat(script.cacheControl()).isEqualTo("public, max-age=31536000, immutable");
        assertThat(script.contentType()).isEqualTo("text/javascript; charset=utf-8");
        assertThat(script.gzip()).hasValueSatisfying(gz -> assertThat(gz.length()).isEqualTo(3));
        Console.Asset index = files.get("index.html");
        assertThat(index.cacheControl()).isEqualTo("no-cache");
        assertThat(index.gzip()).isEmpty();
        assertThat(index.etag()).startsWith("\"").endsWith("\"");
    }

    @Test
    void anEngineBuiltWithoutTheConsoleHasNone(@TempDir Path root) throws IOException {
        assertThat(load(root)).isEmpty();
    }

    @Test
    void typesAreNamedByExtension() {
        assertThat(Console.contentType("assets/a.css")).isEqualTo("text/css; charset=utf-8");
        assertThat(Console.contentType("assets/editor.worker.wasm")).isEqualTo("application/wasm");
        assertThat(Console.contentType("assets/font.woff2")).isEqualTo("font/woff2");
        assertThat(Console.contentType("LICENSE")).isEqualTo("application/octet-stream");
    }
}
