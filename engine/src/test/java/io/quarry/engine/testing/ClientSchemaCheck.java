package io.quarry.engine.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Checks introspection answers with the graphql reference implementation, as client tools (Apollo, codegen) read
 * them: {@code buildClientSchema}, then {@code validateSchema}. The Node project in {@code src/test/node} is copied to
 * {@code target/node-checks} and installed there from its lock file with the installed npm. Without Node the check is
 * skipped, except under {@code CI}.
 */
public final class ClientSchemaCheck {
    private static final Path SOURCE = Path.of("src/test/node");
    private static final Path WORK = Path.of("target/node-checks");

    private ClientSchemaCheck() {
    }

    /** One line of JSON per file: {@code {"role", "errors": [...], "types"}}; the process's output as a whole. */
    public record Outcome(int exitCode, String output) {
    }

    public static synchronized Outcome run(List<Path> introspections) {
        install();
        List<String> command = new ArrayList<>(List.of("node", WORK.resolve("check-schema.mjs").toString()));
        introspections.forEach(p -> command.add(p.toAbsolutePath().toString()));
        return exec(command, Path.of("."), 60);
    }

    private static void install() {
        try {
            Files.createDirectories(WORK);
            for (String file : List.of("package.json", "package-lock.json", "check-schema.mjs")) {
                Files.copy(SOURCE.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (Files.isDirectory(WORK.resolve("node_modules/graphql"))) {
            return;
        }
        Outcome installed = exec(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), WORK, 300);
        if (installed.exitCode() != 0) {
            throw new IllegalStateException("npm ci failed in " + WORK + ": " + installed.output());
        }
    }

    private static Outcome exec(List<String> command, Path dir, long timeoutSeconds) {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Shared.require(false, command.get(0) + " is not installed: " + e.getMessage());
            return null;
        }
        try {
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish in " + timeoutSeconds + " s");
            }
            return new Outcome(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
