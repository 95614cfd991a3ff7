package io.quarry.cli.migrate;

import io.quarry.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs the real {@code quarry} picocli command in process against a project and a database. */
record Cli(Path project, String databaseUrl) {
    record Run(int code, String out, String err) {
    }

    Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--project=" + project);
        if (!args[1].equals("create") || !args[0].equals("migrate")) {
            all.add("--database-url=" + databaseUrl);
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new Main()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }
}
