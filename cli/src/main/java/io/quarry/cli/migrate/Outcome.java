package io.quarry.cli.migrate;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** Exit codes of the {@code migrate} and {@code seed} commands, and how their errors are printed. */
public final class Outcome {
    static final int OK = 0;
    /** A migration or seed failed, or the request cannot be carried out (unknown version, unreachable database). */
    static final int FAILED = 1;
    /** Picocli's code for invalid options. */
    static final int USAGE = 2;

    static final String EXIT_CODES = "%nExit codes:%n  0  done%n  1  a migration or seed failed (its file and line "
            + "are printed),%n     or the database or the project cannot be used%n  2  invalid options%n";

    private Outcome() {
    }

    /** Progress lines written to the command's own output (what picocli was given), a line at a time. */
    public static PrintStream progress(PrintWriter out) {
        OutputStream lines = new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                line.write(b);
                if (b == '\n') {
                    flush();
                }
            }

            @Override
            public synchronized void flush() {
                out.print(line.toString(StandardCharsets.UTF_8));
                out.flush();
                line.reset();
            }
        };
        return new PrintStream(lines, true, StandardCharsets.UTF_8);
    }

    /** Runs {@code body}, printing a failure to {@code err} as {@code error: <file>:<line>: <message>}. */
    static int run(PrintWriter err, Callable<Integer> body) {
        try {
            return body.call();
        } catch (MigrationFailure e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return FAILED;
        } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException
                | io.quarry.cli.project.ProjectException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return FAILED;
        } catch (RuntimeException e) {
            err.println("error: " + e);
            err.flush();
            return FAILED;
        } catch (Exception e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return FAILED;
        }
    }
}
