package io.quarry.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Tracked functions, inherited roles and {@code is_enum} read typed and come back as read, in either key order. */
class FunctionsJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Hasura's export order. */
    private static final String EXPORTED = """
            {"version":3,"sources":[{"name":"default","kind":"postgres","tables":[
              {"table":{"name":"color","schema":"public"},"is_enum":true},
              {"table":{"name":"shade","schema":"public"},"is_enum":false}],
             "functions":[{"function":{"name":"search","schema":"public"},
               "configuration":{"custom_name":"find","custom_root_fields":{"function":"find_all",
                 "function_aggregate":"find_stats"},"session_argument":"hasura_session","exposed_as":"query"},
               "permissions":[{"role":"user"},{"role":"editor"}],"comment":"full text"},
              {"function":{"name":"plain","schema":"public"}}],
             "configuration":{"connection_info":{"database_url":{"from_env":"DB"}}}}],
             "remote_schemas":[],
             "inherited_roles":[{"role_name":"both","role_set":["user","editor"]}],
             "graphql_schema_introspection":{"disabled_for_roles":["both"]}}""";

    /** The CLI folder's order: alphabetical within objects, the folder's own order of source keys. */
    private static final String FOLDER = """
            {"version":3,"sources":[{"name":"default","kind":"postgres","tables":[],
             "configuration":{"connection_info":{"database_url":"postgres://x"}},
             "functions":[{"comment":"c","configuration":{"custom_root_fields":{"function_aggregate":null,
               "function":"f"},"exposed_as":"mutation","session_argument":null},
               "function":{"name":"search","schema":"public"},"permissions":[]}]}],
             "inherited_roles":[{"role_name":"both","role_set":["a"]}],"remote_schemas":[]}""";

    @Test
    void readsFunctionsInheritedRolesAndEnumsTyped() throws Exception {
        Metadata metadata = MetadataJson.read(JSON.readTree(EXPORTED));
        Source source = metadata.sources().get(0);
        assertThat(source.other()).isEmpty();
        assertThat(source.configuration()).isPresent();
        assertThat(source.functions()).hasSize(2);
        TrackedFunction search = source.function(new QualifiedTable("public", "search")).orElseThrow();
        TrackedFunction.Configuration config = search.configuration().orElseThrow();
        assertThat(config.customName()).contains("find");
        assertThat(config.customRootFields().orElseThrow().function()).contains("find_all");
        assertThat(config.customRootFields().orElseThrow().functionAggregate()).contains("find_stats");
        assertThat(config.sessionArgument()).contains("hasura_session");
        assertThat(config.exposedAs()).contains("query");
        assertThat(search.permissions()).containsExactly("user", "editor");
        assertThat(search.comment()).contains("full text");
        assertThat(source.functions().get(1).configuration()).isEmpty();

        assertThat(metadata.other()).doesNotContainKey("inherited_roles");
        assertThat(metadata.inheritedRoles()).containsExactly(InheritedRole.of("both", List.of("user", "editor"))
                .withKeys(List.of("role_name", "role_set")));
        assertThat(source.tables().get(0).isEnum()).contains(true);
        assertThat(source.tables().get(0).enumTable()).isTrue();
        assertThat(source.tables().get(1).isEnum()).contains(false);
        assertThat(source.tables().get(1).enumTable()).isFalse();
        assertThat(source.tables().get(0).other()).isEmpty();
    }

    @Test
    void writesBothKeyOrdersBackAsRead() throws Exception {
        for (String document : List.of(EXPORTED, FOLDER)) {
            JsonNode json = JSON.readTree(document);
            assertThat(JSON.writeValueAsString(MetadataJson.write(MetadataJson.read(json))))
                    .isEqualTo(JSON.writeValueAsString(json));
        }
    }

    @Test
    void changesKeepTheOrderAndDropWhatBecameEmpty() throws Exception {
        Metadata metadata = MetadataJson.read(JSON.readTree(EXPORTED));
        QualifiedTable search = new QualifiedTable("public", "search");
        Metadata changed = metadata.updateSource("default", s -> s.withFunctions(s.functions().stream()
                .map(f -> f.function().equals(search) ? f.withPermissions(List.of()).withConfiguration(Optional.empty())
                        : f).toList()))
                .withInheritedRoles(List.of());
        JsonNode written = MetadataJson.write(changed);
        assertThat(written.at("/sources/0/functions/0").toString())
                .isEqualTo("{\"function\":{\"name\":\"search\",\"schema\":\"public\"},\"comment\":\"full text\"}");
        // Hasura keeps an emptied inherited_roles in its export, in its place.
        assertThat(fieldNames(written)).containsExactly("version", "sources", "remote_schemas", "inherited_roles",
                "graphql_schema_introspection");
        assertThat(written.get("inherited_roles")).isEmpty();

        // Permissions given to a function read without them take Hasura's place, before the comment.
        TrackedFunction commented = MetadataJson.readFunction(JSON.readTree(
                "{\"function\":\"f\",\"comment\":\"c\"}"), "$");
        assertThat(MetadataJson.writeFunction(commented.withPermissions(List.of("user"))).toString())
                .isEqualTo("{\"function\":{\"name\":\"f\",\"schema\":\"public\"},\"permissions\":[{\"role\":\"user\"}],"
                        + "\"comment\":\"c\"}");

        Metadata untracked = metadata.updateSource("default", s -> s.withFunctions(List.of()));
        assertThat(fieldNames(MetadataJson.write(untracked).at("/sources/0"))).containsExactly("name", "kind",
                "tables", "configuration");
        Metadata tracked = untracked.updateSource("default", s -> s.withFunctions(List.of(
                TrackedFunction.of(search, Optional.of(TrackedFunction.Configuration.EMPTY)))));
        assertThat(MetadataJson.write(tracked).at("/sources/0/functions").toString())
                .isEqualTo("[{\"function\":{\"name\":\"search\",\"schema\":\"public\"},\"configuration\":{}}]");
    }

    @Test
    void refusesMistypedEntriesAtTheirPath() {
        assertThatThrownBy(() -> MetadataJson.read(JSON.readTree("""
                {"version":3,"sources":[{"name":"default","kind":"postgres","tables":[],
                 "functions":[{"function":"f","configuration":{"custom_name":7}}]}]}""")))
                .isInstanceOf(MetadataException.class)
                .extracting(e -> ((MetadataException) e).path())
                .isEqualTo("$.sources[0].functions[0].configuration.custom_name");
        assertThatThrownBy(() -> MetadataJson.read(JSON.readTree("""
                {"version":3,"sources":[],"inherited_roles":[{"role_name":"r","role_set":"user"}]}""")))
                .isInstanceOf(MetadataException.class)
                .extracting(e -> ((MetadataException) e).path()).isEqualTo("$.inherited_roles[0].role_set");
        assertThatThrownBy(() -> MetadataJson.read(JSON.readTree("""
                {"version":3,"sources":[{"name":"default","tables":[{"table":"t","is_enum":"yes"}]}]}""")))
                .isInstanceOf(MetadataException.class)
                .extracting(e -> ((MetadataException) e).path()).isEqualTo("$.sources[0].tables[0].is_enum");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
