package io.quarry.engine.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.util.RawValue;
import io.quarry.metadata.Metadata;
import io.quarry.metadata.MetadataJson;
import io.quarry.metadata.TableEntry;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Writes the metadata document to store, keeping the JSON of each tracked table it wrote last time. A change keeps
 * the entries of the tables it does not touch (records, never changed in place), so for thousands of tables the
 * document is mostly the text written before, copied, and only the tables changed are written again.
 */
final class MetadataWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The JSON of the tables of the document written last, by the identity of their entries. */
    private Map<TableEntry, JsonNode> written = new IdentityHashMap<>();

    synchronized String write(Metadata metadata) {
        Map<TableEntry, JsonNode> before = written;
        Map<TableEntry, JsonNode> now = new IdentityHashMap<>();
        try {
            String json = JSON.writeValueAsString(MetadataJson.write(metadata, entry -> {
                JsonNode table = before.get(entry);
                if (table == null) {
                    table = raw(entry);
                }
                now.put(entry, table);
                return table;
            }));
            written = now;
            return json;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode raw(TableEntry entry) {
        try {
            return JsonNodeFactory.instance.rawValueNode(new RawValue(
                    JSON.writeValueAsString(MetadataJson.writeTableEntry(entry))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
