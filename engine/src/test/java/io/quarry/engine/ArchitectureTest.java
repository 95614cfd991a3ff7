package io.quarry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Keeps the stages' dependencies pointing backwards (see the shared STYLE.md). */
class ArchitectureTest {
    private static final Path SOURCES = Path.of("src/main/java/io/quarry/engine");

    /** What each package may not import. */
    private static final Map<String, List<String>> FORBIDDEN = Map.ofEntries(
            Map.entry("introspect", List.of("io.quarry.metadata", "graphql.", "io.vertx.ext.web",
                    "io.quarry.engine.model", "io.quarry.engine.schema", "io.quarry.engine.plan", "io.quarry.engine.sql")),
            Map.entry("model", List.of("graphql.", "io.vertx", "io.quarry.engine.schema", "io.quarry.engine.plan",
                    "io.quarry.engine.sql", "io.quarry.engine.request")),
            Map.entry("schema", List.of("io.vertx", "io.quarry.engine.plan", "io.quarry.engine.sql",
                    "io.quarry.engine.request", "io.quarry.engine.execute")),
            Map.entry("request", List.of("io.vertx", "io.quarry.engine.plan", "io.quarry.engine.sql",
                    "io.quarry.engine.execute")),
            Map.entry("plan", List.of("graphql.", "io.vertx", "io.quarry.engine.sql", "io.quarry.engine.execute")),
            Map.entry("sql", List.of("graphql.", "io.vertx", "io.quarry.engine.execute", "io.quarry.engine.request",
                    "io.quarry.engine.schema")),
            Map.entry("execute", List.of("graphql.", "io.vertx.ext.web", "io.quarry.engine.plan",
                    "io.quarry.engine.request", "io.quarry.engine.schema")),
            Map.entry("metadataapi", List.of("graphql.", "io.vertx", "io.quarry.engine.sql", "io.quarry.engine.plan")),
            Map.entry("store", List.of("graphql.", "io.vertx.ext.web", "io.quarry.engine.plan", "io.quarry.engine.sql")),
            Map.entry("error", List.of("graphql.", "io.vertx", "io.quarry.engine.")),
            Map.entry("auth", List.of("graphql.", "io.vertx.sqlclient", "io.vertx.pgclient", "io.quarry.engine.plan",
                    "io.quarry.engine.sql", "io.quarry.engine.schema", "io.quarry.engine.execute")),
            Map.entry("config", List.of("graphql.", "io.vertx", "io.quarry.engine.")),
            // Logs and metrics are reported to by every stage and depend on none of them.
            Map.entry("log", List.of("graphql.", "io.vertx.ext", "io.vertx.sqlclient", "io.vertx.pgclient",
                    "io.quarry.engine.")),
            Map.entry("metrics", List.of("graphql.", "io.vertx.ext", "io.vertx.sqlclient", "io.vertx.pgclient",
                    "io.quarry.engine.request", "io.quarry.engine.schema", "io.quarry.engine.plan",
                    "io.quarry.engine.sql", "io.quarry.engine.execute", "io.quarry.engine.service",
                    "io.quarry.engine.http")),
            // Subscriptions are served over WebSockets handed over by http, and polled through execute.
            Map.entry("subscribe", List.of("graphql.", "io.vertx.ext.web", "io.quarry.engine.http")),
            // API limits are policy over metadata and counters: no GraphQL documents, no transport, no statements.
            Map.entry("limits", List.of("graphql.", "io.vertx", "io.quarry.engine.request", "io.quarry.engine.schema",
                    "io.quarry.engine.plan", "io.quarry.engine.sql", "io.quarry.engine.execute",
                    "io.quarry.engine.service", "io.quarry.engine.http")));

    /** Only these packages may use the Postgres client; only http may use vertx-web. */
    private static final List<String> PG_CLIENT_USERS = List.of("introspect", "execute", "store", "service", "");

    @Test
    void stagesOnlyDependOnEarlierStages() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path file : javaFiles()) {
            String pkg = packageOf(file);
            List<String> imports = imports(file);
            for (String forbidden : FORBIDDEN.getOrDefault(pkg, List.of())) {
                imports.stream().filter(i -> i.startsWith(forbidden)
                                && !(forbidden.equals("io.quarry.engine.") && i.startsWith("io.quarry.engine." + pkg + ".")))
                        .forEach(i -> violations.add(file + " imports " + i));
            }
            if (!PG_CLIENT_USERS.contains(pkg)) {
                imports.stream().filter(i -> i.startsWith("io.vertx.sqlclient") || i.startsWith("io.vertx.pgclient"))
                        .forEach(i -> violations.add(file + " uses the Postgres client: " + i));
            }
            if (!pkg.equals("http")) {
                imports.stream().filter(i -> i.startsWith("io.vertx.ext.web") && !i.startsWith("io.vertx.ext.web.client"))
                        .forEach(i -> violations.add(file + " uses vertx-web: " + i));
            }
            if (!pkg.equals("auth")) {
                imports.stream().filter(i -> i.startsWith("io.vertx.ext.web.client"))
                        .forEach(i -> violations.add(file + " uses the web client, which only auth calls webhooks with: " + i));
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void noMutableStaticState() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path file : javaFiles()) {
            for (String line : Files.readAllLines(file)) {
                String t = line.trim();
                if (t.matches("(private |public |protected )?static (?!final)(?!class)(?!record)(?!enum)(?!interface)"
                        + "(?!sealed)(?!<)[\\w<>, ?\\[\\]]+ \\w+( =.*)?;")) {
                    violations.add(file + ": " + t);
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    private static List<Path> javaFiles() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }

    private static String packageOf(Path file) {
        Path relative = SOURCES.relativize(file.getParent());
        return relative.toString().replace('/', '.');
    }

    private static List<String> imports(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> l.startsWith("import "))
                .map(l -> l.replace("import static ", "").replace("import ", "").replace(";", "").trim()).toList();
    }
}
