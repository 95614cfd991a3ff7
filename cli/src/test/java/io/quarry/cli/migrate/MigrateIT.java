package io.quarry.cli.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code quarry migrate ...} through the real picocli command against a real database, one per test. */
class MigrateIT {
    @TempDir
    Path project;

    private TestDb db;
    private Cli cli;

    @BeforeEach
    void createDatabase() throws SQLException {
        db = TestDb.create("quarry_migrateit");
        cli = new Cli(project, db.url);
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        db.drop();
    }

    private void migration(String id, String up, String down) throws IOException {
        Path folder = Files.createDirectories(project.resolve("migrations/default/" + id));
        Files.writeString(folder.resolve("up.sql"), up);
        if (down != null) {
            Files.writeString(folder.resolve("down.sql"), down);
        }
    }

    @Test
    void createApplyStatusDownStatus() throws Exception {
        Cli.Run created = cli.run("migrate", "create", "create_author",
                "--up-sql", "CREATE TABLE author (id serial PRIMARY KEY, name text NOT NULL);",
                "--down-sql", "DROP TABLE author;");
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(created.out()).contains("Migrations files created: name=create_author version=");
        Thread.sleep(5);
        assertThat(cli.run("migrate", "create", "create_article",
                "--up-sql", "CREATE TABLE article (id serial PRIMARY KEY,\n  author_id int REFERENCES author(id));",
                "--down-sql", "DROP TABLE article;").code()).isZero();
        var files = MigrationFiles.read(project.resolve("migrations/default"));
        assertThat(files).hasSize(2);
        assertThat(files.get(0).up()).isPresent();
        assertThat(files.get(0).down()).isPresent();
        String first = Long.toString(files.get(0).version());
        String second = Long.toString(files.get(1).version());

        Cli.Run before = cli.run("migrate", "status");
        assertThat(before.code()).isZero();
        assertThat(before.out()).contains("Database: default")
                .containsPattern("VERSION +NAME +SOURCE STATUS +DATABASE STATUS")
                .containsPattern(first + " +create_author +Present +Not Present");

        Cli.Run applied = cli.run("migrate", "apply");
        assertThat(applied.code()).as(applied.err()).isZero();
        assertThat(applied.out()).contains("applied " + first + "_create_author", "[1/2]", "[2/2]",
                "migrations applied (2 applied, 0 reverted)");
        // Unqualified names land in public, not in the schema of the history table.
        assertThat(db.one("SELECT to_regclass('public.article') IS NOT NULL")).isEqualTo("t");
        assertThat(db.column("SELECT version FROM hdb_catalog.quarry_schema_history ORDER BY installed_rank"))
                .containsExactly(first, second);

        assertThat(cli.run("migrate", "apply").out()).contains("nothing to apply on database default");
        assertThat(cli.run("migrate", "status").out())
                .containsPattern(first + " +create_author +Present +Present")
                .containsPattern(second + " +create_article +Present +Present");

        Cli.Run down = cli.run("migrate", "apply", "--down", "1");
        assertThat(down.code()).as(down.err()).isZero();
        assertThat(down.out()).contains("reverted " + second + "_create_article");
        assertThat(db.one("SELECT to_regclass('public.article') IS NOT NULL")).isEqualTo("f");
        assertThat(db.one("SELECT to_regclass('public.author') IS NOT NULL")).isEqualTo("t");
        assertThat(cli.run("migrate", "status").out())
                .containsPattern(first + " +create_author +Present +Present")
                .containsPattern(second + " +create_article +Present +Not Present");

        assertThat(cli.run("migrate", "apply", "--down", "all").code()).isZero();
        assertThat(db.one("SELECT to_regclass('public.author') IS NOT NULL")).isEqualTo("f");
        assertThat(db.column("SELECT version FROM hdb_catalog.quarry_schema_history")).isEmpty();
    }

