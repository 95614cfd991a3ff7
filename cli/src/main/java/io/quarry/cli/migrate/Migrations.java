package io.quarry.cli.migrate;

import io.quarry.cli.project.ProjectConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.flywaydb.core.internal.sqlscript.SqlStatement;

/**
 * The migrations of one database of a Hasura project: apply, revert, status, delete and create. The face of this
 * package; {@code deploy} and {@code serve --project} call {@link #apply(Path, String, String, PrintStream)}.
 */
public final class Migrations {
    private final Path root;
    private final String database;
    private final DatabaseUrl db;
    private final PrintStream progress;
    private final SqlFileRunner runner = new SqlFileRunner();

    /**
     * @param root the project's migrations folder ({@code migrations}, or config.yaml's
     *             {@code migrations_directory})
     */
    public Migrations(Path root, String database, DatabaseUrl db, PrintStream progress) {
        this.root = root;
        this.database = database;
        this.db = db;
        this.progress = progress;
    }

    /**
     * Applies every pending migration of {@code database} in the project to the database at {@code databaseUrl},
     * printing a line per migration. A project without migrations for that database has nothing to apply. The
     * migrations folder is config.yaml's {@code migrations_directory} (env {@code HASURA_GRAPHQL_MIGRATIONS_DIRECTORY},
     * the project's {@code .env} too), {@code migrations} by default.
     *
     * @throws MigrationFailure when a migration fails; it was rolled back, those before it stay applied
     */
    public static Result apply(Path project, String database, String databaseUrl, PrintStream progress) {
        Path root = ProjectConfig.load(project, null, null, null, System.getenv()).migrationsDirectory();
        return new Migrations(root, database, DatabaseUrl.parse(databaseUrl), progress).run(Step.all());
    }

    /** How many migrations one run applied and reverted. */
    public record Result(int applied, int reverted) {
        public boolean nothingDone() {
            return applied == 0 && reverted == 0;
        }
    }

    /** One line of {@code migrate status}. */
    public record Status(long version, String name, boolean present, boolean applied) {
    }

    /**
     * The folder of this database's migrations: {@code migrations/<database>} (config v3), else {@code migrations}
     * itself when it holds migrations directly (config v1 and v2, one database).
     */
    public Path directory() {
        Path perDatabase = root.resolve(database);
        if (Files.isDirectory(perDatabase) || !Files.isDirectory(root) || MigrationFiles.read(root).isEmpty()) {
            return perDatabase;
        }
        return root;
    }

    public List<MigrationFiles> files() {
        return MigrationFiles.read(directory());
    }

    public Result run(Step step) {
        return run(step, false);
    }

    /**
     * Runs a step; with {@code skipExecution} (Hasura's {@code --skip-execution}) only the history changes, e.g. to
     * adopt a database that Hasura's CLI migrated.
     */
    public Result run(Step step, boolean skipExecution) {
        List<MigrationFiles> files = files();
        try (Connection c = db.connect()) {
            History.createSchema(c);
            History.removeFailed(c);
            Plan plan = Plan.of(step, files, History.applied(c).keySet());
            int reverted = plan.down().isEmpty() ? 0
                    : revert(c, plan.down(), Plan.byVersion(files), skipExecution);
            int applied = FlywayUp.apply(db, plan.up(), skipExecution, progress);
            return new Result(applied, reverted);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the database " + db + ": " + MigrationFailure.reason(e), e);
        } finally {
            cleanUpFailedRows();
        }
    }

    /** A migration that failed outside a transaction leaves a failed row; it is not applied, so it goes. */
    private void cleanUpFailedRows() {
        try (Connection c = db.connect()) {
            History.removeFailed(c);
        } catch (SQLException ignored) {
            // the run's own error, if any, says more
        }
    }

    private int revert(Connection c, List<Long> versions, Map<Long, MigrationFiles> files, boolean skipExecution)
            throws SQLException {
        History.lock(c);
        try {
            int done = 0;
            for (long version : versions) {
                MigrationFiles m = files.get(version);
                if (m == null && skipExecution) {
                    m = new MigrationFiles(version, "", Optional.empty(), Optional.empty());
                } else if (m == null) {
                    throw new IllegalArgumentException("migration " + version + " is applied but its files are not in "
                            + directory() + ": cannot revert it");
                }
                long started = System.nanoTime();
                revertOne(c, skipExecution ? new MigrationFiles(version, m.name(), Optional.empty(), Optional.empty())
                        : m);
                done++;
                progress.printf("reverted %s (%d ms) [%d/%d]%n", m.id(), (System.nanoTime() - started) / 1_000_000,
                        done, versions.size());
                progress.flush();
            }
            return done;
        } finally {
            c.setAutoCommit(true);
            History.unlock(c);
        }
    }

