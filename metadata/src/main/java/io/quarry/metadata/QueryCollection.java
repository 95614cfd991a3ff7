package io.quarry.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A named group of GraphQL queries ({@code query_collections} in Hasura's metadata); the allow-list admits the
 * queries of the collections it names.
 */
public record QueryCollection(String name, List<Query> queries, Optional<String> comment) {
    public static final String KEY = "query_collections";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    public QueryCollection {
        Objects.requireNonNull(name, "name");
        queries = List.copyOf(queries);
        Objects.requireNonNull(comment, "comment");
    }

    /** One listed query: its name in the collection and its text, kept as written. */
    public record Query(String name, String query) {
        public Query {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(query, "query");
        }

        public static Query read(JsonNode json, String path) {
            ObjectNode o = MetadataJson.object(json, path);
            return new Query(MetadataJson.text(o.get("name"), path + ".name"),
                    MetadataJson.text(o.get("query"), path + ".query"));
        }

        public ObjectNode toJson() {
            return NODES.objectNode().put("name", name).put("query", query);
        }
    }

    public Optional<Query> query(String queryName) {
        return queries.stream().filter(q -> q.name().equals(queryName)).findFirst();
    }

    public QueryCollection withQueries(List<Query> next) {
        return new QueryCollection(name, next, comment);
    }

    public static List<QueryCollection> readAll(JsonNode json, String path) {
        ArrayNode array = MetadataJson.array(json, path);
        List<QueryCollection> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            out.add(read(array.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    public static QueryCollection read(JsonNode json, String path) {
        ObjectNode o = MetadataJson.object(json, path);
        String name = MetadataJson.text(o.get("name"), path + ".name");
        ObjectNode definition = MetadataJson.object(o.get("definition"), path + ".definition");
        List<Query> queries = new ArrayList<>();
        JsonNode list = definition.get("queries");
        if (list != null && !list.isNull()) {
            ArrayNode array = MetadataJson.array(list, path + ".definition.queries");
            for (int i = 0; i < array.size(); i++) {
                queries.add(Query.read(array.get(i), path + ".definition.queries[" + i + "]"));
            }
        }
        JsonNode comment = o.get("comment");
        return new QueryCollection(name, queries, comment == null || comment.isNull() ? Optional.empty()
                : Optional.of(MetadataJson.text(comment, path + ".comment")));
    }

    public ObjectNode toJson() {
        ObjectNode out = NODES.objectNode();
        out.put("name", name);
        ArrayNode list = out.putObject("definition").putArray("queries");
        queries.forEach(q -> list.add(q.toJson()));
        comment.ifPresent(c -> out.put("comment", c));
        return out;
    }

    public static ArrayNode toJson(List<QueryCollection> collections) {
        ArrayNode out = NODES.arrayNode();
        collections.forEach(c -> out.add(c.toJson()));
        return out;
    }
}
