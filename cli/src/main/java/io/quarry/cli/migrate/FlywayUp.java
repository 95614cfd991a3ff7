package io.quarry.cli.migrate;

import java.io.PrintStream;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.internal.exception.FlywayMigrateException;
import org.flywaydb.core.internal.sqlscript.FlywaySqlScriptException;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/** Applies chosen up migrations with Flyway, printing a line per migration. */
final class FlywayUp {
    private FlywayUp() {
    }

    /**
     * Applies {@code migrations} in version order, or only records them when {@code skipExecution}; returns how
     * many ran. Throws {@link MigrationFailure}.
     */
    static int apply(DatabaseUrl db, List<MigrationFiles> migrations, boolean skipExecution, PrintStream progress) {
        if (migrations.isEmpty()) {
            return 0;
        }
        Map<String, MigrationFiles> byVersion = migrations.stream()
                .collect(Collectors.toMap(m -> Long.toString(m.version()), Function.identity()));
        FluentConfiguration configuration = Flyway.configure()
                .dataSource(db.jdbcUrl(), db.user().isEmpty() ? null : db.user(),
                        db.password().isEmpty() ? null : db.password())
                .resourceProvider(new HasuraLayoutResources(migrations, skipExecution))
                .javaMigrationClassProvider(List::of)
                .sqlMigrationPrefix(HasuraLayoutResources.PREFIX)
                .sqlMigrationSeparator(HasuraLayoutResources.SEPARATOR)
                .sqlMigrationSuffixes(".sql")
                .placeholderReplacement(false)
                .schemas(History.SCHEMA)
                .defaultSchema(History.SCHEMA)
                .createSchemas(false)
                .table(History.TABLE)
                // hdb_catalog already holds the engine's metadata when a project is deployed onto a running engine:
                // the history starts with a baseline below every real version instead of refusing the schema.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                // We chose what runs; applied migrations absent from this run and edited files are not errors.
                .validateOnMigrate(false)
                .ignoreMigrationPatterns("*:*")
                .outOfOrder(true)
                // A migration with a statement that cannot run in a transaction runs entirely outside one.
                .mixed(true)
                .callbacks(new Progress(byVersion, migrations.size(), progress));
        // Flyway's transactional lock would make CREATE INDEX CONCURRENTLY wait for Flyway itself; the session-level
        // advisory lock taken instead still keeps two runs apart.
        configuration.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        Flyway flyway = configuration.load();
        try {
            MigrateResult result = flyway.migrate();
            return result.migrationsExecuted;
        } catch (FlywayMigrateException e) {
            throw failure(e, byVersion);
        }
    }

    private static MigrationFailure failure(FlywayMigrateException e, Map<String, MigrationFiles> byVersion) {
        MigrationFiles m = e.getMigration() == null || e.getMigration().getVersion() == null ? null
                : byVersion.get(e.getMigration().getVersion().getVersion());
        String file = m == null ? String.valueOf(e.getAbsolutePathOnDisk())
                : m.up().map(Object::toString).orElse(m.id());
        String suffix = e.isExecutableInTransaction() ? "" : " (it ran outside a transaction: statements before "
                + "the failing one stay applied)";
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof FlywaySqlScriptException script && script.getCause() instanceof SQLException sql) {
                int line = MigrationFailure.line(script.getLineNumber(), script.getStatement(), sql);
                return new MigrationFailure(file, line, sql.getSQLState(), MigrationFailure.reason(sql) + suffix, e);
            }
            if (t instanceof SQLException sql) {
                return new MigrationFailure(file, e.getLineNumber(), sql.getSQLState(),
                        MigrationFailure.reason(sql) + suffix, e);
            }
        }
        return new MigrationFailure(file, e.getLineNumber(), e.getSqlState(), firstLine(e) + suffix, e);
    }

    private static String firstLine(FlywayException e) {
        String message = String.valueOf(e.getMessage());
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** Prints each migration as it finishes; resets the search path Flyway changed before each one runs. */
    private static final class Progress implements Callback {
        private final Map<String, MigrationFiles> byVersion;
        private final int total;
        private final PrintStream out;
        private int done;
        private long started;

        Progress(Map<String, MigrationFiles> byVersion, int total, PrintStream out) {
            this.byVersion = byVersion;
            this.total = total;
            this.out = out;
        }

        @Override
        public boolean supports(Event event, Context context) {
            return event == Event.BEFORE_EACH_MIGRATE || event == Event.AFTER_EACH_MIGRATE;
        }

        @Override
        public boolean canHandleInTransaction(Event event, Context context) {
            return true;
        }

        @Override
        public void handle(Event event, Context context) {
            if (event == Event.BEFORE_EACH_MIGRATE) {
                started = System.nanoTime();
                try (Statement s = context.getConnection().createStatement()) {
                    s.execute("RESET search_path");
                } catch (SQLException e) {
                    throw new FlywayException("cannot reset the search path: " + e.getMessage(), e);
                }
                return;
            }
            done++;
            String version = context.getMigrationInfo().getVersion().getVersion();
            MigrationFiles m = byVersion.get(version);
            long ms = (System.nanoTime() - started) / 1_000_000;
            out.printf("applied %s (%d ms) [%d/%d]%n", m == null ? version : m.id(), ms, done, total);
            out.flush();
        }

        @Override
        public String getCallbackName() {
            return "quarry-progress";
        }
    }
}