    @Test
    void aFailingMigrationRollsBackAndNamesFileAndLine() throws Exception {
        migration("1000_good", "CREATE TABLE good (id int);", "DROP TABLE good;");
        migration("2000_bad", "CREATE TABLE half (id int);\n"
                + "INSERT INTO half VALUES (1);\n"
                + "\n"
                + "SELECT id,\n"
                + "       missing_column\n"
                + "FROM half;\n", null);
        migration("3000_after", "CREATE TABLE after_bad (id int);", null);

        Cli.Run run = cli.run("migrate", "apply");
        assertThat(run.code()).isEqualTo(1);
        Path bad = project.resolve("migrations/default/2000_bad/up.sql");
        assertThat(run.err()).contains("error: " + bad + ":5: column \"missing_column\" does not exist");
        assertThat(run.out()).contains("applied 1000_good");
        assertThat(db.one("SELECT to_regclass('public.good') IS NOT NULL")).isEqualTo("t");
        assertThat(db.one("SELECT to_regclass('public.half') IS NOT NULL")).isEqualTo("f");
        assertThat(db.one("SELECT to_regclass('public.after_bad') IS NOT NULL")).isEqualTo("f");
        assertThat(db.column("SELECT version FROM hdb_catalog.quarry_schema_history")).containsExactly("1000");

        // Fixed, the run goes on from the failed migration.
        Files.writeString(bad, "CREATE TABLE half (id int);");
        assertThat(cli.run("migrate", "apply").code()).isZero();
        assertThat(db.column("SELECT version FROM hdb_catalog.quarry_schema_history ORDER BY installed_rank"))
                .containsExactly("1000", "2000", "3000");
    }

    @Test
    void aSyntaxErrorInAFunctionBodyFileNamesItsLine() throws Exception {
        migration("1000_fn", "-- a comment\n"
                + "CREATE FUNCTION one() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n"
                + "CREATE TABLE t (\n"
                + "  id int,\n"
                + "  x inteeger\n"
                + ");\n", null);
        Cli.Run run = cli.run("migrate", "apply");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("1000_fn/up.sql:5: type \"inteeger\" does not exist");
        assertThat(db.one("SELECT count(*) FROM pg_proc WHERE proname = 'one'")).isEqualTo("0");
    }

    @Test
    void createIndexConcurrentlyRunsOutsideATransaction() throws Exception {
        migration("1000_table", "CREATE TABLE big (id serial PRIMARY KEY, x int);\n"
                + "INSERT INTO big (x) SELECT i FROM generate_series(1, 1000) i;", "DROP TABLE big;");
        migration("2000_index", "CREATE INDEX CONCURRENTLY big_x ON big (x);", "DROP INDEX CONCURRENTLY big_x;");
        Cli.Run run = cli.run("migrate", "apply");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(db.one("SELECT indisvalid FROM pg_index WHERE indexrelid = 'big_x'::regclass")).isEqualTo("t");

        Cli.Run down = cli.run("migrate", "apply", "--down", "1");
        assertThat(down.code()).as(down.err()).isZero();
        assertThat(db.one("SELECT to_regclass('public.big_x') IS NULL")).isEqualTo("t");
        assertThat(db.column("SELECT version FROM hdb_catalog.quarry_schema_history")).containsExactly("1000");
    }

    @Test
    void aNameWithSpaces() throws Exception {
        Cli.Run created = cli.run("migrate", "create", "add is_online to course_search_index",
                "--up-sql", "CREATE TABLE course (id int, is_online boolean);", "--down-sql", "DROP TABLE course;");
        assertThat(created.code()).as(created.err()).isZero();
        MigrationFiles m = MigrationFiles.read(project.resolve("migrations/default")).get(0);
        assertThat(m.name()).isEqualTo("add is_online to course_search_index");
        assertThat(project.resolve("migrations/default/" + m.version() + "_add is_online to course_search_index/up.sql"))
                .exists();
        assertThat(cli.run("migrate", "apply").code()).isZero();
        assertThat(cli.run("migrate", "status").out())
                .containsPattern(m.version() + " +add is_online to course_search_index +Present +Present");
        assertThat(cli.run("migrate", "apply", "--down", "1").code()).isZero();
        assertThat(db.one("SELECT to_regclass('public.course') IS NULL")).isEqualTo("t");
    }

    @Test
    void upStepsGotoAndOneVersion() throws Exception {
        for (int i = 1; i <= 4; i++) {
            migration(i + "000_t" + i, "CREATE TABLE t" + i + " (id int);", "DROP TABLE t" + i + ";");
        }
        assertThat(cli.run("migrate", "apply", "--up", "2").code()).isZero();
        assertThat(applied()).containsExactly("1000", "2000");
        assertThat(cli.run("migrate", "apply", "--goto", "4000").code()).isZero();
        assertThat(applied()).containsExactly("1000", "2000", "3000", "4000");
        assertThat(cli.run("migrate", "apply", "--goto", "2000").code()).isZero();
        assertThat(applied()).containsExactly("1000", "2000");
        assertThat(db.one("SELECT to_regclass('public.t3') IS NULL")).isEqualTo("t");
        assertThat(cli.run("migrate", "apply", "--version", "4000").code()).isZero();
        assertThat(applied()).containsExactly("1000", "2000", "4000");
        Cli.Run again = cli.run("migrate", "apply", "--version", "4000", "--type", "up");
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("migration 4000_t4 is already applied");
        assertThat(cli.run("migrate", "apply", "--version", "1000", "--type", "down").code()).isZero();
        assertThat(applied()).containsExactly("2000", "4000");
        // An older migration that is not applied is applied by the next full run.
        assertThat(cli.run("migrate", "apply").code()).isZero();
        assertThat(applied()).containsExactlyInAnyOrder("1000", "2000", "3000", "4000");

        Cli.Run both = cli.run("migrate", "apply", "--up", "1", "--down", "1");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("only one migration type can be applied at a time");
    }

