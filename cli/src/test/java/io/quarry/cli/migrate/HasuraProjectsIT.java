package io.quarry.cli.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The migrations of three real Hasura projects (shared/hasura-projects) applied from an empty database, then
 * status, then their down migrations as far as the projects' own down.sql files allow. Skipped when the shared folder is absent, unless CI is set.
 */
class HasuraProjectsIT {
    @ParameterizedTest
    @ValueSource(strings = {"kreako__soklaki", "UWFlow__uwflow", "andrewMacmurray__realworld-hasura"})
    void appliesFromAnEmptyDatabase(String name) throws Exception {
        Path project = locate(name);
        List<MigrationFiles> files = MigrationFiles.read(project.resolve("migrations/default"));
        assertThat(files).isNotEmpty();
        TestDb db = TestDb.create("quarry_projects");
        try {
            ByteArrayOutputStream progress = new ByteArrayOutputStream();
            long started = System.nanoTime();
            Migrations.Result result = Migrations.apply(project, "default", db.url,
                    new PrintStream(progress, true, StandardCharsets.UTF_8));
            long ms = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("%s: %d migrations applied in %d ms%n", name, result.applied(), ms);
            assertThat(result.applied()).isEqualTo(files.size());
            assertThat(progress.toString(StandardCharsets.UTF_8))
                    .contains("[" + files.size() + "/" + files.size() + "]");
            assertThat(db.one("SELECT count(*) FROM hdb_catalog.quarry_schema_history WHERE success"))
                    .isEqualTo(Integer.toString(files.size()));
            assertThat(db.one("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).isNotEqualTo("0");

            Migrations migrations = new Migrations(project.resolve("migrations"), "default", DatabaseUrl.parse(db.url),
                    new PrintStream(progress, true, StandardCharsets.UTF_8));
            assertThat(migrations.status()).hasSize(files.size()).allMatch(s -> s.present() && s.applied());
            assertThat(Migrations.apply(project, "default", db.url, System.out).nothingDone()).isTrue();

            // Down migrations as far as the project's own down.sql files allow: some are wrong (a view left
            // depending on a table, a constraint written "check (CHECK (...))"), and then the failure names
            // the file and line and that migration stays applied.
            started = System.nanoTime();
            String outcome;
            try {
                Migrations.Result down = migrations.run(new Step.Down(-1));
                assertThat(down.reverted()).isEqualTo(files.size());
                assertThat(db.one("SELECT count(*) FROM hdb_catalog.quarry_schema_history")).isEqualTo("0");
                outcome = "all " + down.reverted() + " reverted";
            } catch (MigrationFailure e) {
                assertThat(e.file()).endsWith("down.sql");
                assertThat(e.line()).isPositive();
                String version = Path.of(e.file()).getParent().getFileName().toString().split("_", 2)[0];
                assertThat(db.column("SELECT version FROM hdb_catalog.quarry_schema_history")).contains(version);
                outcome = "stopped at " + e.getMessage();
            }
            System.out.printf("%s: down all in %d ms: %s%n", name, (System.nanoTime() - started) / 1_000_000,
                    outcome);
        } finally {
            db.drop();
        }
    }

    private static Path locate(String name) {
        String env = System.getenv("QUARRY_SHARED");
        Path root = null;
        if (env != null && !env.isBlank()) {
            root = Path.of(env);
        } else {
            for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
                if (Files.isDirectory(dir.resolveSibling("shared").resolve("hasura-projects"))) {
                    root = dir.resolveSibling("shared");
                    break;
                }
            }
        }
        Path project = root == null ? null : root.resolve("hasura-projects").resolve(name);
        if (project == null || !Files.isDirectory(project)) {
            if (System.getenv("CI") != null) {
                throw new IllegalStateException("missing shared/hasura-projects/" + name + " under CI");
            }
            assumeTrue(false, "shared/hasura-projects/" + name + " is absent");
        }
        return project;
    }
}
