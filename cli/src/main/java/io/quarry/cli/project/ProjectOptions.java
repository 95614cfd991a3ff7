package io.quarry.cli.project;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The flags every project command takes, as Hasura's CLI names them. */
public final class ProjectOptions {
    @Option(names = "--endpoint", paramLabel = "URL",
            description = "The engine's URL (env HASURA_GRAPHQL_ENDPOINT, config.yaml 'endpoint'). "
                    + "Default: " + ProjectConfig.DEFAULT_ENDPOINT)
    String endpoint;

    @Option(names = "--admin-secret", paramLabel = "SECRET",
            description = "The engine's admin secret (env HASURA_GRAPHQL_ADMIN_SECRET, config.yaml 'admin_secret').")
    String adminSecret;

    @Option(names = "--project", paramLabel = "DIR", defaultValue = ".",
            description = "The project folder, holding config.yaml. Default: the current directory.")
    Path project;

    @Option(names = "--envfile", paramLabel = "FILE",
            description = "A file of KEY=VALUE lines, relative to the project; it never overrides a variable "
                    + "already set. Default: .env")
    String envFile;

    /** The database URL: {@code flag}, else the environment, else the env file, else {@code fallback}. */
    public String databaseUrl(String flag, String fallback) {
        return ProjectConfig.databaseUrl(project, flag, envFile, System.getenv(), fallback);
    }

    public ProjectConfig config() {
        return ProjectConfig.load(project, endpoint, adminSecret, envFile, System.getenv());
    }
}
