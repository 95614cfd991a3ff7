package io.quarry.metadata.folder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** The real Hasura projects in {@code shared/hasura-projects}; skipped when the folder is absent, unless CI is set. */
final class SharedProjects {
    private SharedProjects() {
    }

    static List<Path> all() throws IOException {
        Path root = locate();
        if (root == null) {
            if (System.getenv("CI") != null) {
                throw new IllegalStateException("shared/hasura-projects is missing (set QUARRY_SHARED)");
            }
            Assumptions.abort("shared/hasura-projects is absent");
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> Files.isDirectory(d.resolve("metadata"))).sorted().toList();
        }
    }

    private static Path locate() {
        String env = System.getenv("QUARRY_SHARED");
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env, "hasura-projects");
            return Files.isDirectory(p) ? p : null;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolveSibling("shared").resolve("hasura-projects");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
