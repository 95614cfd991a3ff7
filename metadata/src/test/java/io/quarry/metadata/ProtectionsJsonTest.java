package io.quarry.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The API limits, query collections, allow-list and introspection options read typed and export exactly. */
class ProtectionsJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsTheProtectionsAndWritesThemBackUnchanged() throws Exception {
        JsonNode exported = JSON.readTree("""
                {"version":3,"sources":[{"name":"default","kind":"postgres","tables":[]}],
                 "query_collections":[{"name":"allowed-queries","definition":{"queries":[
                   {"name":"q1","query":"query { author { id } }"}]},"comment":"mine"}],
                 "allowlist":[{"collection":"allowed-queries","scope":{"global":true}},
                   {"collection":"other","scope":{"global":false,"roles":["user","editor"]}}],
                 "api_limits":{"rate_limit":{"global":{"max_reqs_per_min":100,"unique_params":"IP"},
                   "per_role":{"user":{"max_reqs_per_min":10,"unique_params":["x-hasura-user-id"]}}},
                   "depth_limit":{"global":5,"per_role":{"user":3}},"node_limit":{"global":10,"per_role":{}},
                   "time_limit":{"global":2.5,"per_role":{"user":1}},"batch_limit":{"global":4,"per_role":{}},
                   "disabled":false},
                 "graphql_schema_introspection":{"disabled_for_roles":["user"]}}
                """);
        Metadata metadata = MetadataJson.read(exported);

        ApiLimits limits = metadata.apiLimits();
        assertThat(limits.depth().orElseThrow().forRole("user")).isEqualTo(3);
        assertThat(limits.depth().orElseThrow().forRole("other")).isEqualTo(5);
        assertThat(limits.time().orElseThrow().global()).isEqualByComparingTo(new BigDecimal("2.5"));
        assertThat(limits.rate().orElseThrow().forRole("user").uniqueParams())
                .contains(new ApiLimits.UniqueParams.SessionVariables(List.of("x-hasura-user-id")));
        assertThat(metadata.allowlist().get(1).roles()).contains(List.of("user", "editor"));
        assertThat(metadata.queryCollections().get(0).query("q1")).isPresent();
        assertThat(metadata.introspectionDisabledFor()).containsExactly("user");

        assertThat(MetadataJson.write(metadata)).isEqualTo(exported);
        // Written back through the typed records, the document is the same too.
        Metadata rewritten = metadata.withApiLimits(limits).withAllowlist(metadata.allowlist())
                .withQueryCollections(metadata.queryCollections())
                .withIntrospectionDisabledFor(metadata.introspectionDisabledFor());
        assertThat(MetadataJson.write(rewritten)).isEqualTo(exported);
    }

    @Test
    void emptySettingsLeaveTheExport() {
        Metadata metadata = Metadata.empty()
                .withApiLimits(new ApiLimits(Optional.empty(), Optional.of(new ApiLimits.Limit<>(2, Map.of())),
                        Optional.empty(), Optional.empty(), Optional.empty(), false))
                .withIntrospectionDisabledFor(List.of("user"));
        assertThat(MetadataJson.write(metadata).has("api_limits")).isTrue();
        Metadata cleared = metadata.withApiLimits(ApiLimits.none()).withIntrospectionDisabledFor(List.of());
        assertThat(MetadataJson.write(cleared)).isEqualTo(MetadataJson.write(Metadata.empty()));
    }

    @Test
    void refusesMalformedProtections() throws Exception {
        assertThatThrownBy(() -> MetadataJson.read(JSON.readTree(
                "{\"version\":3,\"sources\":[],\"api_limits\":{\"depth_limit\":{\"global\":\"x\"}}}")))
                .isInstanceOf(MetadataException.class).hasMessageContaining("integer");
        assertThatThrownBy(() -> MetadataJson.read(JSON.readTree("{\"version\":3,\"sources\":[],\"api_limits\":"
                + "{\"rate_limit\":{\"global\":{\"max_reqs_per_min\":1,\"unique_params\":[\"x-hasura-role\"]}}}}")))
                .hasMessage("Not a valid value. Should be either: 'IP' or a list of Hasura session variables");
        assertThatThrownBy(() -> MetadataJson.read(JSON.readTree("{\"version\":3,\"sources\":[],\"allowlist\":"
                + "[{\"collection\":\"c\",\"scope\":{\"global\":true,\"roles\":[\"user\"]}}]}")))
                .hasMessage("roles are not allowed when global is true");
    }

    @Test
    void theFolderOrderAndOlderFormsComeBackAsRead() throws Exception {
        for (String document : List.of("""
                {"version":3,"sources":[],"allowlist":[{"collection":"allowed-queries"},
                   {"scope":{"roles":["user"],"global":false},"collection":"mine"}],
                 "api_limits":{},"graphql_schema_introspection":{"disabled_for_roles":[]},"query_collections":[]}""",
                """
                {"version":3,"sources":[],"api_limits":{"depth_limit":{"global":5},"disabled":true,
                   "rate_limit":{"global":{"max_reqs_per_min":3,"unique_params":"ip"},"per_role":{}}},
                 "query_collections":[{"comment":null,"definition":{"queries":[{"query":"{ a }","name":"q"}]},
                   "name":"c"}],"graphql_schema_introspection":{}}""")) {
            JsonNode json = JSON.readTree(document);
            assertThat(JSON.writeValueAsString(MetadataJson.write(MetadataJson.read(json))))
                    .isEqualTo(JSON.writeValueAsString(json));
        }
    }

    @Test
    void setApiLimitsStoresHasurasExportForm() throws Exception {
        ApiLimits read = ApiLimits.read(JSON.readTree("""
                {"disabled":false,"rate_limit":{"global":{"max_reqs_per_min":3,"unique_params":"ip"}}}"""), "$");
        assertThat(read.normalized().toJson().toString()).isEqualTo("{\"rate_limit\":{\"global\":"
                + "{\"max_reqs_per_min\":3,\"unique_params\":\"IP\"},\"per_role\":{}},\"disabled\":false}");
        assertThat(Metadata.empty().withApiLimits(ApiLimits.read(JSON.readTree("{\"disabled\":false}"), "$")).keys())
                .isEmpty();
    }
}
