package io.quarry.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.engine.config.EngineConfig;
import io.quarry.engine.testing.Shared;
import io.quarry.engine.testing.TestDatabase;
import io.quarry.engine.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Runs Hasura's own query and mutation test cases ({@code graphql_query/...} and {@code graphql_mutation/...} in the
 * shared conformance folder) against the engine: each directory gets a fresh database and engine, its setup files go
 * through {@code /v1/query} (for mutations, the rows' setup and teardown around each case too), and each case's
 * requests are compared as Hasura's harness compares them.
 *
 * <p>Cases that fail for a known reason are listed in {@code conformance/known-failures.txt} with that reason. The
 * test fails when a case outside the list fails (a regression) and when a listed case passes (so the list only
 * shrinks). {@code -Dquarry.conformance.record=true} rewrites the list from the current results (never under CI).
 * The pass rate per directory goes to {@code target/conformance-report.md}, and each failure as it happened
 * today to {@code target/conformance-failures.txt}.
 */
class ConformanceIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "server/tests-py/queries/";
    private static final Path KNOWN = Path.of("src/test/resources/conformance/known-failures.txt");
    private static final boolean RECORD = Boolean.getBoolean("quarry.conformance.record") && System.getenv("CI") == null;

    private record Outcome(String id, String failure) {
    }

    @Test
    @SuppressWarnings("unchecked")
    void hasuraQueryAndMutationCases() throws IOException {
        Map<String, Object> manifest = yaml(Shared.path("conformance/hasura/manifest.yaml"));
        List<Outcome> outcomes = new ArrayList<>();
        Map<String, int[]> perDirectory = new TreeMap<>();
        for (Map<String, Object> dir : (List<Map<String, Object>>) manifest.get("directories")) {
            String name = ((String) dir.get("dir")).substring(PREFIX.length());
            if (!name.startsWith("graphql_query/") && !name.startsWith("graphql_mutation/")) {
                continue;
            }
            List<Outcome> results = runDirectory(dir);
            int passed = (int) results.stream().filter(o -> o.failure() == null).count();
            perDirectory.put(name, new int[] {passed, results.size()});
            outcomes.addAll(results);
        }
        report(perDirectory);
        StringBuilder details = new StringBuilder();
        outcomes.stream().filter(o -> o.failure() != null)
                .forEach(o -> details.append(o.id()).append(" # ").append(o.failure()).append('\n'));
        Files.writeString(Path.of("target/conformance-failures.txt"), details.toString(), StandardCharsets.UTF_8);

        Map<String, String> known = readKnown();
        List<String> regressions = new ArrayList<>();
        List<String> fixed = new ArrayList<>();
        Map<String, String> stillFailing = new TreeMap<>();
        for (Outcome o : outcomes) {
            if (o.failure() != null) {
                stillFailing.put(o.id(), known.getOrDefault(o.id(), o.failure()));
                if (!known.containsKey(o.id())) {
                    regressions.add(o.id() + ": " + o.failure());
                }
            } else if (known.containsKey(o.id())) {
                fixed.add(o.id());
            }
        }
        if (RECORD) {
            writeKnown(stillFailing);
            return;
        }
        assertThat(regressions).as("cases failing that are not in %s", KNOWN).isEmpty();
        assertThat(fixed).as("cases now passing: remove them from %s", KNOWN).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private List<Outcome> runDirectory(Map<String, Object> dir) throws IOException {
        String path = (String) dir.get("dir");
        String name = path.substring(PREFIX.length());
        Path folder = Shared.path("conformance/hasura/" + path);
        List<Outcome> outcomes = new ArrayList<>();
        List<Map<String, Object>> cases = (List<Map<String, Object>>) dir.get("cases");
        try (TestDatabase db = TestDatabase.create(ConformanceIT.class)) {
            db.execute("ALTER DATABASE " + db.name() + " SET timezone = 'UTC'");
            if (!db.rows("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'").isEmpty()) {
                // Hasura's harness provides PostGIS to every directory; some setups assume it.
                db.execute("CREATE EXTENSION IF NOT EXISTS postgis");
            }
            try (TestServer server = TestServer.start(EngineConfig.defaults().withDatabaseUrl(db.url())
                    .withMetadataPoll(Duration.ZERO).withStringifyNumbers(true))) {
                String setupFailure = post(server, folder, dir.get("setup"));
                Map<String, Object> perCase = (Map<String, Object>) dir.getOrDefault("per_case", Map.of());
                for (Map<String, Object> c : cases) {
                    String id = name + "/" + c.get("file");
                    if (setupFailure != null) {
                        outcomes.add(new Outcome(id, setupFailure));
                        continue;
                    }
                    // The mutation flavour puts the rows back before each case and removes them after it.
                    String failure = post(server, folder, perCase.get("setup"));
                    if (failure == null) {
                        boolean keyOrder = "matches-selection".equals(c.get("key_order"));
                        failure = runCase(server, folder.resolve((String) c.get("file")), keyOrder);
                    }
                    String teardown = post(server, folder, perCase.get("teardown"));
                    outcomes.add(new Outcome(id, failure != null ? failure : teardown));
                }
            }
        }
        return outcomes;
    }

    /** Posts setup or teardown files to their endpoints; null when all succeed, else what went wrong. */
    @SuppressWarnings("unchecked")
    private static String post(TestServer server, Path folder, Object files) throws IOException {
        for (Map<String, Object> setup : files == null ? List.<Map<String, Object>>of()
                : (List<Map<String, Object>>) files) {
            Path file = folder.resolve((String) setup.get("file"));
            if (!Files.exists(file)) {
                return "setup file missing: " + setup.get("file");
            }
            TestServer.Response r = server.post((String) setup.get("endpoint"), JSON.writeValueAsString(yaml(file)),
                    Map.of());
            if (r.status() != 200) {
                return setup.get("file") + " failed: " + abbreviate(r.text());
            }
        }
        return null;
    }

    /** Runs the steps of a case file; null when all match, else the first difference. */
    @SuppressWarnings("unchecked")
    private static String runCase(TestServer server, Path file, boolean keyOrder) throws IOException {
        if (!Files.exists(file)) {
            return "case file missing";
        }
        Object parsed = new Yaml(new LoaderOptions()).load(Files.readString(file, StandardCharsets.UTF_8));
        List<Map<String, Object>> steps = parsed instanceof List<?> l ? (List<Map<String, Object>>) l
                : List.of((Map<String, Object>) parsed);
        for (int i = 0; i < steps.size(); i++) {
            Map<String, Object> step = steps.get(i);
            Map<String, String> headers = new LinkedHashMap<>();
            ((Map<String, Object>) step.getOrDefault("headers", Map.of()))
                    .forEach((k, v) -> headers.put(k, String.valueOf(v)));
            String url = (String) step.get("url");
            TestServer.Response r = server.post(url, JSON.writeValueAsString(step.get("query")), headers);
            int status = step.get("status") instanceof Integer s ? s : 200;
            String where = steps.size() > 1 ? "step " + i + ": " : "";
            if (r.status() != status) {
                return where + "status " + r.status() + ", expected " + status + ": " + abbreviate(r.text());
            }
            List<Object> allowed = new ArrayList<>();
            if (step.containsKey("response")) {
                allowed.add(step.get("response"));
            } else if (step.get("allowed_responses") instanceof List<?> list) {
                list.forEach(a -> allowed.add(((Map<String, Object>) a).get("response")));
            }
            String firstDifference = null;
            for (Object expected : allowed) {
                Map<String, Object> selection = keyOrder && step.get("query") instanceof Map<?, ?> q
                        && q.get("query") instanceof String text ? ResponseMatcher.selectionTree(text) : null;
                String d = ResponseMatcher.difference(JSON.valueToTree(expected), r.body(), selection);
                if (d == null) {
                    firstDifference = null;
                    break;
                }
                firstDifference = firstDifference == null ? d : firstDifference;
            }
            if (firstDifference != null) {
                return where + abbreviate(firstDifference);
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return (Map<String, Object>) new Yaml(new LoaderOptions()).load(in);
        }
    }

    private static Map<String, String> readKnown() throws IOException {
        Map<String, String> known = new LinkedHashMap<>();
        if (!Files.exists(KNOWN)) {
            return known;
        }
        for (String line : Files.readAllLines(KNOWN, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int hash = line.indexOf(" # ");
            known.put((hash < 0 ? line : line.substring(0, hash)).trim(), hash < 0 ? "" : line.substring(hash + 3).trim());
        }
        return known;
    }

    private static void writeKnown(Map<String, String> failing) throws IOException {
        StringBuilder out = new StringBuilder("# Hasura conformance cases that fail today, each with the reason.\n"
                + "# Format: <directory>/<case file> # <reason>. The list may only shrink: see ConformanceIT.\n");
        failing.forEach((id, reason) -> out.append(id).append(" # ").append(reason.replace('\n', ' ')).append('\n'));
        Files.writeString(KNOWN, out.toString(), StandardCharsets.UTF_8);
    }

    private static void report(Map<String, int[]> perDirectory) throws IOException {
        StringBuilder out = new StringBuilder("| directory | passed | cases |\n|---|---|---|\n");
        int passed = 0;
        int total = 0;
        for (Map.Entry<String, int[]> e : perDirectory.entrySet()) {
            out.append("| ").append(e.getKey()).append(" | ").append(e.getValue()[0]).append(" | ")
                    .append(e.getValue()[1]).append(" |\n");
            passed += e.getValue()[0];
            total += e.getValue()[1];
        }
        out.append("| all | ").append(passed).append(" | ").append(total).append(" |\n");
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/conformance-report.md"), out.toString(), StandardCharsets.UTF_8);
        System.out.println("Hasura conformance:\n" + out);
    }

    private static String abbreviate(String text) {
        String flat = text.replace('\n', ' ');
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }
}
