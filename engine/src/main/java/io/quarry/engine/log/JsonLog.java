package io.quarry.engine.log;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** Writes one JSON object per line: {@code {"type","timestamp","level","detail"}}. */
public final class JsonLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    private final PrintStream out;

    public JsonLog(PrintStream out) {
        this.out = out;
    }

    public static JsonLog stdout() {
        return new JsonLog(System.out);
    }

    public void info(String type, Map<String, ?> detail) {
        write("info", type, detail);
    }

    public void error(String type, Map<String, ?> detail) {
        write("error", type, detail);
    }

    private void write(String level, String type, Map<String, ?> detail) {
        ObjectNode line = JSON.createObjectNode();
        line.put("type", type);
        line.put("timestamp", OffsetDateTime.now(ZoneOffset.UTC).format(TIME));
        line.put("level", level);
        line.set("detail", JSON.valueToTree(detail));
        try {
            String text = JSON.writeValueAsString(line);
            synchronized (out) {
                out.println(text);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
