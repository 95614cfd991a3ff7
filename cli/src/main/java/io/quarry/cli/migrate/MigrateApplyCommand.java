package io.quarry.cli.migrate;

import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code quarry migrate apply}: Hasura's flags, Flyway underneath. */
@Command(name = "apply",
        description = {"Apply migrations to the database: by default every pending one, oldest first.",
            "Each migration runs in its own transaction, or outside one when it must",
            "(CREATE INDEX CONCURRENTLY). The first failure stops the run and is rolled",
            "back; its file and line are printed. A line per migration shows progress."},
        footer = {"%nExamples:",
            "  quarry migrate apply                        apply all pending migrations",
            "  quarry migrate apply --up 2                 apply the next 2",
            "  quarry migrate apply --down 1               revert the last one (its down.sql)",
            "  quarry migrate apply --down all             revert all",
            "  quarry migrate apply --goto 1616278728671   apply or revert up to that version",
            "  quarry migrate apply --version 1616278728671 --type down",
            "  quarry migrate apply --skip-execution --up all   adopt a database migrated elsewhere",
            Outcome.EXIT_CODES})
final class MigrateApplyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions options;

    // Not mixinStandardHelpOptions: --version is Hasura's migration version here, not Quarry's.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--up", paramLabel = "N|all", description = "Apply all or N pending migrations")
    String up;

    @Option(names = "--down", paramLabel = "N|all", description = "Revert all or N applied migrations, newest first")
    String down;

    @Option(names = "--goto", paramLabel = "VERSION", description = "Apply or revert until VERSION is the last applied")
    Long gotoVersion;

    @Option(names = "--version", paramLabel = "VERSION", description = "Apply or revert only this migration")
    Long version;

    @Option(names = "--type", paramLabel = "up|down", defaultValue = "up",
            description = "With --version: up or down. Default: ${DEFAULT-VALUE}")
    String type;

    @Option(names = "--skip-execution",
            description = "Only mark migrations applied (or reverted) in the history; run no SQL")
    boolean skipExecution;

    @Override
    public Integer call() {
        Step step = step();
        if (skipExecution && step instanceof Step.Goto) {
            throw new ParameterException(spec.commandLine(),
                    "--skip-execution flag can be set only with --version, --up, --down flags");
        }
        return Outcome.run(spec.commandLine().getErr(), () -> {
            var out = spec.commandLine().getOut();
            Migrations migrations = options.migrations(Outcome.progress(spec.commandLine().getOut()));
            if (!Files.isDirectory(migrations.directory())) {
                throw new IllegalStateException("expected to find a migrations directory for database "
                        + options.databaseName + " in " + options.config().migrationsDirectory());
            }
            Migrations.Result result = migrations.run(step, skipExecution);
            out.println(result.nothingDone() ? "nothing to apply on database " + options.databaseName
                    : "migrations applied (" + result.applied() + " applied, " + result.reverted() + " reverted)");
            out.flush();
            return Outcome.OK;
        });
    }

    private Step step() {
        int flags = (up != null ? 1 : 0) + (down != null ? 1 : 0) + (gotoVersion != null ? 1 : 0)
                + (version != null ? 1 : 0);
        if (flags > 1) {
            throw new ParameterException(spec.commandLine(),
                    "only one migration type can be applied at a time (--up, --down, --type or --goto)");
        }
        if (!type.equals("up") && !type.equals("down")) {
            throw new ParameterException(spec.commandLine(), "--type must be up or down");
        }
        if (version != null) {
            return new Step.Only(version, type.equals("up"));
        }
        if (gotoVersion != null) {
            return new Step.Goto(gotoVersion);
        }
        if (down != null) {
            return new Step.Down(count(down, "--down"));
        }
        return new Step.Up(up == null ? -1 : count(up, "--up"));
    }

    private int count(String value, String flag) {
        if (value.equals("all")) {
            return -1;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ParameterException(spec.commandLine(), flag + " takes \"all\" or a number of steps, not " + value);
    }
}
