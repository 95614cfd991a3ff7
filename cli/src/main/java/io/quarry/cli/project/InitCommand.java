package io.quarry.cli.project;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code quarry init [dir]}: a new project folder as Hasura's CLI lays it out (config v3). */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Create a project folder: config.yaml (version 3), metadata/ with version.yaml and the empty "
                + "metadata files, and migrations/.", "Then: quarry metadata apply --project DIR"})
public final class InitCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", defaultValue = "hasura",
            description = "The folder to create. Default: ${DEFAULT-VALUE}")
    Path dir;

    @Option(names = "--endpoint", paramLabel = "URL", defaultValue = ProjectConfig.DEFAULT_ENDPOINT,
            description = "The engine's URL written to config.yaml. Default: ${DEFAULT-VALUE}")
    String endpoint;

    @Option(names = "--admin-secret", paramLabel = "SECRET",
            description = "An admin secret written to config.yaml (better kept in HASURA_GRAPHQL_ADMIN_SECRET).")
    String adminSecret;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            Path config = dir.resolve("config.yaml");
            if (Files.exists(config)) {
                throw new ProjectException(dir + " is already a project (it has config.yaml); choose another folder");
            }
            Files.createDirectories(dir.resolve("migrations"));
            Files.createDirectories(dir.resolve("seeds"));
            StringBuilder yaml = new StringBuilder("version: 3\nendpoint: ").append(endpoint).append('\n');
            if (adminSecret != null && !adminSecret.isEmpty()) {
                yaml.append("admin_secret: ").append(adminSecret).append('\n');
            }
            yaml.append("metadata_directory: metadata\n")
                    .append("actions:\n  kind: synchronous\n  handler_webhook_baseurl: http://localhost:3000\n");
            Files.writeString(config, yaml);
            for (Map.Entry<String, String> file : MetadataProject.initialFiles().entrySet()) {
                Path path = dir.resolve("metadata").resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue());
            }
            spec.commandLine().getOut().println("Project created in " + dir.toAbsolutePath().normalize()
                    + "\nNext: quarry metadata export --project " + dir + " (to take the metadata of a running engine)");
            return 0;
        } catch (ProjectException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            spec.commandLine().getErr().println("error: cannot create " + dir + ": " + e.getMessage());
            return 1;
        }
    }
}
