package io.quarry.engine.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Node project in {@code src/test/node}: scripts that check the engine with the JavaScript clients apps use. It is
 * copied to {@code target/node-checks} and installed there from its lock file with the installed npm, again whenever
 * the lock file changes. Without Node the tests that run it are skipped, except under {@code CI}.
 */
public final class NodeProject {
    private static final Path SOURCE = Path.of("src/test/node");
    private static final Path WORK = Path.of("target/node-checks");
    /** The lock file the installed {@code node_modules} was installed from. */
    private static final Path INSTALLED_LOCK = WORK.resolve("node_modules/.installed-from-lock.json");

    private NodeProject() {
    }

    /** How a script ended: its exit code and its output (standard output and error together). */
    public record Outcome(int exitCode, String output) {
    }

    /** Runs {@code script} of the project with {@code args}, installing the project first if need be. */
    public static synchronized Outcome run(String script, List<String> args, long timeoutSeconds) {
        install();
        List<String> command = new ArrayList<>(List.of("node", WORK.resolve(script).toString()));
        command.addAll(args);
        return exec(command, Path.of("."), timeoutSeconds);
    }

    private static void install() {
        byte[] lock;
        try (Stream<Path> files = Files.list(SOURCE)) {
            Files.createDirectories(WORK);
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, WORK.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            lock = Files.readAllBytes(SOURCE.resolve("package-lock.json"));
            if (Files.exists(INSTALLED_LOCK) && Arrays.equals(lock, Files.readAllBytes(INSTALLED_LOCK))) {
                return;
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Outcome installed = exec(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), WORK, 300);
        if (installed.exitCode() != 0) {
            throw new IllegalStateException("npm ci failed in " + WORK + ": " + installed.output());
        }
        try {
            Files.write(INSTALLED_LOCK, lock);
        } catch (IOException e) {
            throw new IllegalStateException(e);
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
