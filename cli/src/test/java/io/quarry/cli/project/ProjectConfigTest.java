package io.quarry.cli.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings resolve as in Hasura's CLI: flag, then environment, then env file, then config.yaml, then default. */
class ProjectConfigTest {
    @TempDir
    Path dir;

    private void config(String yaml) throws IOException {
        Files.writeString(dir.resolve("config.yaml"), yaml);
    }

    @Test
    void defaultsWithoutConfig() {
        ProjectConfig c = ProjectConfig.load(dir, null, null, null, Map.of());
        assertThat(c.endpoint().url().toString()).isEqualTo("http://localhost:8080");
        assertThat(c.endpoint().adminSecret()).isEmpty();
        assertThat(c.metadataDirectory()).isEqualTo(dir.toAbsolutePath().normalize().resolve("metadata"));
    }

    @Test
    void flagBeatsEnvironmentBeatsEnvFileBeatsConfig() throws IOException {
        config("version: 3\nendpoint: http://config:1\nadmin_secret: from-config\nmetadata_directory: meta\n"
                + "api_paths:\n  v1_metadata: api/metadata\n");
        Files.writeString(dir.resolve(".env"), "# comment\nHASURA_GRAPHQL_ENDPOINT=http://envfile:2\n"
                + "export HASURA_GRAPHQL_ADMIN_SECRET=\"from-envfile\"\n");
        ProjectConfig fromFile = ProjectConfig.load(dir, null, null, null, Map.of());
        assertThat(fromFile.endpoint().url().toString()).isEqualTo("http://envfile:2");
        assertThat(fromFile.endpoint().adminSecret()).contains("from-envfile");
        assertThat(fromFile.endpoint().metadataUri().toString()).isEqualTo("http://envfile:2/api/metadata");
        assertThat(fromFile.metadataDirectory().getFileName().toString()).isEqualTo("meta");

        ProjectConfig fromEnv = ProjectConfig.load(dir, null, null, null,
                Map.of("HASURA_GRAPHQL_ENDPOINT", "http://env:3"));
        assertThat(fromEnv.endpoint().url().toString()).isEqualTo("http://env:3");
        assertThat(fromEnv.endpoint().adminSecret()).contains("from-envfile");

        ProjectConfig fromFlag = ProjectConfig.load(dir, "http://flag:4", "from-flag", null,
                Map.of("HASURA_GRAPHQL_ENDPOINT", "http://env:3"));
        assertThat(fromFlag.endpoint().url().toString()).isEqualTo("http://flag:4");
        assertThat(fromFlag.endpoint().adminSecret()).contains("from-flag");
        assertThat(fromFlag.endpoint().toString()).doesNotContain("from-flag").contains("<masked>");

        Files.delete(dir.resolve(".env"));
        ProjectConfig fromConfig = ProjectConfig.load(dir, null, null, null, Map.of());
        assertThat(fromConfig.endpoint().url().toString()).isEqualTo("http://config:1");
        assertThat(fromConfig.endpoint().adminSecret()).contains("from-config");
    }

    @Test
    void aNamedEnvFileMustExist() {
        assertThatThrownBy(() -> ProjectConfig.load(dir, null, null, "prod.env", Map.of()))
                .isInstanceOf(ProjectException.class).hasMessageContaining("prod.env does not exist");
    }

    @Test
    void anOldConfigVersionSaysHowToUpgrade() throws IOException {
        config("version: 2\nendpoint: http://x\n");
        assertThatThrownBy(() -> ProjectConfig.load(dir, null, null, null, Map.of()))
                .isInstanceOf(ProjectException.class).hasMessageContaining("only version 3");
    }

    @Test
    void theDatabaseUrlComesFromTheFlagThenTheEnvironmentThenTheEnvFileThenTheDefault() throws IOException {
        String fallback = "postgres://default/db";
        assertThat(ProjectConfig.databaseUrl(dir, null, null, Map.of(), fallback)).isEqualTo(fallback);
        Files.writeString(dir.resolve(".env"), "HASURA_GRAPHQL_DATABASE_URL=postgres://envfile/db\n");
        assertThat(ProjectConfig.databaseUrl(dir, null, null, Map.of(), fallback)).isEqualTo("postgres://envfile/db");
        Map<String, String> env = Map.of("HASURA_GRAPHQL_DATABASE_URL", "postgres://env/db");
        assertThat(ProjectConfig.databaseUrl(dir, null, null, env, fallback)).isEqualTo("postgres://env/db");
        assertThat(ProjectConfig.databaseUrl(dir, "postgres://flag/db", null, env, fallback))
                .isEqualTo("postgres://flag/db");
        // QUARRY_DATABASE_URL in the env file does not beat HASURA_GRAPHQL_DATABASE_URL in the environment.
        Files.writeString(dir.resolve("other.env"), "QUARRY_DATABASE_URL=postgres://other/db\n");
        assertThat(ProjectConfig.databaseUrl(dir, null, "other.env", env, fallback)).isEqualTo("postgres://env/db");
        assertThat(ProjectConfig.databaseUrl(dir, null, "other.env", Map.of(), fallback))
                .isEqualTo("postgres://other/db");
        assertThatThrownBy(() -> ProjectConfig.databaseUrl(dir, null, "missing.env", Map.of(), fallback))
                .hasMessageContaining("the env file").hasMessageContaining("does not exist");
    }
}
