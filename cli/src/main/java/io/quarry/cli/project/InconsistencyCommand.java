package io.quarry.cli.project;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code quarry metadata inconsistency list|drop} (alias {@code ic}). */
@Command(name = "inconsistency", aliases = {"ic", "inconsistencies"}, mixinStandardHelpOptions = true,
        description = "List or drop the engine's inconsistent metadata objects.",
        subcommands = {InconsistencyCommand.ListObjects.class, InconsistencyCommand.Drop.class})
public final class InconsistencyCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void print(List<Inconsistency> list, PrintWriter out) {
        if (list.isEmpty()) {
            return;
        }
        int name = "NAME".length();
        int type = "TYPE".length();
        int description = "DESCRIPTION".length();
        for (Inconsistency i : list) {
            name = Math.max(name, i.name().length());
            type = Math.max(type, i.type().length());
            description = Math.max(description, i.description().length());
        }
        String format = "%-" + name + "s  %-" + type + "s  %-" + description + "s  %s%n";
        out.printf(format, "NAME", "TYPE", "DESCRIPTION", "REASON");
        for (Inconsistency i : list) {
            out.printf(format, i.name(), i.type(), i.description(), i.reason());
        }
    }

    @Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true,
            description = "List the inconsistent objects, then the parts Quarry keeps but does not serve.")
    static final class ListObjects extends MetadataCommand.Leaf {
        @Override
        int run(MetadataProject project, PrintWriter out) {
            List<Inconsistency> list = project.inconsistencies();
            if (list.stream().noneMatch(i -> !i.unsupported())) {
                out.println("The metadata is consistent");
            }
            print(list, out);
            return 0;
        }
    }

    @Command(name = "drop", mixinStandardHelpOptions = true,
            description = "Drop the inconsistent objects from the engine's metadata.")
    static final class Drop extends MetadataCommand.Leaf {
        @Override
        int run(MetadataProject project, PrintWriter out) {
            project.dropInconsistencies();
            out.println("All inconsistent objects dropped");
            return 0;
        }
    }
}
