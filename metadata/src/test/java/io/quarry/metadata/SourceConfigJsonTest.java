package io.quarry.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A source's configuration and customization read typed and come back as read; its other keys are kept as opaque
 * values.
 */
class SourceConfigJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsTheConnectionInfoTyped() throws Exception {
        Source source = MetadataJson.read(JSON.readTree("""
                {"version":3,"sources":[{"name":"default","kind":"postgres","tables":[],
                 "configuration":{"connection_info":{"database_url":{"from_env":"DB_URL"},
                   "isolation_level":"read-committed","pool_settings":{"connection_lifetime":600,"idle_timeout":180,
                   "max_connections":50,"retries":1},"use_prepared_statements":true}},
                 "customization":{"root_fields":{"namespace":"db"}}}]}""")).sources().get(0);
        SourceConfig.ConnectionInfo info = source.configuration().orElseThrow().connectionInfo().orElseThrow();
        assertThat(info.databaseUrl()).contains(new SourceConfig.DatabaseUrl.FromEnv("DB_URL"));
        assertThat(info.isolationLevel()).contains("read-committed");
        assertThat(info.usePreparedStatements()).contains(true);
        assertThat(info.poolSettings().orElseThrow().maxConnections()).contains(50);
        assertThat(info.poolSettings().orElseThrow().poolTimeout()).isEmpty();
        assertThat(source.other()).isEmpty();
        assertThat(source.customization().orElseThrow().rootFields().orElseThrow().namespace()).contains("db");
        assertThat(new SourceConfig.DatabaseUrl.Literal("postgres://u:secret@h/db").toString()).doesNotContain("secret");
    }

    @Test
    void writesEveryOrderBackAsRead() throws Exception {
        for (String document : List.of("""
                {"version":3,"sources":[{"name":"default","kind":"postgres","tables":[],
                 "configuration":{"connection_info":{"database_url":"postgres://x","isolation_level":"serializable",
                   "pool_settings":{"idle_timeout":1.5,"max_connections":5,"total_max_connections":null},
                   "use_prepared_statements":false},"read_replicas":[{"database_url":"postgres://r"}]},
                 "customization":{"type_names":{"prefix":"p_"}}}]}""", """
                {"version":3,"sources":[{"name":"default","kind":"postgres","tables":[],
                 "query_tags":{"disabled":true},
                 "configuration":{"extensions_schema":"ext","connection_info":{"use_prepared_statements":true,
                   "pool_settings":{"retries":1,"max_connections":50,"connection_lifetime":600},
                   "database_url":{"from_env":"HASURA_GRAPHQL_DATABASE_URL"},"isolation_level":"read-committed"}},
                 "customization":{"naming_convention":"graphql-default","root_fields":{"suffix":"_s","prefix":null},
                   "type_names":{"mapping":{"a":"b"},"suffix":"_t"},"source_name":"x"}}]}""")) {
            JsonNode json = JSON.readTree(document);
            assertThat(JSON.writeValueAsString(MetadataJson.write(MetadataJson.read(json))))
                    .isEqualTo(JSON.writeValueAsString(json));
        }
    }

    @Test
    void aNewConfigurationFollowsTheKeysRead() throws Exception {
        Metadata metadata = MetadataJson.read(JSON.readTree("""
                {"version":3,"sources":[{"name":"default","kind":"postgres","tables":[],
                 "customization":{"naming_convention":"hasura-default"}}]}"""));
        SourceConfig config = MetadataJson.readSourceConfig(JSON.readTree(
                "{\"connection_info\":{\"database_url\":\"postgres://y\"}}"), "$.configuration");
        JsonNode written = MetadataJson.write(metadata.updateSource("default",
                s -> s.withConfiguration(java.util.Optional.of(config))));
        assertThat(written.at("/sources/0").toString()).isEqualTo("{\"name\":\"default\",\"kind\":\"postgres\","
                + "\"tables\":[],\"customization\":{\"naming_convention\":\"hasura-default\"},"
                + "\"configuration\":{\"connection_info\":{\"database_url\":\"postgres://y\"}}}");
    }

    @Test
    void readsTheCustomizationTyped() throws Exception {
        SourceCustomization customization = MetadataJson.readCustomization(JSON.readTree("""
                {"root_fields":{"namespace":"db","prefix":"p_"},"type_names":{"suffix":"_t","mapping":{"a":"b"}},
                 "naming_convention":"graphql-default"}"""), "$");
        assertThat(customization.rootFields().orElseThrow().prefix()).contains("p_");
        assertThat(customization.typeNames().orElseThrow().mapping()).containsEntry("a", "b");
        assertThat(customization.namingConvention()).contains("graphql-default");
        assertThatThrownBy(() -> MetadataJson.readCustomization(JSON.readTree("{\"root_fields\":{\"prefix\":1}}"),
                "$.customization")).isInstanceOf(MetadataException.class)
                .extracting(e -> ((MetadataException) e).path()).isEqualTo("$.customization.root_fields.prefix");
    }

    @Test
    void refusesAMistypedConfigurationAtItsPath() {
        assertThatThrownBy(() -> MetadataJson.read(JSON.readTree("""
                {"version":3,"sources":[{"name":"default","tables":[],
                 "configuration":{"connection_info":{"database_url":{"from_env":"A","extra":1}}}}]}""")))
                .isInstanceOf(MetadataException.class).extracting(e -> ((MetadataException) e).path())
                .isEqualTo("$.sources[0].configuration.connection_info.database_url");
        assertThatThrownBy(() -> MetadataJson.read(JSON.readTree("""
                {"version":3,"sources":[{"name":"default","tables":[],
                 "configuration":{"connection_info":{"pool_settings":{"retries":"1"}}}}]}""")))
                .isInstanceOf(MetadataException.class).extracting(e -> ((MetadataException) e).path())
                .isEqualTo("$.sources[0].configuration.connection_info.pool_settings.retries");
    }
}
