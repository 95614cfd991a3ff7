package io.quarry.engine.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.io.BufferedOutputStream;
import java.io.PrintStream;
import org.slf4j.Logger;

/**
 * Logback's configuration for the process, found through {@code META-INF/services}: every line, the engine's and
 * its libraries' (Vert.x, Netty, Flyway), is a JSON line on standard output, written by one background thread; the
 * libraries' from {@code warn} up. A configuration file named with {@code -Dlogback.configurationFile} takes over.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_LOW_PRIORITY)
public final class LogbackSetup extends ContextAwareBase implements Configurator {
    static final String STDOUT = "quarry-stdout";
    /**
     * Set to {@code stderr} to write the lines to standard error instead: commands whose standard output is their
     * result (a migration's status, a metadata export) keep it clean.
     */
    public static final String STREAM_PROPERTY = "quarry.log.stream";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        // Through System.out (not its file descriptor), so that whoever redirected it, a test runner, still reads it.
        PrintStream stream = "stderr".equals(System.getProperty(STREAM_PROPERTY)) ? System.err : System.out;
        root.addAppender(LineAppender.attach(context, new BufferedOutputStream(stream, 1 << 16), STDOUT));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
