package io.quarry.engine.testing;

import java.nio.file.Path;
import java.util.List;

/**
 * Checks introspection answers with the graphql reference implementation, as client tools (Apollo, codegen) read
 * them: {@code buildClientSchema}, then {@code validateSchema}, by {@code check-schema.mjs} of the
 * {@link NodeProject}. Without Node the check is skipped, except under {@code CI}.
 */
public final class ClientSchemaCheck {
    private ClientSchemaCheck() {
    }

    /** One line of JSON per file: {@code {"role", "errors": [...], "types"}}; the process's output as a whole. */
    public record Outcome(int exitCode, String output) {
    }

    public static Outcome run(List<Path> introspections) {
        NodeProject.Outcome outcome = NodeProject.run("check-schema.mjs",
                introspections.stream().map(p -> p.toAbsolutePath().toString()).toList(), 60);
        return new Outcome(outcome.exitCode(), outcome.output());
    }
}
