package io.quarry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {
    private static String run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        cli.execute(args);
        return out.toString();
    }

    @Test
    void serveHelpListsEveryOptionWithItsEnvironmentVariable() {
        String help = run("serve", "--help");
        assertThat(help).contains("--database-url", "QUARRY_DATABASE_URL", "HASURA_GRAPHQL_DATABASE_URL",
                "--port", "QUARRY_SERVER_PORT", "--admin-secret", "QUARRY_ADMIN_SECRET", "--pool-size",
                "--max-request-size", "--max-fields", "--max-batch", "--statement-timeout", "--idle-timeout",
                "--max-connections", "enable-allowlist", "HASURA_GRAPHQL_ENABLE_ALLOWLIST");
    }

    @Test
    void topLevelHelpNamesTheServeCommand() {
        assertThat(run("--help")).contains("serve", "Hasura");
    }

    @Test
    void aBadPortIsRefusedBeforeStarting() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("serve", "--port", "notanumber")).isNotZero();
        assertThat(err.toString()).contains("--port");
    }
}
