package io.quarry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.engine.config.EngineConfig;
import io.quarry.engine.testing.Shared;
import io.quarry.engine.testing.TestDatabase;
import io.quarry.engine.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console in a real browser: Debian's Chromium, driven by {@code console/e2e/run.mjs} (playwright-core), against
 * this engine over a fresh, untracked Chinook. Screenshots of every step go to {@code target/console-screenshots/}.
 * Without Chromium, or an engine built with {@code -Dconsole.skip}, the test is skipped, except under {@code CI}.
 */
class ConsoleIT {
    private static final String SECRET = "console-e2e-secret";
    private static final Path CONSOLE = Path.of("..", "console").toAbsolutePath().normalize();
    private static final Path CHROMIUM = Path.of(Optional.ofNullable(System.getenv("CHROMIUM")).orElse("/usr/bin/chromium"));
    private static final long BUDGET_SECONDS = 240;
    private static TestDatabase db;
    private static TestServer server;

    @BeforeAll
    static void setUp() {
        Shared.require(Files.isExecutable(CHROMIUM), "no Chromium at " + CHROMIUM + " (apt-get install chromium)");
        Shared.require(ConsoleIT.class.getClassLoader().getResource("console/index.html") != null,
                "the console is not built (-Dconsole.skip)");
        Shared.require(Files.isDirectory(CONSOLE.resolve("node_modules/playwright-core")),
                "console/node_modules has no playwright-core (npm ci in console/)");
        db = TestDatabase.create(ConsoleIT.class).loadChinook();
        server = TestServer.start(EngineConfig.defaults().withDatabaseUrl(db.url()).withAdminSecret(Optional.of(SECRET)));
    }

    @AfterAll
    static void tearDown() {
        if (server != null) {
            server.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void everySpecPassesInChromium() throws IOException, InterruptedException {
        Path shots = Path.of("target", "console-screenshots").toAbsolutePath();
        Path log = Path.of("target", "console-e2e.log").toAbsolutePath();
        Files.createDirectories(shots);
        List<String> command = new java.util.ArrayList<>(List.of("node", "e2e/run.mjs",
                "http://127.0.0.1:" + server.port(), SECRET, shots.toString()));
        Optional.ofNullable(System.getProperty("console.e2e.filter")).ifPresent(command::add);
        Process node = new ProcessBuilder(command).directory(CONSOLE.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = node.waitFor(BUDGET_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            node.descendants().forEach(ProcessHandle::destroyForcibly);
            node.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(output);
        assertThat(finished).as("the browser tests finished within " + BUDGET_SECONDS + " s:\n" + output).isTrue();
        assertThat(node.exitValue()).as(output).isZero();
    }
}
