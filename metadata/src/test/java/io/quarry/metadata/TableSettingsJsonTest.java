package io.quarry.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TableSettingsJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static Metadata withTable(String table) throws Exception {
        return MetadataJson.read(json("{\"version\":3,\"sources\":[{\"name\":\"default\",\"kind\":\"postgres\","
                + "\"tables\":[" + table + "]}]}"));
    }

    private static TableEntry onlyTable(Metadata metadata) {
        return metadata.sources().get(0).tables().get(0);
    }

    private static void roundTrips(String table) throws Exception {
        Metadata metadata = withTable(table);
        String written = MetadataJson.write(metadata).toString();
        assertThat(written).isEqualTo(JSON.writeValueAsString(json("{\"version\":3,\"sources\":[{\"name\":\"default\","
                + "\"kind\":\"postgres\",\"tables\":[" + table + "]}]}")));
        assertThat(MetadataJson.read(json(written))).isEqualTo(metadata);
    }

    @Test
    void aTableConfigurationIsTypedAndWrittenBackAsRead() throws Exception {
        roundTrips("""
                {"table":{"name":"t","schema":"public"},"configuration":{"column_config":{"a_b":{"comment":"x","custom_name":"aB"}},
                  "comment":null,"custom_column_names":{"c_d":"cD"},"custom_name":"Thing",
                  "custom_root_fields":{"select":"things","select_by_pk":{"comment":"one","name":"thing"},"delete":null}}}
                """);
        TableConfig config = onlyTable(withTable("""
                {"table":"t","configuration":{"custom_column_names":{"a_b":"old","c_d":"cD"},
                  "column_config":{"a_b":{"custom_name":"aB"}},"custom_root_fields":{"select":"things","insert":{"name":"add"}}}}
                """)).configuration().orElseThrow();
        assertThat(config.columnNames()).isEqualTo(Map.of("a_b", "aB", "c_d", "cD"));
        assertThat(config.rootFieldNames()).isEqualTo(Map.of("select", "things", "insert", "add"));
        assertThat(config.withColumnsRenamed(Map.of("a_b", "ab")).columnNames()).isEqualTo(Map.of("ab", "aB", "c_d", "cD"));
    }

    @Test
    void computedFieldsAreTypedAndWrittenBackAsRead() throws Exception {
        roundTrips("""
                {"table":{"name":"t","schema":"public"},
                 "computed_fields":[{"definition":{"function":{"name":"full_name","schema":"public"},"table_argument":"row"},"name":"full_name"},
                   {"name":"mine","definition":{"session_argument":"session","function":{"name":"is_mine","schema":"app"},"table_argument":null},"comment":"x"}],
                 "event_triggers":[{"name":"e"}]}
                """);
        TableEntry entry = onlyTable(withTable("""
                {"table":"t","computed_fields":[{"name":"mine","definition":{"function":"is_mine","session_argument":"s"}}]}
                """));
        assertThat(entry.computedField("mine").orElseThrow().definition()).isEqualTo(new ComputedField.Definition(
                QualifiedTable.of("is_mine"), Optional.empty(), Optional.of("s"), Map.of(), List.of("function",
                        "session_argument")));
        assertThat(entry.other()).isEmpty();
    }
}
