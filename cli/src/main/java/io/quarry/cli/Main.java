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
        // One arena of pooled network buffers of each kind, where Netty keeps one per core: each holds megabytes it
        // never gives back (about 25 MB of resident memory on 2 cores), and with each thread's own cache of buffers
        // the event loops hardly wait for a shared one. A -D option given to the JVM wins.
        for (String arenas : new String[] {"io.netty.allocator.numDirectArenas", "io.netty.allocator.numHeapArenas"}) {
            if (System.getProperty(arenas) == null) {
                System.setProperty(arenas, "1");
            }
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
