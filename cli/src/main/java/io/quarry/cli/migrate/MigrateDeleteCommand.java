package io.quarry.cli.migrate;

import java.io.Console;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code quarry migrate delete}: forget migrations, as Hasura's command of that name. */
@Command(name = "delete",
        description = {"Forget migrations without running anything, as Hasura's migrate delete does.",
            "Removes them from the database's history and their files from the project;",
            "with --server only the history is changed. --all asks for confirmation on a",
            "terminal unless --force is given."},
        footer = Outcome.EXIT_CODES)
final class MigrateDeleteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions options;

    // Not mixinStandardHelpOptions: --version is Hasura's migration version here, not Quarry's.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static final class Which {
        @Option(names = "--version", paramLabel = "VERSION", description = "Delete this version", required = true)
        Long version;

        @Option(names = "--all", description = "Delete every version of the database", required = true)
        boolean all;
    }

    @Option(names = "--server", description = "Only remove from the database's history; keep the files")
    boolean server;

    @Option(names = "--force", description = "Do not ask for confirmation before --all")
    boolean force;

    @Override
    public Integer call() {
        return Outcome.run(spec.commandLine().getErr(), () -> {
            Console console = System.console();
            if (which.all && !force && console != null) {
                String answer = console.readLine("clear all migrations of database and its history? (y/N) ");
                if (answer == null || !answer.trim().toLowerCase(java.util.Locale.ROOT).startsWith("y")) {
                    return Outcome.OK;
                }
            }
            List<Long> deleted = options.migrations(Outcome.progress(spec.commandLine().getOut()))
                    .delete(which.all ? Optional.empty() : Optional.of(which.version), server);
            spec.commandLine().getOut().println("Deleted migrations" + (deleted.isEmpty() ? " (none)" : " " + deleted));
            spec.commandLine().getOut().flush();
            return Outcome.OK;
        });
    }
}
