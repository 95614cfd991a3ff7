package io.quarry.cli.migrate;

import io.quarry.cli.project.ProjectConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options every {@code migrate} and {@code seed} command shares: which project, source and database. The
 * project is read as the metadata commands read it: config.yaml's {@code migrations_directory} and
 * {@code seeds_directory}, and the env file for the database URL.
 */
final class DatabaseOptions {
    static final String DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/postgres";

    @Option(names = "--project", paramLabel = "DIR", defaultValue = ".",
            description = "The Hasura project folder, holding config.yaml (its migrations_directory and "
                    + "seeds_directory, migrations/ and seeds/ by default). Default: the current directory.")
    Path project;

    @Option(names = "--database-name", paramLabel = "NAME", defaultValue = "default",
            description = "The source whose migrations/<NAME> and seeds/<NAME> folders are used. "
                    + "Default: ${DEFAULT-VALUE}")
    String databaseName;

    @Option(names = "--database-url", paramLabel = "URL",
            description = "The database to migrate, postgres://user:password@host:port/db or jdbc:postgresql://... "
                    + "(env QUARRY_DATABASE_URL or HASURA_GRAPHQL_DATABASE_URL, then the same in the env file). "
                    + "Unlike Hasura's CLI, which goes through a running server, Quarry connects to the database "
                    + "itself (Flyway needs JDBC). Default: " + DEFAULT_URL)
    String databaseUrl;

    @Option(names = "--envfile", paramLabel = "FILE",
            description = "A file of KEY=VALUE lines, relative to the project; it never overrides a variable "
                    + "already set. Default: .env")
    String envFile;

    DatabaseUrl url() {
        return DatabaseUrl.parse(ProjectConfig.databaseUrl(project, databaseUrl, envFile, System.getenv(),
                DEFAULT_URL));
    }

    ProjectConfig config() {
        return ProjectConfig.load(project, null, null, envFile, System.getenv());
    }

    Migrations migrations(PrintStream progress) {
        return new Migrations(config().migrationsDirectory(), databaseName, url(), progress);
    }

    Seeds seeds(PrintStream progress) {
        return new Seeds(config().seedsDirectory(), databaseName, url(), progress);
    }
}
