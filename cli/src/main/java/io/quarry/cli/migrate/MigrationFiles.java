package io.quarry.cli.migrate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One migration of a project: its version (Hasura's millisecond timestamp), its name, and its SQL files, either of
 * which may be missing (Hasura then treats that direction as empty).
 */
public record MigrationFiles(long version, String name, Optional<Path> up, Optional<Path> down) {
    private static final Pattern FOLDER = Pattern.compile("(\\d+)_(.+)");
    private static final Pattern FLAT = Pattern.compile("(\\d+)_(.+)\\.(up|down)\\.sql");

    public MigrationFiles {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(up, "up");
        Objects.requireNonNull(down, "down");
    }

    /** {@code <version>_<name>}, the folder name Hasura gives a migration. */
    public String id() {
        return version + "_" + name;
    }

    /**
     * The migrations in a source's folder, by version: {@code <version>_<name>/up.sql|down.sql} folders and, as
     * Hasura's config v1 wrote them, flat {@code <version>_<name>.up.sql|.down.sql} files. Other entries (YAML
     * metadata migrations of config v1, notes) are not migrations and are skipped. A missing folder has none.
     */
    public static List<MigrationFiles> read(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        TreeMap<Long, MigrationFiles> byVersion = new TreeMap<>();
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path entry : entries.sorted(Comparator.comparing(Path::toString)).toList()) {
                String file = entry.getFileName().toString();
                Matcher folder = FOLDER.matcher(file);
                Matcher flat = FLAT.matcher(file);
                if (Files.isDirectory(entry) && folder.matches()) {
                    Optional<Path> up = existing(entry.resolve("up.sql"));
                    Optional<Path> down = existing(entry.resolve("down.sql"));
                    if (up.isPresent() || down.isPresent()) {
                        put(byVersion, new MigrationFiles(Long.parseLong(folder.group(1)), folder.group(2), up, down));
                    }
                } else if (Files.isRegularFile(entry) && flat.matches()) {
                    long version = Long.parseLong(flat.group(1));
                    MigrationFiles known = byVersion.get(version);
                    Optional<Path> up = flat.group(3).equals("up") ? Optional.of(entry)
                            : known == null ? Optional.empty() : known.up();
                    Optional<Path> down = flat.group(3).equals("down") ? Optional.of(entry)
                            : known == null ? Optional.empty() : known.down();
                    byVersion.put(version, new MigrationFiles(version, flat.group(2), up, down));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + directory, e);
        }
        return List.copyOf(byVersion.values());
    }

    private static void put(TreeMap<Long, MigrationFiles> byVersion, MigrationFiles files) {
        MigrationFiles previous = byVersion.putIfAbsent(files.version(), files);
        if (previous != null) {
            throw new IllegalStateException("two migrations have version " + files.version() + ": "
                    + previous.id() + " and " + files.id());
        }
    }

    private static Optional<Path> existing(Path file) {
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    static List<MigrationFiles> sortedByVersion(List<MigrationFiles> files) {
        List<MigrationFiles> sorted = new ArrayList<>(files);
        sorted.sort(Comparator.comparingLong(MigrationFiles::version));
        return sorted;
    }
}
