package io.quarry.cli.migrate;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * Shows Flyway the {@code up.sql} files of the migrations chosen to run as versioned SQL migrations named
 * {@code V<version>__<name>.sql}, so Flyway's SQL migration resolver, parser and executor handle them as their own.
 * A migration without {@code up.sql} is an empty one, as in Hasura, and is still recorded as applied; so is every
 * migration when execution is skipped (Hasura's {@code --skip-execution}: mark applied, run nothing).
 */
final class HasuraLayoutResources implements ResourceProvider {
    static final String PREFIX = "V";
    static final String SEPARATOR = "__";

    private final List<LoadableResource> resources;

    HasuraLayoutResources(List<MigrationFiles> migrations, boolean skipExecution) {
        List<LoadableResource> list = new ArrayList<>();
        for (MigrationFiles m : migrations) {
            list.add(new UpScript(m, skipExecution));
        }
        this.resources = List.copyOf(list);
    }

    @Override
    public LoadableResource getResource(String name) {
        return resources.stream().filter(r -> r.getRelativePath().equals(name)).findFirst().orElse(null);
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
        return resources.stream().filter(r -> r.getFilename().startsWith(prefix)).toList();
    }

    /** The file name Flyway parses: version, separator, and the name as Hasura wrote it. */
    static String flywayName(MigrationFiles m) {
        return PREFIX + m.version() + SEPARATOR + m.name() + ".sql";
    }

    private static final class UpScript extends LoadableResource {
        private final MigrationFiles migration;
        private final boolean skipExecution;

        UpScript(MigrationFiles migration, boolean skipExecution) {
            this.migration = migration;
            this.skipExecution = skipExecution;
        }

        @Override
        public Reader read() {
            if (migration.up().isEmpty() || skipExecution) {
                return new StringReader("");
            }
            try {
                return Files.newBufferedReader(migration.up().get(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + migration.up().get(), e);
            }
        }

        @Override
        public String getAbsolutePath() {
            return migration.up().map(p -> p.toAbsolutePath().toString()).orElse(flywayName(migration));
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return getAbsolutePath();
        }

        @Override
        public String getFilename() {
            return flywayName(migration);
        }

        @Override
        public String getRelativePath() {
            return flywayName(migration);
        }
    }
}
