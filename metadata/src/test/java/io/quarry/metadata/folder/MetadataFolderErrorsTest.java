package io.quarry.metadata.folder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder that cannot be read fails with the file, line and column; what the CLI ignores is ignored. */
class MetadataFolderErrorsTest {
    @TempDir
    Path dir;

    private void files(Map<String, String> files) throws IOException {
        Files.writeString(dir.resolve("version.yaml"), "version: 3\n");
        Files.createDirectories(dir.resolve("databases"));
        Files.writeString(dir.resolve("databases/databases.yaml"), "[]\n");
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = dir.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }
    }

    private static final String DATABASES = """
            - name: default
              kind: postgres
              configuration:
                connection_info:
                  database_url:
                    from_env: DB
              tables: "!include default/tables/tables.yaml"
            """;

    @Test
    void aMissingIncludeTargetNamesTheIncludingFileLineAndColumn() throws IOException {
        files(Map.of("databases/databases.yaml", DATABASES,
                "databases/default/tables/tables.yaml", "- \"!include public_a.yaml\"\n- \"!include public_b.yaml\"\n",
                "databases/default/tables/public_a.yaml", "table:\n  name: a\n  schema: public\n"));
        assertThatThrownBy(() -> MetadataFolder.read(dir)).isInstanceOfSatisfying(FolderException.class, e -> {
            assertThat(e.file()).isEqualTo(dir.resolve("databases/default/tables/tables.yaml"));
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.column()).isEqualTo(3);
            assertThat(e.getMessage()).contains("tables.yaml:2:3", "public_b.yaml does not exist");
        });
    }

    @Test
    void malformedYamlNamesTheFileLineAndColumn() throws IOException {
        files(Map.of("databases/databases.yaml", DATABASES,
                "databases/default/tables/tables.yaml", "- \"!include public_a.yaml\"\n",
                "databases/default/tables/public_a.yaml", "table:\n  name: a\n schema: public\n"));
        assertThatThrownBy(() -> MetadataFolder.read(dir)).isInstanceOfSatisfying(FolderException.class, e -> {
            assertThat(e.file()).isEqualTo(dir.resolve("databases/default/tables/public_a.yaml"));
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.getMessage()).contains("public_a.yaml:3:", "malformed YAML");
        });
    }

    @Test
    void anUnknownKeyNamesTheFileLineAndColumn() throws IOException {
        files(Map.of("databases/databases.yaml", DATABASES,
                "databases/default/tables/tables.yaml", "- \"!include public_a.yaml\"\n",
                "databases/default/tables/public_a.yaml", """
                        table:
                          name: a
                          schema: public
                        select_permissions:
                          - role: user
                            permision:
                              columns: []
                        """));
        assertThatThrownBy(() -> MetadataFolder.read(dir)).isInstanceOfSatisfying(FolderException.class, e -> {
            assertThat(e.line()).isEqualTo(6);
            assertThat(e.column()).isEqualTo(5);
            assertThat(e.getMessage()).contains("public_a.yaml:6:5", "unknown key \"permision\"", "permission");
        });
    }

    @Test
    void anUnknownKeyAtTheRootOfATableFileIsAnError() throws IOException {
        files(Map.of("databases/databases.yaml", DATABASES,
                "databases/default/tables/tables.yaml", "- \"!include public_a.yaml\"\n",
                "databases/default/tables/public_a.yaml", "table:\n  name: a\n  schema: public\nselect_permission: []\n"));
        assertThatThrownBy(() -> MetadataFolder.read(dir)).isInstanceOf(FolderException.class)
                .hasMessageContaining("public_a.yaml:4:1").hasMessageContaining("unknown key \"select_permission\"");
    }

    @Test
    void aMissingDatabasesFileIsAnErrorNotAnEmptyProject() throws IOException {
        files(Map.of());
        Files.delete(dir.resolve("databases/databases.yaml"));
        assertThatThrownBy(() -> MetadataFolder.read(dir)).isInstanceOf(FolderException.class)
                .hasMessageContaining("databases.yaml").hasMessageContaining("missing");
    }

    @Test
    void anIncludeCycleIsAnError() throws IOException {
        files(Map.of("databases/databases.yaml", DATABASES,
                "databases/default/tables/tables.yaml", "- \"!include tables.yaml\"\n"));
        assertThatThrownBy(() -> MetadataFolder.read(dir)).isInstanceOf(FolderException.class)
                .hasMessageContaining("includes itself");
    }

    @Test
    void namesThatWouldLeadOutOfTheFolderAreNotWritten() throws IOException {
        com.fasterxml.jackson.databind.JsonNode metadata = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                "{\"version\":3,\"sources\":[{\"name\":\"../../escaped\",\"kind\":\"postgres\","
                        + "\"tables\":[{\"table\":{\"schema\":\"public\",\"name\":\"t\"}}],"
                        + "\"configuration\":{\"connection_info\":{\"database_url\":\"postgres://x\"}}}]}");
        Path target = dir.resolve("project/metadata");
        Files.createDirectories(target);
        assertThatThrownBy(() -> MetadataFolder.write(target, metadata)).isInstanceOf(FolderException.class)
                .hasMessageContaining("outside the metadata folder");
        assertThat(dir.resolve("escaped")).doesNotExist();
        assertThat(dir.resolve("project/escaped")).doesNotExist();
    }

    @Test
    void aDuplicateKeyIsAnError() throws IOException {
        files(Map.of("api_limits.yaml", "disabled: true\ndisabled: false\n"));
        assertThatThrownBy(() -> MetadataFolder.read(dir)).isInstanceOf(FolderException.class)
                .hasMessageContaining("api_limits.yaml:2:1").hasMessageContaining("duplicate key");
    }

    @Test
    void tableFilesThatTablesYamlDoesNotIncludeAreIgnored() throws IOException {
        files(Map.of("databases/databases.yaml", DATABASES,
                "databases/default/tables/tables.yaml", "- \"!include public_a.yaml\"\n",
                "databases/default/tables/public_a.yaml", "table:\n  name: a\n  schema: public\n",
                "databases/default/tables/public_old.yaml", "this is: [not even: valid\n"));
        JsonNode metadata = MetadataFolder.read(dir);
        assertThat(metadata.at("/sources/0/tables")).hasSize(1);
        assertThat(MetadataFolder.files(dir)).doesNotContain("databases/default/tables/public_old.yaml")
                .contains("databases/default/tables/public_a.yaml");
    }

    @Test
    void aFolderWithoutVersionYamlIsRefused() {
        assertThatThrownBy(() -> MetadataFolder.read(dir.resolve("nothing"))).isInstanceOf(FolderException.class)
                .hasMessageContaining("version.yaml is missing");
    }

    @Test
    void anIncludeMayNotLeaveTheFolder() throws IOException {
        files(Map.of("databases/databases.yaml", DATABASES.replace("default/tables/tables.yaml", "../../x.yaml")));
        assertThatThrownBy(() -> MetadataFolder.read(dir)).isInstanceOf(FolderException.class)
                .hasMessageContaining("outside the metadata folder");
    }

    @Test
    void anActionMissingFromTheSdlIsAnError() throws IOException {
        files(Map.of("actions.yaml", "actions:\n  - name: login\n    definition:\n      handler: http://x\n",
                "actions.graphql", ""));
        assertThatThrownBy(() -> MetadataFolder.read(dir)).isInstanceOf(FolderException.class)
                .hasMessageContaining("action login is not present in actions.graphql");
    }

    @Test
    void malformedSdlNamesTheLineAndColumn() throws IOException {
        files(Map.of("actions.graphql", "type Mutation {\n  login(name: String!): Out\n}\n\ntype Out {\n  id Int\n}\n"));
        assertThatThrownBy(() -> MetadataFolder.read(dir)).isInstanceOf(FolderException.class)
                .hasMessageContaining("actions.graphql:6:6").hasMessageContaining("expected \":\"");
    }

    @Test
    void exportJsonBecomesTheCliLayoutAndReadsBack() throws IOException {
        JsonNode metadata = new ObjectMapper().readTree("""
                {"version":3,"sources":[{"name":"default","kind":"postgres","tables":[
                  {"table":{"schema":"public","name":"author"},
                   "select_permissions":[{"role":"user","permission":{"columns":["id","name"],"filter":{"id":{"_eq":"X-Hasura-User-Id"}}}}]}],
                 "configuration":{"connection_info":{"database_url":{"from_env":"DB"}}},
                 "functions":[{"function":{"schema":"public","name":"search"}}]}],
                 "actions":[{"name":"login","definition":{"handler":"{{BASE}}/login","output_type":"Token","arguments":[{"name":"email","type":"String!"}],"type":"mutation","kind":"synchronous"}}],
                 "custom_types":{"objects":[{"name":"Token","fields":[{"name":"token","type":"String!"}]}]},
                 "inherited_roles":[{"role_name":"both","role_set":["user","editor"]}]}
                """);
        Map<String, String> files = MetadataFolder.write(dir, metadata);
        assertThat(files).containsKeys("version.yaml", "databases/databases.yaml",
                "databases/default/tables/tables.yaml", "databases/default/tables/public_author.yaml",
                "databases/default/functions/functions.yaml", "databases/default/functions/public_search.yaml",
                "actions.yaml", "actions.graphql", "inherited_roles.yaml", "rest_endpoints.yaml", "network.yaml");
        assertThat(files.get("databases/databases.yaml")).isEqualTo("""
                - name: default
                  kind: postgres
                  configuration:
                    connection_info:
                      database_url:
                        from_env: DB
                  tables: "!include default/tables/tables.yaml"
                  functions: "!include default/functions/functions.yaml"
                """);
        assertThat(files.get("databases/default/tables/public_author.yaml")).isEqualTo("""
                table:
                  name: author
                  schema: public
                select_permissions:
                  - role: user
                    permission:
                      columns:
                        - id
                        - name
                      filter:
                        id:
                          _eq: X-Hasura-User-Id
                """.replace("  name: author\n  schema: public", "  schema: public\n  name: author"));
        assertThat(files.get("actions.yaml")).startsWith("actions:\n  - name: login\n    definition:\n"
                + "      handler: '{{BASE}}/login'\n      kind: synchronous\n");
        assertThat(files.get("actions.graphql")).isEqualTo("type Mutation {\n  login(\n    email: String!\n  ): Token\n}\n\n"
                + "type Token {\n  token: String!\n}\n\n");
        assertThat(files.get("rest_endpoints.yaml")).isEqualTo("[]\n");
        assertThat(files.get("network.yaml")).isEqualTo("{}\n");
        JsonNode back = MetadataFolder.read(dir);
        assertThat(back.at("/sources/0/tables/0")).isEqualTo(metadata.at("/sources/0/tables/0"));
        assertThat(back.at("/actions/0/definition/arguments")).isEqualTo(metadata.at("/actions/0/definition/arguments"));
        assertThat(back.at("/actions/0/definition/output_type").asText()).isEqualTo("Token");
        assertThat(back.at("/custom_types/objects/0/fields")).isEqualTo(metadata.at("/custom_types/objects/0/fields"));
        assertThat(back.get("inherited_roles")).isEqualTo(metadata.get("inherited_roles"));
    }
}
