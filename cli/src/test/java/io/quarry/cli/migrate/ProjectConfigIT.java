package io.quarry.cli.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code migrate} and {@code seed} read the project as the metadata commands do: config.yaml's
 * {@code migrations_directory} and {@code seeds_directory}, and the database URL from the env file.
 */
class ProjectConfigIT {
    @TempDir
    Path project;

    private TestDb db;

    @BeforeEach
    void createDatabase() throws SQLException {
        db = TestDb.create("quarry_projectconfigit");
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        db.drop();
    }

    private Cli.Run quarry(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--project=" + project);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new Main()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(all.toArray(String[]::new));
        return new Cli.Run(code, out.toString(), err.toString());
    }

    @Test
    void theFoldersOfConfigYamlAndTheDatabaseOfTheEnvFile() throws Exception {
        Assumptions.assumeTrue(System.getenv("QUARRY_DATABASE_URL") == null
                && System.getenv("HASURA_GRAPHQL_DATABASE_URL") == null, "the environment sets the database URL");
        Files.writeString(project.resolve("config.yaml"),
                "version: 3\nmigrations_directory: db/migrations\nseeds_directory: db/seeds\n");
        Files.writeString(project.resolve(".env"), "HASURA_GRAPHQL_DATABASE_URL=" + db.url + "\n");

        Cli.Run created = quarry("migrate", "create", "init", "--up-sql", "CREATE TABLE author (id int, name text);",
                "--down-sql", "DROP TABLE author;");
        assertThat(created.code()).as(created.err()).isZero();
        try (var dirs = Files.list(project.resolve("db/migrations/default"))) {
            assertThat(dirs.map(d -> d.getFileName().toString()).toList()).singleElement().asString()
                    .endsWith("_init");
        }
        assertThat(project.resolve("migrations")).doesNotExist();

        Cli.Run applied = quarry("migrate", "apply");
        assertThat(applied.code()).as(applied.err()).isZero();
        assertThat(applied.out()).contains("migrations applied (1 applied");
        assertThat(db.one("SELECT to_regclass('public.author') IS NOT NULL")).isEqualTo("t");
        assertThat(quarry("migrate", "status").out()).containsPattern("init +Present +Present");

        Cli.Run seed = quarry("seed", "create", "authors", "--sql", "INSERT INTO author VALUES (1, 'Ann');");
        assertThat(seed.code()).as(seed.err()).isZero();
        assertThat(project.resolve("db/seeds/default")).isDirectory();
        Cli.Run planted = quarry("seed", "apply");
        assertThat(planted.code()).as(planted.err()).isZero();
        assertThat(db.column("SELECT name FROM author")).containsExactly("Ann");

        // The flag still wins over the env file.
        Cli.Run elsewhere = quarry("migrate", "status", "--database-url", "postgres://127.0.0.1:1/nowhere");
        assertThat(elsewhere.code()).isEqualTo(1);

        // The entry point deploy and serve --project use reads config.yaml too.
        quarry("migrate", "apply", "--down", "1");
        assertThat(Migrations.apply(project, "default", db.url, System.out).applied()).isEqualTo(1);
    }

    @Test
    void anotherEnvFile() throws Exception {
        Assumptions.assumeTrue(System.getenv("QUARRY_DATABASE_URL") == null
                && System.getenv("HASURA_GRAPHQL_DATABASE_URL") == null, "the environment sets the database URL");
        Files.createDirectories(project.resolve("migrations/default/1000_init"));
        Files.writeString(project.resolve("migrations/default/1000_init/up.sql"), "CREATE TABLE t (id int);");
        Files.writeString(project.resolve("ci.env"), "export QUARRY_DATABASE_URL='" + db.url + "'\n");
        Files.writeString(project.resolve(".env"), "QUARRY_DATABASE_URL=postgres://127.0.0.1:1/nowhere\n");
        Cli.Run run = quarry("migrate", "apply", "--envfile", "ci.env");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(db.one("SELECT to_regclass('public.t') IS NOT NULL")).isEqualTo("t");
    }

    @Test
    void aMissingEnvFileIsAnError() {
        Cli.Run run = quarry("seed", "apply", "--envfile", "missing.env");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("error: the env file", "missing.env does not exist");
    }
}