    /** Runs {@code down.sql} and removes the history row, in one transaction when the file allows it. */
    private void revertOne(Connection c, MigrationFiles m) throws SQLException {
        List<SqlStatement> statements = m.down().map(runner::parse).orElse(List.of());
        boolean transactional = SqlFileRunner.transactional(statements);
        c.setAutoCommit(!transactional);
        try {
            m.down().ifPresent(file -> runner.run(c, file, statements));
            History.remove(c, List.of(m.version()));
            if (transactional) {
                c.commit();
            }
        } catch (RuntimeException | SQLException e) {
            if (transactional) {
                c.rollback();
            }
            throw e;
        }
    }

    public List<Status> status() {
        Map<Long, Status> rows = new TreeMap<>();
        for (MigrationFiles f : files()) {
            rows.put(f.version(), new Status(f.version(), f.name(), true, false));
        }
        try (Connection c = db.connect()) {
            for (History.Applied a : History.applied(c).values()) {
                if (!a.success()) {
                    continue;
                }
                Status known = rows.get(a.version());
                rows.put(a.version(), new Status(a.version(), known == null ? a.description() : known.name(),
                        known != null, true));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the database " + db + ": " + MigrationFailure.reason(e), e);
        }
        return List.copyOf(rows.values());
    }

    /**
     * Forgets migrations as Hasura's {@code migrate delete} does: removes them from the database's history and,
     * unless {@code historyOnly}, their files from the project. Nothing is reverted. Empty version: all of them.
     * Returns the versions deleted.
     */
    public List<Long> delete(Optional<Long> version, boolean historyOnly) {
        List<Status> status = status();
        List<Status> chosen = version.isEmpty() ? status
                : status.stream().filter(s -> s.version() == version.get()).toList();
        if (version.isPresent() && chosen.isEmpty()) {
            throw new IllegalArgumentException("version " + version.get() + " not found");
        }
        try (Connection c = db.connect()) {
            History.remove(c, chosen.stream().filter(Status::applied).map(Status::version).toList());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the database " + db + ": " + MigrationFailure.reason(e), e);
        }
        if (!historyOnly) {
            Map<Long, MigrationFiles> files = Plan.byVersion(files());
            for (Status s : chosen) {
                MigrationFiles f = files.get(s.version());
                if (f != null) {
                    deleteFiles(f);
                }
            }
        }
        return chosen.stream().map(Status::version).toList();
    }

    private void deleteFiles(MigrationFiles f) {
        List<Path> paths = new ArrayList<>();
        f.up().ifPresent(paths::add);
        f.down().ifPresent(paths::add);
        Path folder = directory().resolve(f.id());
        try {
            for (Path p : paths) {
                Files.deleteIfExists(p);
            }
            if (Files.isDirectory(folder)) {
                try (Stream<Path> walk = Files.walk(folder)) {
                    for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + folder, e);
        }
    }

    /**
     * Creates {@code <version>_<name>/up.sql} and {@code down.sql} as Hasura's {@code migrate create} does, the
     * version being the current time in milliseconds. Returns the new migration.
     */
    public MigrationFiles create(String name, String upSql, String downSql, long version) {
        if (name.isBlank() || name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("invalid migration name: \"" + name + "\"");
        }
        Path folder = directory().resolve(version + "_" + name);
        if (Files.exists(folder)) {
            throw new IllegalArgumentException(folder + " already exists");
        }
        try {
            Files.createDirectories(folder);
            Path up = Files.writeString(folder.resolve("up.sql"), upSql, StandardCharsets.UTF_8);
            Path down = Files.writeString(folder.resolve("down.sql"), downSql, StandardCharsets.UTF_8);
            return new MigrationFiles(version, name, Optional.of(up), Optional.of(down));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + folder, e);
        }
    }
}
