package io.quarry.cli.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code quarry seed apply}. */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Apply the seed files of the database in name order, all in one transaction: if one fails,",
            "none is kept, and the file and line are printed."},
        footer = {"%nExamples:", "  quarry seed apply", "  quarry seed apply --file 1616278728671_authors.sql",
            Outcome.EXIT_CODES})
final class SeedApplyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions options;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
            description = "Apply only this seed file (a name in seeds/<database>/ or a path); repeatable")
    List<String> files = new ArrayList<>();

    @Override
    public Integer call() {
        return Outcome.run(spec.commandLine().getErr(), () -> {
            int applied = options.seeds(Outcome.progress(spec.commandLine().getOut())).apply(files);
            spec.commandLine().getOut().println(applied == 0 ? "no seed files to apply" : "Seeds planted");
            spec.commandLine().getOut().flush();
            return Outcome.OK;
        });
    }
}
