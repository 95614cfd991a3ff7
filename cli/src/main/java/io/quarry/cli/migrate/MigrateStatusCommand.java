package io.quarry.cli.migrate;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code quarry migrate status}: Hasura's table of versions. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show each migration version: whether its files are in the project (SOURCE STATUS) and "
                + "whether it is applied to the database (DATABASE STATUS), as Hasura prints it.",
        footer = Outcome.EXIT_CODES)
final class MigrateStatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions options;

    @Override
    public Integer call() {
        return Outcome.run(spec.commandLine().getErr(), () -> {
            List<Migrations.Status> rows = options.migrations(Outcome.progress(spec.commandLine().getOut())).status();
            spec.commandLine().getOut().print(format(options.databaseName, rows));
            spec.commandLine().getOut().flush();
            return Outcome.OK;
        });
    }

    /**
     * Hasura's layout: a database line, then columns padded by two spaces past the widest cell (Go's tabwriter
     * with padding 2), both statuses written "Present" or "Not Present".
     */
    static String format(String database, List<Migrations.Status> rows) {
        String[] header = {"VERSION", "NAME", "SOURCE STATUS", "DATABASE STATUS"};
        int[] width = new int[3];
        for (int i = 0; i < 3; i++) {
            width[i] = header[i].length();
        }
        for (Migrations.Status s : rows) {
            width[0] = Math.max(width[0], Long.toString(s.version()).length());
            width[1] = Math.max(width[1], s.name().length());
            width[2] = Math.max(width[2], present(s.present()).length());
        }
        StringBuilder out = new StringBuilder("\nDatabase: ").append(database).append("\n");
        line(out, width, header[0], header[1], header[2], header[3]);
        for (Migrations.Status s : rows) {
            line(out, width, Long.toString(s.version()), s.name(), present(s.present()), present(s.applied()));
        }
        return out.toString();
    }

    private static void line(StringBuilder out, int[] width, String... cells) {
        for (int i = 0; i < 3; i++) {
            out.append(cells[i]).append(" ".repeat(width[i] - cells[i].length() + 2));
        }
        out.append(cells[3]).append('\n');
    }

    private static String present(boolean yes) {
        return yes ? "Present" : "Not Present";
    }
}
