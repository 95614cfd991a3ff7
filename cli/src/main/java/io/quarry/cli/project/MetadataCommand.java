package io.quarry.cli.project;

import io.quarry.metadata.folder.FolderException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code quarry metadata ...}: the project's metadata folder against a running engine, as Hasura's CLI. */
@Command(name = "metadata", mixinStandardHelpOptions = true,
        description = "Manage the metadata of a running engine from the project's metadata folder.",
        subcommands = {MetadataCommand.Export.class, MetadataCommand.Apply.class, MetadataCommand.Diff.class,
            MetadataCommand.Reload.class, MetadataCommand.Clear.class, InconsistencyCommand.class})
public final class MetadataCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The shared shape of a leaf command: resolve the project, run, turn failures into a message and exit 1. */
    abstract static class Leaf implements Callable<Integer> {
        @Mixin
        ProjectOptions options;

        @Spec
        CommandSpec spec;

        /** Runs the command; returns its exit code. */
        abstract int run(MetadataProject project, PrintWriter out);

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try {
                int code = run(MetadataProject.of(options.config()), out);
                out.flush();
                return code;
            } catch (ProjectException | FolderException e) {
                out.flush();
                spec.commandLine().getErr().println("error: " + e.getMessage());
                return 1;
            } catch (UncheckedIOException e) {
                out.flush();
                spec.commandLine().getErr().println("error: " + e.getCause().getMessage());
                return 1;
            }
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write the engine's metadata into the project's metadata folder.")
    static final class Export extends Leaf {
        @Override
        int run(MetadataProject project, PrintWriter out) {
            int files = project.export().size();
            out.println("Metadata exported (" + files + " files)");
            return 0;
        }
    }

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = {"Replace the engine's metadata with the project's metadata folder.",
                "Inconsistent objects are reported, not refused; parts Quarry does not serve (actions, remote "
                        + "schemas, REST endpoints, triggers) are kept and listed as unsupported."})
    static final class Apply extends Leaf {
        @Option(names = "--dry-run", description = "Print what would change and change nothing.")
        boolean dryRun;

        @Override
        int run(MetadataProject project, PrintWriter out) {
            MetadataProject.ApplyResult result = project.apply(dryRun);
            if (dryRun) {
                result.summary().forEach(out::println);
                out.print(result.diff());
                if (result.diff().isEmpty()) {
                    out.println("Nothing to apply: the engine's metadata matches the project");
                }
                return 0;
            }
            InconsistencyCommand.print(result.unsupported(), out);
            if (!result.consistent()) {
                InconsistencyCommand.print(result.inconsistencies(), out);
                out.println("Metadata applied, but it is inconsistent: fix the objects above (or the database) "
                        + "and apply again, or run 'quarry metadata inconsistency drop'");
            } else {
                out.println("Metadata applied");
            }
            return 0;
        }
    }

    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = {"Show what 'metadata apply' would change: table by table and role by role, then the "
                    + "changes that break a role's existing clients, then the files (--- the engine's, +++ the "
                    + "project's).",
                "A change breaks clients when a role loses a field it could use: a table untracked, a root field "
                    + "renamed, a permission dropped or narrowed, aggregations disabled, a relationship or custom "
                    + "column name changed, a function untracked or renamed, a role removed. Each is printed as",
                "  BREAKING <role>: <what changed> (clients selecting <field> fail)"},
            footer = {"%nExit codes: 0 done, 1 error, 2 usage error, 3 breaking changes with --fail-on-breaking."})
    static final class Diff extends Leaf {
        static final int BREAKING = 3;

        @Option(names = "--fail-on-breaking",
                description = "Exit with code " + BREAKING + " when a change breaks a role's existing clients.")
        boolean failOnBreaking;

        @Option(names = "--metadata-only",
                description = "Judge breaking changes from the metadata alone, without asking the engine for each "
                        + "role's schema (introspection) and the tables' columns (run_sql).")
        boolean metadataOnly;

        @Override
        int run(MetadataProject project, PrintWriter out) {
            MetadataProject.Changes changes = project.changes(!metadataOnly);
            if (changes.diff().isEmpty()) {
                out.println("No differences: the engine's metadata matches the project");
                return 0;
            }
            changes.summary().forEach(out::println);
            changes.breaking().forEach(out::println);
            out.print(changes.diff());
            if (changes.breaking().isEmpty()) {
                out.println("No breaking changes for existing clients");
                return 0;
            }
            out.println(changes.breaking().size() + " breaking change" + (changes.breaking().size() == 1 ? "" : "s")
                    + " for existing clients");
            return failOnBreaking ? BREAKING : 0;
        }
    }

    @Command(name = "reload", mixinStandardHelpOptions = true,
            description = "Reload the engine's metadata, reading the database's schema again.")
    static final class Reload extends Leaf {
        @Override
        int run(MetadataProject project, PrintWriter out) {
            project.reload();
            List<Inconsistency> list = project.inconsistencies().stream().filter(i -> !i.unsupported()).toList();
            out.println("Metadata reloaded");
            if (!list.isEmpty()) {
                out.println("The metadata is inconsistent: run 'quarry metadata inconsistency list'");
            }
            return 0;
        }
    }

    @Command(name = "clear", aliases = "reset", mixinStandardHelpOptions = true,
            description = "Clear the engine's metadata: nothing tracked afterwards. The project folder is not touched.")
    static final class Clear extends Leaf {
        @Override
        int run(MetadataProject project, PrintWriter out) {
            project.clear();
            out.println("Metadata cleared");
            return 0;
        }
    }
}
