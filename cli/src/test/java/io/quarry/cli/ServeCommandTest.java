package io.quarry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** How {@code serve} reads its options, without starting an engine. */
class ServeCommandTest {
    private static ServeCommand parse(String... args) {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs(args);
        return serve;
    }

    @Test
    void functionPermissionsAreInferredUnlessTurnedOff() {
        // Hasura's default; the environment variables would change it, and tests run without them.
        if (System.getenv("QUARRY_INFER_FUNCTION_PERMISSIONS") == null
                && System.getenv("HASURA_GRAPHQL_INFER_FUNCTION_PERMISSIONS") == null) {
            assertThat(parse().inferFunctionPermissions).isTrue();
        }
        assertThat(parse("--no-infer-function-permissions").inferFunctionPermissions).isFalse();
        assertThat(parse("--infer-function-permissions=false").inferFunctionPermissions).isFalse();
        assertThat(parse("--infer-function-permissions").inferFunctionPermissions).isTrue();
    }

    @Test
    void theConsoleIsServedUnlessDisabled() {
        if (System.getenv("QUARRY_ENABLE_CONSOLE") == null && System.getenv("HASURA_GRAPHQL_ENABLE_CONSOLE") == null) {
            assertThat(parse().consoleEnabled()).isTrue();
        }
        assertThat(parse("--disable-console").consoleEnabled()).isFalse();
        assertThat(parse("--no-enable-console").consoleEnabled()).isFalse();
        assertThat(parse("--enable-console=false").consoleEnabled()).isFalse();
        assertThat(parse("--enable-console").consoleEnabled()).isTrue();
    }

    @Test
    void helpNamesTheInferenceOptionAndItsEnvironmentVariables() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out));
        cli.execute("serve", "--help");
        assertThat(out.toString()).contains("infer-function-permissions", "QUARRY_INFER_FUNCTION_PERMISSIONS",
                "HASURA_GRAPHQL_INFER_FUNCTION_PERMISSIONS");
    }

    @Test
    void unknownLogLevelsAndTypesAreRefusedWithHasurasMessages() {
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertThat(new CommandLine(new Main()).execute("serve", "--log-level", "loud")).isEqualTo(2);
            assertThat(new CommandLine(new Main()).execute("serve", "--enabled-log-types", "startup,nope"))
                    .isEqualTo(2);
        } finally {
            System.setErr(saved);
        }
        assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("quarry serve: Valid log levels: debug, info, warn or error")
                .contains("quarry serve: Valid list of comma-separated log types: [\"startup\",\"http-log\"");
    }
}
