package io.quarry.cli.migrate;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every {@code migrate} and {@code seed} command shares: which project, source and database. */
final class DatabaseOptions {
    static final String DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/postgres";

    @Option(names = "--project", paramLabel = "DIR", defaultValue = ".",
            description = "The Hasura project folder (holds migrations/ and seeds/). Default: ${DEFAULT-VALUE}")
    Path project;

    @Option(names = "--database-name", paramLabel = "NAME", defaultValue = "default",
            description = "The source whose migrations/<NAME> and seeds/<NAME> folders are used. "
                    + "Default: ${DEFAULT-VALUE}")
    String databaseName;

    @Option(names = "--database-url", paramLabel = "URL",
            defaultValue = "${env:QUARRY_DATABASE_URL:-${env:HASURA_GRAPHQL_DATABASE_URL:-" + DEFAULT_URL + "}}",
            description = "The database to migrate, postgres://user:password@host:port/db or jdbc:postgresql://... "
                    + "(env QUARRY_DATABASE_URL or HASURA_GRAPHQL_DATABASE_URL). Unlike Hasura's CLI, which goes "
                    + "through a running server, Quarry connects to the database itself (Flyway needs JDBC). "
                    + "Default: " + DEFAULT_URL)
    String databaseUrl;

    DatabaseUrl url() {
        return DatabaseUrl.parse(databaseUrl);
    }

    Migrations migrations(java.io.PrintStream progress) {
        return new Migrations(project, databaseName, url(), progress);
    }

    Seeds seeds(java.io.PrintStream progress) {
        return new Seeds(project, databaseName, url(), progress);
    }
}
