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
 * <p>Error responses are compared strictly: each error's {@code extensions.code} and {@code path} must be the case's
 * (the lenient comparison, where any error matches any error, is still counted for the report). Cases that fail
 * for a known reason are listed in {@code conformance/known-failures.txt} with that reason and the failure they
 * are expected to show. The test fails when a case outside the list fails (a regression), when a listed case
 * fails differently, and when a listed case passes (so the list only shrinks).
 * {@code -Dquarry.conformance.record=true} rewrites the list from the current results (never under CI), keeping
 * the reasons. The lenient and strict pass counts per directory go to {@code target/conformance-report.md}, and
 * each failure as it happened today to {@code target/conformance-failures.txt}.
 */
class ConformanceIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "server/tests-py/queries/";
    private static final Path KNOWN = Path.of("src/test/resources/conformance/known-failures.txt");
    private static final boolean RECORD = Boolean.getBoolean("quarry.conformance.record") && System.getenv("CI") == null;

    /** A case's result: null when it passed, else its first difference, compared strictly and leniently. */
    private record Outcome(String id, String failure, String lenientFailure) {
    }

    /** What a known failure says: why it fails, and how (its strict failure as last recorded). */
    private record Known(String reason, String failure) {
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
            int lenient = (int) results.stream().filter(o -> o.lenientFailure() == null).count();
            perDirectory.put(name, new int[] {lenient, passed, results.size()});
            outcomes.addAll(results);
        }
        report(perDirectory);
        StringBuilder details = new StringBuilder();
        outcomes.stream().filter(o -> o.failure() != null)
                .forEach(o -> details.append(o.id()).append(" # ").append(o.failure()).append('\n'));
        Files.writeString(Path.of("target/conformance-failures.txt"), details.toString(), StandardCharsets.UTF_8);

        Map<String, Known> known = readKnown();
        List<String> regressions = new ArrayList<>();
        List<String> fixed = new ArrayList<>();
        Map<String, Known> stillFailing = new TreeMap<>();
        for (Outcome o : outcomes) {
            if (o.failure() != null) {
                Known k = known.get(o.id());
                stillFailing.put(o.id(), new Known(k == null ? "new: " + o.failure() : k.reason(), o.failure()));
                if (k == null) {
                    regressions.add(o.id() + ": " + o.failure());
                } else if (!k.failure().equals(o.failure())) {
                    regressions.add(o.id() + " fails differently: " + o.failure() + "\n    expected: " + k.failure());
                }
            } else if (known.containsKey(o.id())) {
                fixed.add(o.id());
            }
        }
        if (RECORD) {
            writeKnown(stillFailing);
            return;
        }
        assertThat(regressions).as("cases failing that are not in %s, or not as it says", KNOWN).isEmpty();
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
                        outcomes.add(new Outcome(id, setupFailure, setupFailure));
                        continue;
                    }
                    // The mutation flavour puts the rows back before each case and removes them after it.
                    String failure = post(server, folder, perCase.get("setup"));
                    String[] result = {failure, failure};
                    if (failure == null) {
                        boolean keyOrder = "matches-selection".equals(c.get("key_order"));
                        result = runCase(server, folder.resolve((String) c.get("file")), keyOrder);
                    }
                    String teardown = post(server, folder, perCase.get("teardown"));
                    outcomes.add(new Outcome(id, result[0] != null ? result[0] : teardown,
                            result[1] != null ? result[1] : teardown));
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

    /**
     * Runs the steps of a case file: the first difference compared strictly and leniently (null when all steps
     * match).
     */
    @SuppressWarnings("unchecked")
    private static String[] runCase(TestServer server, Path file, boolean keyOrder) throws IOException {
        if (!Files.exists(file)) {
            return new String[] {"case file missing", "case file missing"};
        }
        String[] failures = {null, null};
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
                String failure = where + "status " + r.status() + ", expected " + status + ": " + abbreviate(r.text());
                return new String[] {failures[0] != null ? failures[0] : failure, failures[1] != null ? failures[1]
                        : failure};
            }
            List<Object> allowed = new ArrayList<>();
            if (step.containsKey("response")) {
                allowed.add(step.get("response"));
            } else if (step.get("allowed_responses") instanceof List<?> list) {
                list.forEach(a -> allowed.add(((Map<String, Object>) a).get("response")));
            }
            Map<String, Object> selection = keyOrder && step.get("query") instanceof Map<?, ?> q
                    && q.get("query") instanceof String text ? ResponseMatcher.selectionTree(text) : null;
            for (int s = 0; s < 2; s++) {
                String d = firstDifference(allowed, r.body(), selection, s == 0);
                if (d != null && failures[s] == null) {
                    failures[s] = where + abbreviate(d);
                }
            }
            if (failures[0] != null && failures[1] != null) {
                break;
            }
        }
        return failures;
    }

    /** Null when the response matches one of the allowed ones, else its difference from the first. */
    private static String firstDifference(List<Object> allowed, JsonNode body, Map<String, Object> selection,
            boolean strict) {
        String first = null;
        for (Object expected : allowed) {
            String d = ResponseMatcher.difference(JSON.valueToTree(expected), body, selection, strict);
            if (d == null) {
                return null;
            }
            first = first == null ? d : first;
        }
        return first;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return (Map<String, Object>) new Yaml(new LoaderOptions()).load(in);
        }
    }

    /**
     * Reads the known failures: a line {@code <case> # <reason>}, then an indented line {@code fails: <failure>}
     * with the failure it is expected to show.
     */
    private static Map<String, Known> readKnown() throws IOException {
        Map<String, Known> known = new LinkedHashMap<>();
        if (!Files.exists(KNOWN)) {
            return known;
        }
        String id = null;
        String reason = null;
        for (String line : Files.readAllLines(KNOWN, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("    fails: ") && id != null) {
                known.put(id, new Known(reason, line.substring("    fails: ".length())));
                continue;
            }
            int hash = line.indexOf(" # ");
            id = (hash < 0 ? line : line.substring(0, hash)).trim();
            reason = hash < 0 ? "" : line.substring(hash + 3).trim();
            known.put(id, new Known(reason, ""));
        }
        return known;
    }

    private static void writeKnown(Map<String, Known> failing) throws IOException {
        StringBuilder out = new StringBuilder("# Hasura conformance cases that fail today, each with the reason and, "
                + "indented below it, the failure\n# it shows (errors compared by code and path). Format: "
                + "<directory>/<case file> # <reason>. The list may only\n# shrink, and a case that fails "
                + "differently fails the build: see ConformanceIT.\n");
        failing.forEach((id, k) -> out.append(id).append(" # ").append(k.reason().replace('\n', ' ')).append('\n')
                .append("    fails: ").append(k.failure().replace('\n', ' ')).append('\n'));
        Files.writeString(KNOWN, out.toString(), StandardCharsets.UTF_8);
    }

    private static void report(Map<String, int[]> perDirectory) throws IOException {
        StringBuilder out = new StringBuilder("| directory | lenient | strict | cases |\n|---|---|---|---|\n");
        int[] all = new int[3];
        for (Map.Entry<String, int[]> e : perDirectory.entrySet()) {
            out.append("| ").append(e.getKey());
            for (int i = 0; i < 3; i++) {
                out.append(" | ").append(e.getValue()[i]);
                all[i] += e.getValue()[i];
            }
            out.append(" |\n");
        }
        out.append("| all | ").append(all[0]).append(" | ").append(all[1]).append(" | ").append(all[2]).append(" |\n");
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/conformance-report.md"), out.toString(), StandardCharsets.UTF_8);
        System.out.println("Hasura conformance:\n" + out);
    }

    private static String abbreviate(String text) {
        String flat = text.replace('\n', ' ');
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }
}
