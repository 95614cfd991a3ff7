package io.quarry.cli.migrate;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code quarry seed}: seed data in seeds/<database>/. */
@Command(name = "seed", mixinStandardHelpOptions = true,
        description = "Manage seed data in Hasura's layout, seeds/<database>/<timestamp>_<name>.sql.",
        subcommands = {SeedCreateCommand.class, SeedApplyCommand.class})
public final class SeedCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
