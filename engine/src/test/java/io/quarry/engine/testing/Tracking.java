package io.quarry.engine.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Sets up an API as a user does through the metadata API: track tables, then accept every suggested relationship,
 * named as Hasura's console names them (the remote table for an object relationship, its plural for an array one).
 */
public final class Tracking {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Tracking() {
    }

    public static void trackAll(TestServer server, String schema, List<String> tables) {
        ArrayNode bulk = JSON.createArrayNode();
        for (String table : tables) {
            ObjectNode op = bulk.addObject().put("type", "pg_track_table");
            op.putObject("args").put("source", "default").putObject("table").put("schema", schema).put("name", table);
        }
        server.metadataOk(JSON.createObjectNode().put("type", "bulk").set("args", bulk).toString());
        acceptSuggestions(server);
    }

    public static void acceptSuggestions(TestServer server) {
        JsonNode suggestions = server.metadataOk("{\"type\":\"pg_suggest_relationships\",\"args\":{\"omit_tracked\":true}}");
        ArrayNode bulk = JSON.createArrayNode();
        Set<String> taken = new HashSet<>();
        for (JsonNode s : suggestions.get("relationships")) {
            boolean object = "object".equals(s.get("type").asText());
            JsonNode from = s.get("from");
            JsonNode to = s.get("to");
            String target = to.get("table").get("name").asText();
            String name = object ? target : target + "s";
            String fromTable = from.get("table").get("name").asText();
            if (!taken.add(fromTable + "." + name)) {
                name = name + "_by_" + String.join("_", strings(object ? from.get("columns") : to.get("columns")));
                taken.add(fromTable + "." + name);
            }
            ObjectNode op = bulk.addObject()
                    .put("type", object ? "pg_create_object_relationship" : "pg_create_array_relationship");
            ObjectNode args = op.putObject("args").put("source", "default").put("name", name);
            args.set("table", from.get("table"));
            ObjectNode using = args.putObject("using");
            if (object && from.has("constraint_name")) {
                ArrayNode columns = using.putArray("foreign_key_constraint_on");
                from.get("columns").forEach(columns::add);
            } else {
                ObjectNode on = using.putObject("foreign_key_constraint_on");
                on.set("table", to.get("table"));
                on.set("columns", to.get("columns"));
            }
        }
        server.metadataOk(JSON.createObjectNode().put("type", "bulk").set("args", bulk).toString());
    }

    private static List<String> strings(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    public static final List<String> CHINOOK_TABLES = List.of("album", "artist", "customer", "employee", "genre",
            "invoice", "invoice_line", "media_type", "playlist", "playlist_track", "track");
}
