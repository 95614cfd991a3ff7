package io.quarry.cli.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code quarry seed create|apply} through the real picocli command against a real database. */
class SeedIT {
    @TempDir
    Path project;

    private TestDb db;
    private Cli cli;

    @BeforeEach
    void createDatabase() throws SQLException {
        db = TestDb.create("quarry_seedit");
        db.execute("CREATE TABLE author (id int PRIMARY KEY, name text NOT NULL)");
        cli = new Cli(project, db.url);
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        db.drop();
    }

    @Test
    void createThenApplyInOrder() throws Exception {
        Cli.Run created = cli.run("seed", "create", "authors", "--sql",
                "INSERT INTO author VALUES (1, 'Ann');\nINSERT INTO author VALUES (2, 'Bob');\n");
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(created.out()).contains("created seed file successfully: ");
        try (var files = Files.list(project.resolve("seeds/default"))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .singleElement().asString().matches("\\d+_authors\\.sql");
        }
        // COPY ... FROM stdin, as pg_dump writes data, works too.
        Files.writeString(project.resolve("seeds/default/9999999999999_more.sql"),
                "COPY author (id, name) FROM stdin;\n3\tCy\n4\tDee\n\\.\n");

        Cli.Run applied = cli.run("seed", "apply");
        assertThat(applied.code()).as(applied.err()).isZero();
        assertThat(applied.out()).contains("applied seed", "Seeds planted");
        assertThat(db.column("SELECT name FROM author ORDER BY id")).containsExactly("Ann", "Bob", "Cy", "Dee");
    }

    @Test
    void aFailingSeedKeepsNothingAndNamesFileAndLine() throws Exception {
        Path dir = Files.createDirectories(project.resolve("seeds/default"));
        Files.writeString(dir.resolve("1000_good.sql"), "INSERT INTO author VALUES (1, 'Ann');\n");
        Files.writeString(dir.resolve("2000_bad.sql"), "INSERT INTO author VALUES (2, 'Bob');\n"
                + "INSERT INTO author\n  VALUES (3, NULL);\n");
        Cli.Run run = cli.run("seed", "apply");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains(dir.resolve("2000_bad.sql") + ":2: null value in column \"name\"");
        assertThat(db.one("SELECT count(*) FROM author")).isEqualTo("0");

        Cli.Run one = cli.run("seed", "apply", "--file", "1000_good.sql");
        assertThat(one.code()).as(one.err()).isZero();
        assertThat(db.column("SELECT name FROM author")).containsExactly("Ann");
        Cli.Run missing = cli.run("seed", "apply", "--file", "nope.sql");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("no seed file nope.sql");
    }
}
