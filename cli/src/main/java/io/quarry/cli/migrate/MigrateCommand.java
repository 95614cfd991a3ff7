package io.quarry.cli.migrate;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code quarry migrate}: Hasura's migrations, applied by Flyway. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Manage migrations in Hasura's layout, migrations/<database>/<version>_<name>/up.sql|down.sql,",
            "applied with Flyway; the history is kept in hdb_catalog.quarry_schema_history of the database."},
        subcommands = {MigrateCreateCommand.class, MigrateApplyCommand.class, MigrateStatusCommand.class,
            MigrateDeleteCommand.class})
public final class MigrateCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