    @Test
    void skipExecutionOnlyChangesTheHistory() throws Exception {
        migration("1000_a", "CREATE TABLE a (id int);", "DROP TABLE a;");
        migration("2000_b", "CREATE TABLE b (id int);", "DROP TABLE b;");
        assertThat(cli.run("migrate", "apply", "--skip-execution", "--up", "all").code()).isZero();
        assertThat(applied()).containsExactly("1000", "2000");
        assertThat(db.one("SELECT to_regclass('public.a') IS NULL")).isEqualTo("t");
        assertThat(cli.run("migrate", "apply", "--skip-execution", "--version", "2000", "--type", "down").code())
                .isZero();
        assertThat(applied()).containsExactly("1000");
        assertThat(cli.run("migrate", "apply", "--skip-execution", "--goto", "1000").code()).isEqualTo(2);
    }

    @Test
    void deleteForgetsVersions() throws Exception {
        migration("1000_a", "CREATE TABLE a (id int);", "DROP TABLE a;");
        migration("2000_b", "CREATE TABLE b (id int);", "DROP TABLE b;");
        assertThat(cli.run("migrate", "apply").code()).isZero();
        assertThat(cli.run("migrate", "delete", "--version", "2000", "--server").code()).isZero();
        assertThat(applied()).containsExactly("1000");
        assertThat(project.resolve("migrations/default/2000_b")).exists();
        assertThat(db.one("SELECT to_regclass('public.b') IS NOT NULL")).isEqualTo("t");

        assertThat(cli.run("migrate", "delete", "--version", "2000").code()).isZero();
        assertThat(project.resolve("migrations/default/2000_b")).doesNotExist();
        Cli.Run unknown = cli.run("migrate", "delete", "--version", "9999");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("version 9999 not found");

        assertThat(cli.run("migrate", "delete", "--all", "--server").code()).isZero();
        assertThat(applied()).isEmpty();
        assertThat(project.resolve("migrations/default/1000_a")).exists();
        assertThat(cli.run("migrate", "delete").code()).isEqualTo(2);
    }

    @Test
    void theOlderFlatLayoutAndTheEntryPoint() throws Exception {
        Files.createDirectories(project.resolve("migrations"));
        Files.writeString(project.resolve("migrations/1000_init.up.sql"), "CREATE TABLE flat (id int);");
        Files.writeString(project.resolve("migrations/1000_init.down.sql"), "DROP TABLE flat;");
        Files.writeString(project.resolve("migrations/1000_init.up.yaml"), "- type: run_sql\n");
        var progress = new java.io.ByteArrayOutputStream();
        Migrations.Result result = Migrations.apply(project, "default", db.url,
                new java.io.PrintStream(progress, true, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(result.applied()).isEqualTo(1);
        assertThat(progress.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("applied 1000_init");
        assertThat(db.one("SELECT to_regclass('public.flat') IS NOT NULL")).isEqualTo("t");
        assertThat(Migrations.apply(project, "default", db.url, System.out).nothingDone()).isTrue();
        // A project without migrations for a database has nothing to apply.
        assertThat(Migrations.apply(project.resolve("nowhere"), "default", db.url, System.out).nothingDone()).isTrue();
    }

    @Test
    void helpOnEveryCommand() {
        for (String[] command : new String[][] {{"migrate"}, {"migrate", "create"}, {"migrate", "apply"},
            {"migrate", "status"}, {"migrate", "delete"}, {"seed"}, {"seed", "create"}, {"seed", "apply"}}) {
            String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(command), java.util.stream.Stream.of("--help"))
                    .toArray(String[]::new);
            java.io.StringWriter out = new java.io.StringWriter();
            int code = new picocli.CommandLine(new io.quarry.cli.Main()).setOut(new java.io.PrintWriter(out, true))
                    .execute(args);
            assertThat(code).isZero();
            assertThat(out.toString()).contains("Usage: quarry " + String.join(" ", command));
        }
    }

    private java.util.List<String> applied() throws SQLException {
        return db.column("SELECT version FROM hdb_catalog.quarry_schema_history ORDER BY version::bigint");
    }
}
