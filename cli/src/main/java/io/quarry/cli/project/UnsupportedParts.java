package io.quarry.cli.project;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of Hasura metadata that Quarry keeps (so an export gives them back) but does not serve: actions,
 * remote schemas, REST endpoints, cron and event triggers, remote relationships, non-Postgres sources. A project
 * that uses them applies cleanly; they are listed so nobody is surprised that their GraphQL fields are missing.
 */
final class UnsupportedParts {
    private static final String REASON = "not supported by Quarry: kept in the metadata, not served";

    private UnsupportedParts() {
    }

    static List<Inconsistency> of(JsonNode metadata) {
        List<Inconsistency> parts = new ArrayList<>();
        each(metadata.path("actions"), "action", "name", parts);
        each(metadata.path("remote_schemas"), "remote_schema", "name", parts);
        each(metadata.path("rest_endpoints"), "rest_endpoint", "name", parts);
        each(metadata.path("cron_triggers"), "cron_trigger", "name", parts);
        for (JsonNode source : metadata.path("sources")) {
            String kind = source.path("kind").asText("postgres");
            if (!kind.equals("postgres") && !kind.equals("pg")) {
                parts.add(new Inconsistency(source.path("name").asText(), "source", "kind: " + kind, REASON, true));
                continue;
            }
            for (JsonNode table : source.path("tables")) {
                String name = table.path("table").path("schema").asText("public") + "."
                        + table.path("table").path("name").asText(table.path("table").asText());
                each(table.path("event_triggers"), "event_trigger", "name", parts, " on " + name);
                each(table.path("remote_relationships"), "remote_relationship", "name", parts, " on " + name);
            }
        }
        return parts;
    }

    private static void each(JsonNode list, String type, String key, List<Inconsistency> into) {
        each(list, type, key, into, "");
    }

    private static void each(JsonNode list, String type, String key, List<Inconsistency> into, String where) {
        for (JsonNode item : list) {
            String description = item.toString();
            into.add(new Inconsistency(item.path(key).asText() + where, type,
                    description.length() > 60 ? description.substring(0, 57) + "..." : description, REASON, true));
        }
    }
}
