package io.quarry.cli.migrate;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code quarry seed}: seed data in seeds/<database>/. */
@Command(name = "seed",
        description = "Manage seed data in Hasura's layout, seeds/<database>/<timestamp>_<name>.sql.",
        subcommands = {SeedCreateCommand.class, SeedApplyCommand.class})
public final class SeedCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
