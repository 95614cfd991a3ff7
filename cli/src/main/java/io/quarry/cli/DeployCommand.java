package io.quarry.cli;

import io.quarry.cli.migrate.MigrationFailure;
import io.quarry.cli.migrate.Migrations;
import io.quarry.cli.migrate.Outcome;
import io.quarry.cli.project.InconsistencyCommand;
import io.quarry.cli.project.MetadataProject;
import io.quarry.cli.project.ProjectConfig;
import io.quarry.cli.project.ProjectException;
import io.quarry.cli.project.ProjectOptions;
import io.quarry.metadata.folder.FolderException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code quarry deploy}: a project onto a running engine and its database, as Hasura's {@code deploy}: pending
 * migrations first (so the metadata finds its tables), then the metadata folder, then a reload.
 */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = {"Deploy the project: apply pending migrations, apply the metadata folder, reload the metadata.",
            "Migrations go straight to the database (--database-url); metadata goes to the engine (--endpoint)."})
final class DeployCommand implements Callable<Integer> {
    static final String DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/postgres";

    @Mixin
    ProjectOptions project;

    @Option(names = "--database-name", paramLabel = "NAME", defaultValue = "default",
            description = "The source whose migrations/<NAME> folder is applied. Default: ${DEFAULT-VALUE}")
    String databaseName;

    @Option(names = "--database-url", paramLabel = "URL",
            description = "The engine's database, where migrations are applied (env QUARRY_DATABASE_URL or "
                    + "HASURA_GRAPHQL_DATABASE_URL, also read from the env file). Default: " + DEFAULT_DATABASE_URL)
    String databaseUrl;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long start = System.nanoTime();
        try {
            ProjectConfig config = project.config();
            PrintStream progress = Outcome.progress(out);
            Migrations.Result migrated = Migrations.apply(config.project(), databaseName,
                    project.databaseUrl(databaseUrl, DEFAULT_DATABASE_URL), progress);
            out.println(migrated.nothingDone() ? "Migrations: nothing to apply"
                    : "Migrations applied: " + migrated.applied());
            MetadataProject metadata = MetadataProject.of(config);
            MetadataProject.ApplyResult applied = metadata.apply(false);
            InconsistencyCommand.print(applied.unsupported(), out);
            metadata.reload();
            var inconsistent = metadata.inconsistencies().stream().filter(i -> !i.unsupported()).toList();
            InconsistencyCommand.print(inconsistent, out);
            out.println((inconsistent.isEmpty() ? "Deployed" : "Deployed, with inconsistent metadata (above)")
                    + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
            out.flush();
            return 0;
        } catch (MigrationFailure e) {
            out.flush();
            err.println("error: " + e.getMessage());
            err.println("Nothing after this migration was applied; fix it and deploy again.");
            return 1;
        } catch (ProjectException | FolderException e) {
            out.flush();
            err.println("error: " + e.getMessage());
            return 1;
        } catch (UncheckedIOException e) {
            out.flush();
            err.println("error: " + e.getCause().getMessage());
            return 1;
        } catch (RuntimeException e) {
            out.flush();
            err.println("error: " + e.getMessage());
            return 1;
        }
    }
}
