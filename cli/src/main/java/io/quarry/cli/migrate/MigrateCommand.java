package io.quarry.cli.migrate;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code quarry migrate}: Hasura's migrations, applied by Flyway. */
@Command(name = "migrate",
        description = {"Manage the database's migrations in Hasura's layout, applied with Flyway.",
            "Files: migrations/<database>/<version>_<name>/up.sql and down.sql",
            "  (or the older flat migrations/<version>_<name>.up.sql).",
            "History: the table hdb_catalog.quarry_schema_history in the database."},
        subcommands = {MigrateCreateCommand.class, MigrateApplyCommand.class, MigrateStatusCommand.class,
            MigrateDeleteCommand.class})
public final class MigrateCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
