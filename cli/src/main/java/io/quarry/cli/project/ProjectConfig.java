package io.quarry.cli.project;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A project's settings, resolved as Hasura's CLI resolves them: a flag wins over the environment
 * ({@code HASURA_GRAPHQL_ENDPOINT}, {@code HASURA_GRAPHQL_ADMIN_SECRET}), which wins over the env file
 * ({@code .env} in the project by default; it never overrides a variable already set), which wins over
 * {@code config.yaml} (version 3), which wins over the defaults.
 */
public record ProjectConfig(Path project, Endpoint endpoint, Path metadataDirectory, Path migrationsDirectory,
        Path seedsDirectory) {
    public static final String DEFAULT_ENDPOINT = "http://localhost:8080";

    /**
     * @param flagEndpoint {@code --endpoint}, or null
     * @param flagSecret {@code --admin-secret}, or null
     * @param envFile {@code --envfile}, relative to the project; null for {@code .env}
     * @param environment the process environment
     */
    public static ProjectConfig load(Path project, String flagEndpoint, String flagSecret, String envFile,
            Map<String, String> environment) {
        Path dir = project.toAbsolutePath().normalize();
        Map<String, Object> config = readConfig(dir.resolve("config.yaml"));
        Map<String, String> env = new HashMap<>(readEnvFile(dir.resolve(envFile == null ? ".env" : envFile),
                envFile != null));
        env.putAll(environment);
        String endpoint = first(flagEndpoint, env.get("HASURA_GRAPHQL_ENDPOINT"), string(config.get("endpoint")),
                DEFAULT_ENDPOINT);
        String secret = first(flagSecret, env.get("HASURA_GRAPHQL_ADMIN_SECRET"),
                env.get("HASURA_GRAPHQL_ACCESS_KEY"), string(config.get("admin_secret")),
                string(config.get("access_key")), "");
        String metadataPath = config.get("api_paths") instanceof Map<?, ?> paths ? string(paths.get("v1_metadata")) : null;
        URI url;
        try {
            url = URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw new ProjectException("the endpoint " + endpoint + " is not a URL; pass --endpoint http://host:port");
        }
        return new ProjectConfig(dir, new Endpoint(url, Optional.of(secret), metadataPath),
                dir.resolve(first(env.get("HASURA_GRAPHQL_METADATA_DIRECTORY"),
                        string(config.get("metadata_directory")), "metadata")),
                dir.resolve(first(env.get("HASURA_GRAPHQL_MIGRATIONS_DIRECTORY"),
                        string(config.get("migrations_directory")), "migrations")),
                dir.resolve(first(env.get("HASURA_GRAPHQL_SEEDS_DIRECTORY"), string(config.get("seeds_directory")),
                        "seeds")));
    }

    /**
     * The database URL of a project, for the commands that connect to the database themselves: {@code flag}, else
     * {@code QUARRY_DATABASE_URL} or {@code HASURA_GRAPHQL_DATABASE_URL} from the environment, else from the env
     * file ({@code envFile} relative to the project, {@code .env} by default), else {@code fallback}.
     */
    public static String databaseUrl(Path project, String flag, String envFile, Map<String, String> environment,
            String fallback) {
        if (flag != null && !flag.isEmpty()) {
            return flag;
        }
        Map<String, String> file = readEnvFile(project.toAbsolutePath().normalize()
                .resolve(envFile == null ? ".env" : envFile), envFile != null);
        return first(environment.get("QUARRY_DATABASE_URL"), environment.get("HASURA_GRAPHQL_DATABASE_URL"),
                file.get("QUARRY_DATABASE_URL"), file.get("HASURA_GRAPHQL_DATABASE_URL"), fallback);
    }

    private static Map<String, Object> readConfig(Path file) {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        Object parsed;
        try {
            parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            throw new ProjectException(file + " cannot be read: " + e.getMessage());
        }
        if (parsed == null) {
            return Map.of();
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new ProjectException(file + " must be a mapping of settings (version: 3, endpoint: ...)");
        }
        Object version = map.get("version");
        if (version != null && !"3".equals(String.valueOf(version))) {
            throw new ProjectException(file + " has config version " + version
                    + "; only version 3 is supported (run 'hasura scripts update-project-v3' to upgrade)");
        }
        Map<String, Object> out = new HashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    /** KEY=VALUE lines as godotenv reads them: comments, {@code export}, quotes. */
    static Map<String, String> readEnvFile(Path file, boolean required) {
        if (!Files.isRegularFile(file)) {
            if (required) {
                throw new ProjectException("the env file " + file + " does not exist");
            }
            return Map.of();
        }
        Map<String, String> values = new HashMap<>();
        try {
            for (String raw : Files.readAllLines(file)) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith("export ")) {
                    line = line.substring(7).strip();
                }
                int eq = line.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String value = line.substring(eq + 1).strip();
                if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                        || value.startsWith("'") && value.endsWith("'"))) {
                    value = value.substring(1, value.length() - 1);
                } else if (value.contains(" #")) {
                    value = value.substring(0, value.indexOf(" #")).strip();
                }
                values.put(line.substring(0, eq).strip(), value);
            }
        } catch (IOException e) {
            throw new ProjectException("the env file " + file + " cannot be read: " + e.getMessage());
        }
        return values;
    }

    private static String string(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return values[values.length - 1];
    }
}
