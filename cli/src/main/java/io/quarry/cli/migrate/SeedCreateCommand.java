package io.quarry.cli.migrate;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code quarry seed create <name>}. */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Create seeds/<database>/<timestamp>_<name>.sql, empty or with the SQL given.",
        footer = Outcome.EXIT_CODES)
final class SeedCreateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions options;

    @Parameters(paramLabel = "NAME", description = "The seed's name")
    String name;

    @Option(names = "--sql", paramLabel = "SQL", description = "The seed's SQL. Default: an empty file to edit")
    String sql;

    @Override
    public Integer call() {
        return Outcome.run(spec.commandLine().getErr(), () -> {
            Path file = options.seeds(Outcome.progress(spec.commandLine().getOut())).create(name, sql == null ? "" : sql, System.currentTimeMillis());
            spec.commandLine().getOut().println("created seed file successfully: " + file);
            spec.commandLine().getOut().flush();
            return Outcome.OK;
        });
    }
}
