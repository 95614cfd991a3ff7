package io.quarry.engine.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code shared/} folder beside the repository: datasets and conformance cases. A clone without it skips the
 * tests that read it, except under {@code CI}, where they must run.
 */
public final class Shared {
    private Shared() {
    }

    public static Path path(String relative) {
        String env = System.getenv("QUARRY_SHARED");
        Path root = env != null && !env.isBlank() ? Path.of(env) : locate();
        Path file = root.resolve(relative);
        if (!Files.exists(file)) {
            absent("missing shared file " + file + " (set QUARRY_SHARED to the shared folder)");
        }
        return file;
    }

    /** Walks up from the working directory to the first folder that has a {@code shared} sibling. */
    private static Path locate() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolveSibling("shared");
            if (Files.isDirectory(candidate.resolve("datasets"))) {
                return candidate;
            }
        }
        absent("cannot find the shared folder; set QUARRY_SHARED");
        return null;
    }

    private static void absent(String why) {
        require(false, why);
    }

    /**
     * What a test needs from the machine (the shared folder, Chromium, Node): without it the test is skipped,
     * saying why, except under {@code CI}, where it fails.
     */
    public static void require(boolean condition, String why) {
        if (condition) {
            return;
        }
        if (System.getenv("CI") != null) {
            throw new IllegalStateException(why);
        }
        org.junit.jupiter.api.Assumptions.abort(why);
    }
}
