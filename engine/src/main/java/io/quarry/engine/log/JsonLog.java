package io.quarry.engine.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AsyncAppenderBase;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The engine's log: one JSON object per line, {@code {"type","timestamp","level","detail"}}, as Hasura writes them,
 * through SLF4J and Logback (one logger per log type, see {@link LogbackSetup} for the process's configuration).
 * Lines are written by one background thread, so a request never waits on the output; when it falls behind, lines
 * are dropped rather than callers blocked. As in Hasura, a configurable type (such as {@code http-log} or
 * {@code query-log}) is written only when enabled, an internal one ({@code schema-sync}, ...) always, and either only
 * at or above the log level. A line written while a request is served carries its {@code request_id}.
 */
public final class JsonLog implements AutoCloseable {
    /** Hasura's default log types. */
    public static final Set<String> DEFAULT_TYPES = Set.of("startup", "http-log", "webhook-log", "websocket-log");
    /** The log types an operator turns on and off, as Hasura names them; any other type is always on. */
    public static final List<String> CONFIGURABLE_TYPES = List.of("startup", "http-log", "webhook-log",
            "websocket-log", "query-log", "execution-log", "livequery-poller-log", "action-handler-log",
            "data-connector-log", "jwk-refresh-log", "validate-input-log", "health-check-log");
    /** Hasura's log levels, most verbose first. */
    public static final List<String> LEVELS = List.of("debug", "info", "warn", "error");

    private static final String REQUEST_ID = "quarry.request-id";
    private static final long DRAIN_MILLIS = 5000;

    private final LoggerContext context;
    /** Whether the context is this log's own (closed with it), rather than the process's. */
    private final boolean own;
    private final Set<String> enabled;
    private final Level level;

    private JsonLog(LoggerContext context, boolean own, Set<String> enabled, String level) {
        this.context = context;
        this.own = own;
        this.enabled = Set.copyOf(enabled);
        this.level = Level.toLevel(checkLevel(level));
    }

    /** A log writing its lines to {@code out}, at level {@code info}. */
    public JsonLog(PrintStream out, Set<String> enabled) {
        this(out, enabled, "info");
    }

    /** A log writing its lines to {@code out} (and only its own lines: the libraries' go to the process's log). */
    public JsonLog(PrintStream out, Set<String> enabled, String level) {
        this(new LoggerContext(), true, enabled, level);
        context.setName("quarry-" + Integer.toHexString(System.identityHashCode(this)));
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(this.level);
        root.addAppender(LineAppender.attach(context, out, "quarry"));
        context.start();
    }

    public static JsonLog stdout() {
        return stdout(DEFAULT_TYPES);
    }

    /** Standard output, beside the libraries' lines. */
    public static JsonLog stdout(Set<String> enabled) {
        return stdout(enabled, "info");
    }

    /**
     * Standard output, through the process's Logback context; below {@code warn}, only the engine's own types are
     * written (libraries are chatty), and at {@code error} the libraries' warnings are left out too.
     */
    public static JsonLog stdout(Set<String> enabled, String level) {
        if (!(org.slf4j.LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return new JsonLog(System.out, enabled, level);
        }
        JsonLog log = new JsonLog(context, false, enabled, level);
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root.getAppender(LogbackSetup.STDOUT) != null && log.level.isGreaterOrEqual(Level.ERROR)) {
            root.setLevel(Level.ERROR);
        }
        return log;
    }

    /** Hasura's level name, checked and in lower case; Hasura's message for any other. */
    public static String checkLevel(String level) {
        String name = level.trim().toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(name)) {
            throw new IllegalArgumentException("Valid log levels: debug, info, warn or error");
        }
        return name;
    }

    /** Hasura's log type names, checked and in lower case; Hasura's message for any other. */
    public static Set<String> checkTypes(List<String> types) {
        Set<String> out = new java.util.LinkedHashSet<>();
        for (String type : types) {
            String name = type.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            if (!CONFIGURABLE_TYPES.contains(name)) {
                throw new IllegalArgumentException("Valid list of comma-separated log types: [\""
                        + String.join("\",\"", CONFIGURABLE_TYPES) + "\"]");
            }
            out.add(name);
        }
        return out;
    }

    /** Whether a name is one of the engine's log types (the libraries' loggers are named after their classes). */
    static boolean isLogType(String name) {
        return name.indexOf('.') < 0 && !name.equals(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    /**
     * Names the request being served on the current Vert.x context (each HTTP request has a context of its own):
     * every line logged from it, on any type, carries this {@code request_id}.
     */
    public static void requestStarted(String requestId) {
        Context current = Vertx.currentContext();
        if (current != null) {
            current.putLocal(REQUEST_ID, requestId);
        }
    }

    /** Whether lines of {@code type} at {@code info} are written. */
    public boolean enabled(String type) {
        return typeEnabled(type) && Level.INFO.isGreaterOrEqual(level);
    }

    public void debug(String type, Map<String, ?> detail) {
        write(Level.DEBUG, type, detail);
    }

    public void info(String type, Map<String, ?> detail) {
        write(Level.INFO, type, detail);
    }

    public void warn(String type, Map<String, ?> detail) {
        write(Level.WARN, type, detail);
    }

    public void error(String type, Map<String, ?> detail) {
        write(Level.ERROR, type, detail);
    }

    private boolean typeEnabled(String type) {
        return !CONFIGURABLE_TYPES.contains(type) || enabled.contains(type);
    }

    private void write(Level at, String type, Map<String, ?> detail) {
        if (!at.isGreaterOrEqual(level) || !typeEnabled(type)) {
            return;
        }
        Logger logger = context.getLogger(type);
        if (logger.getLevel() != level) {
            // The process's root logger keeps the libraries at warn; the engine's types follow the log level.
            logger.setLevel(level);
        }
        logger.log(null, JsonLog.class.getName(), Level.toLocationAwareLoggerInteger(at), "",
                new Object[] {withRequestId(detail)}, null);
    }

    private static Map<String, ?> withRequestId(Map<String, ?> detail) {
        Context current = Vertx.currentContext();
        String id = current == null ? null : current.getLocal(REQUEST_ID);
        if (id == null || detail.containsKey("request_id")) {
            return detail;
        }
        Map<String, Object> copy = new LinkedHashMap<>(detail);
        copy.put("request_id", id);
        return copy;
    }

    /** Writes what is queued; a log of its own is stopped, the process's stays open for the libraries. */
    @Override
    public void close() {
        if (own) {
            context.stop();
            return;
        }
        long deadline = System.nanoTime() + DRAIN_MILLIS * 1_000_000;
        Appender<?> stdout = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender(LogbackSetup.STDOUT);
        if (stdout instanceof AsyncAppenderBase<?> async) {
            while (async.getNumberOfElementsInQueue() > 0 && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
