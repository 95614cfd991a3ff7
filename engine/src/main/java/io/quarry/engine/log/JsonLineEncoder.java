package io.quarry.engine.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Encodes a logging event as Hasura's log line, {@code {"type","timestamp","level","detail"}}, one per line. An event
 * of the engine's own (logger named after its type, the detail its one argument) keeps its detail as it is; a
 * library's event becomes an {@code unstructured} line ({@code pg-client} for the Postgres client) whose detail holds
 * the logger, the message and the stack trace, if any.
 */
final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Hasura's timestamps: {@code 2024-01-31T12:00:00.123+0000}. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")
            .withZone(ZoneOffset.UTC);
    private static final byte[] NOTHING = new byte[0];

    @Override
    public byte[] headerBytes() {
        return NOTHING;
    }

    @Override
    public byte[] footerBytes() {
        return NOTHING;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            boolean own = JsonLog.isLogType(event.getLoggerName());
            json.writeStringField("type", own ? event.getLoggerName() : libraryType(event.getLoggerName()));
            json.writeStringField("timestamp", TIME.format(Instant.ofEpochMilli(event.getTimeStamp())));
            json.writeStringField("level", level(event.getLevel()));
            json.writeFieldName("detail");
            Object[] arguments = event.getArgumentArray();
            if (own && arguments != null && arguments.length == 1 && arguments[0] instanceof Map<?, ?> detail) {
                JSON.writeValue(json, detail);
            } else {
                writeLibraryDetail(json, event);
            }
            json.writeEndObject();
        } catch (IOException | RuntimeException e) {
            // A detail that cannot be written still leaves a line saying so.
            return ("{\"type\":\"unstructured\",\"timestamp\":\"" + TIME.format(Instant.now())
                    + "\",\"level\":\"error\",\"detail\":{\"message\":\"unprintable log line\"}}\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        out.write('\n');
        return out.toByteArray();
    }

    private static void writeLibraryDetail(JsonGenerator json, ILoggingEvent event) throws IOException {
        json.writeStartObject();
        json.writeStringField("logger", event.getLoggerName());
        json.writeStringField("thread", event.getThreadName());
        json.writeStringField("message", event.getFormattedMessage());
        IThrowableProxy error = event.getThrowableProxy();
        if (error != null) {
            json.writeStringField("error", error.getClassName() + ": " + error.getMessage());
            json.writeStringField("stack_trace", ThrowableProxyUtil.asString(error));
        }
        json.writeEndObject();
    }

    /** The Postgres client's lines are Hasura's {@code pg-client}; the rest of the libraries' are unstructured. */
    private static String libraryType(String logger) {
        return logger.startsWith("io.vertx.pgclient") || logger.startsWith("io.vertx.sqlclient") ? "pg-client"
                : "unstructured";
    }

    /** Hasura's level names. */
    private static String level(Level level) {
        return switch (level.toInt()) {
            case Level.ERROR_INT -> "error";
            case Level.WARN_INT -> "warn";
            case Level.INFO_INT -> "info";
            default -> "debug";
        };
    }
}
