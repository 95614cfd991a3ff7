package io.quarry.cli.migrate;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code quarry migrate create <name>}. */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Create <version>_<name>/up.sql and down.sql in migrations/<database>, the version being the "
                + "current time in milliseconds, as Hasura's CLI does. Names may hold spaces.",
        footer = {"%nExamples:",
            "  quarry migrate create create_article --up-sql \"CREATE TABLE article (id serial PRIMARY KEY);\" "
                    + "--down-sql \"DROP TABLE article;\"", Outcome.EXIT_CODES})
final class MigrateCreateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions options;

    @Parameters(paramLabel = "NAME", description = "The migration's name")
    String name;

    @Option(names = "--up-sql", paramLabel = "SQL", description = "The SQL of up.sql. Default: empty")
    String upSql;

    @Option(names = "--down-sql", paramLabel = "SQL", description = "The SQL of down.sql. Default: empty")
    String downSql;

    @Override
    public Integer call() {
        return Outcome.run(spec.commandLine().getErr(), () -> {
            var out = spec.commandLine().getOut();
            if (upSql != null && downSql == null) {
                spec.commandLine().getErr().println("warning: you are creating an up migration without a down migration");
            }
            if (downSql != null && upSql == null) {
                spec.commandLine().getErr().println("warning: you are creating a down migration without an up migration");
            }
            Migrations migrations = options.migrations(Outcome.progress(out));
            MigrationFiles created = migrations.create(name, upSql == null ? "" : upSql,
                    downSql == null ? "" : downSql, System.currentTimeMillis());
            out.printf("Migrations files created: name=%s version=%d (%s)%n", created.name(), created.version(),
                    migrations.directory().resolve(created.id()));
            out.flush();
            return Outcome.OK;
        });
    }
}
