package io.quarry.engine.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The lines the log writes: Hasura's shape, its enabled types and its levels. */
class JsonLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<JsonNode> write(Set<String> types, String level, java.util.function.Consumer<JsonLog> logging)
            throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonLog log = new JsonLog(new PrintStream(out, false, StandardCharsets.UTF_8), types, level)) {
            logging.accept(log);
        }
        List<JsonNode> lines = new java.util.ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    @Test
    void aLineHasHasurasShape() throws Exception {
        List<JsonNode> lines = write(JsonLog.DEFAULT_TYPES, "info",
                log -> log.info("startup", Map.of("kind", "server", "port", 8080)));
        assertThat(lines).hasSize(1);
        JsonNode line = lines.get(0);
        assertThat(line.fieldNames()).toIterable().containsExactly("type", "timestamp", "level", "detail");
        assertThat(line.get("type").asText()).isEqualTo("startup");
        assertThat(line.get("level").asText()).isEqualTo("info");
        assertThat(line.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000");
        assertThat(line.get("detail")).isEqualTo(JSON.readTree("{\"kind\":\"server\",\"port\":8080}"));
    }

    @Test
    void configurableTypesAreWrittenOnlyWhenEnabledAndInternalOnesAlways() throws Exception {
        List<JsonNode> lines = write(Set.of("http-log"), "info", log -> {
            log.info("http-log", Map.of("n", 1));
            log.info("query-log", Map.of("n", 2));
            log.error("startup", Map.of("n", 3));
            log.info("schema-sync", Map.of("n", 4));
        });
        assertThat(lines).extracting(l -> l.get("type").asText()).containsExactly("http-log", "schema-sync");
    }

    @Test
    void linesBelowTheLevelAreLeftOut() throws Exception {
        List<JsonNode> lines = write(Set.of("http-log"), "warn", log -> {
            assertThat(log.enabled("http-log")).isFalse();
            log.debug("http-log", Map.of());
            log.info("http-log", Map.of());
            log.warn("http-log", Map.of());
            log.error("http-log", Map.of());
        });
        assertThat(lines).extracting(l -> l.get("level").asText()).containsExactly("warn", "error");
    }

    @Test
    void levelsAndTypesAreHasurasWithHasurasMessages() {
        assertThat(JsonLog.checkLevel(" WARN ")).isEqualTo("warn");
        assertThatThrownBy(() -> JsonLog.checkLevel("loud")).hasMessage("Valid log levels: debug, info, warn or error");
        assertThat(JsonLog.checkTypes(List.of("startup", " HTTP-LOG", "query-log"))).containsExactly("startup",
                "http-log", "query-log");
        assertThatThrownBy(() -> JsonLog.checkTypes(List.of("startup", "nope")))
                .hasMessageStartingWith("Valid list of comma-separated log types: [\"startup\",\"http-log\"");
    }
}
