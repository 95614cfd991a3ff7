package io.quarry.cli;

import io.quarry.cli.migrate.MigrateCommand;
import io.quarry.cli.migrate.SeedCommand;
import io.quarry.cli.project.InitCommand;
import io.quarry.cli.project.MetadataCommand;
import io.quarry.engine.log.LogbackSetup;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code quarry} command. */
@Command(name = "quarry", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "An instant GraphQL API for PostgreSQL, wire-compatible with Hasura v2.",
        subcommands = {ServeCommand.class, InitCommand.class, MetadataCommand.class, MigrateCommand.class,
                SeedCommand.class, DeployCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    public static void main(String[] args) {
        if (args.length == 0 || !args[0].equals("serve")) {
            // Only the server's standard output is a log; the other commands print their results there.
            System.setProperty(LogbackSetup.STREAM_PROPERTY, "stderr");
        }
        int code = new CommandLine(new Main()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"quarry " + io.quarry.engine.http.HttpApi.VERSION};
        }
    }
}
