package io.quarry.cli.migrate;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.internal.sqlscript.SqlStatement;

/**
 * Seed data as Hasura keeps it, {@code seeds/<database>/<timestamp>_<name>.sql}: created empty or from SQL, and
 * applied in file-name order, all files in one transaction so that a failing seed leaves no partial data. Seeds
 * keep no history: applying twice runs them twice, as with Hasura.
 */
public final class Seeds {
    private final Path root;
    private final String database;
    private final DatabaseUrl db;
    private final PrintStream progress;
    private final SqlFileRunner runner = new SqlFileRunner();

    /** @param root the project's seeds folder ({@code seeds}, or config.yaml's {@code seeds_directory}) */
    public Seeds(Path root, String database, DatabaseUrl db, PrintStream progress) {
        this.root = root;
        this.database = database;
        this.db = db;
        this.progress = progress;
    }

    public Path directory() {
        Path perDatabase = root.resolve(database);
        return Files.isDirectory(perDatabase) || !hasSqlFiles(root) ? perDatabase : root;
    }

    public Path create(String name, String sql, long timestamp) {
        if (name.isBlank() || name.contains("/") || name.contains("\\")) {
            throw new IllegalArgumentException("invalid seed name: \"" + name + "\"");
        }
        Path file = directory().resolve(timestamp + "_" + name + ".sql");
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, sql, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The seed files, by name; those named (by file name or path) when {@code only} is not empty. */
    public List<Path> files(List<String> only) {
        List<Path> all = sqlFiles(directory());
        if (only.isEmpty()) {
            return all;
        }
        List<Path> chosen = new ArrayList<>();
        for (String wanted : only) {
            Path match = all.stream()
                    .filter(p -> p.getFileName().toString().equals(wanted) || p.endsWith(wanted)
                            || p.toAbsolutePath().normalize().equals(Path.of(wanted).toAbsolutePath().normalize()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no seed file " + wanted + " in " + directory()));
            chosen.add(match);
        }
        return chosen;
    }

    /** Applies the seed files in one transaction; returns how many ran. Throws {@link MigrationFailure}. */
    public int apply(List<String> only) {
        List<Path> files = files(only);
        if (files.isEmpty()) {
            return 0;
        }
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try {
                for (Path file : files) {
                    List<SqlStatement> statements = runner.parse(file);
                    if (!SqlFileRunner.transactional(statements)) {
                        throw new IllegalArgumentException(file + " has a statement that cannot run in a transaction;"
                                + " seeds are applied in one transaction");
                    }
                    runner.run(c, file, statements);
                    progress.println("applied seed " + file.getFileName());
                }
                c.commit();
                return files.size();
            } catch (RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the database " + db + ": " + MigrationFailure.reason(e), e);
        }
    }

    private static boolean hasSqlFiles(Path dir) {
        return !sqlFiles(dir).isEmpty();
    }

    private static List<Path> sqlFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".sql"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        }
    }
}
