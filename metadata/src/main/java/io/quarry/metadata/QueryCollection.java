package io.quarry.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A named group of GraphQL queries ({@code query_collections} in Hasura's metadata); the allow-list admits the
 * queries of the collections it names. Each object keeps the keys it was read with, in order ({@code keys} of the
 * collection, {@code definitionKeys} of its {@code definition}), so that it is written back as read.
 */
public record QueryCollection(String name, List<Query> queries, Optional<String> comment, List<String> keys,
        List<String> definitionKeys) {
    public static final String KEY = "query_collections";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    public QueryCollection {
        Objects.requireNonNull(name, "name");
        queries = List.copyOf(queries);
        Objects.requireNonNull(comment, "comment");
        keys = List.copyOf(keys);
        definitionKeys = List.copyOf(definitionKeys);
    }

    /** A collection in Hasura's export form. */
    public QueryCollection(String name, List<Query> queries, Optional<String> comment) {
        this(name, queries, comment, List.of(), List.of());
    }

    /** One listed query: its name in the collection and its text, kept as written. */
    public record Query(String name, String query, List<String> keys) {
        public Query {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(query, "query");
            keys = List.copyOf(keys);
        }

        public Query(String name, String query) {
            this(name, query, List.of());
        }

        public static Query read(JsonNode json, String path) {
            ObjectNode o = MetadataJson.object(json, path);
            return new Query(MetadataJson.text(o.get("name"), path + ".name"),
                    MetadataJson.text(o.get("query"), path + ".query"), fieldNames(o, Set.of("name", "query")));
        }

        public ObjectNode toJson() {
            Map<String, JsonNode> values = new LinkedHashMap<>();
            values.put("name", NODES.textNode(name));
            values.put("query", NODES.textNode(query));
            return OrderedKeys.write(keys, values, Set.of(), Map.of());
        }
    }

    public Optional<Query> query(String queryName) {
        return queries.stream().filter(q -> q.name().equals(queryName)).findFirst();
    }

    public QueryCollection withQueries(List<Query> next) {
        return new QueryCollection(name, next, comment, keys, definitionKeys);
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
                : Optional.of(MetadataJson.text(comment, path + ".comment")),
                fieldNames(o, Set.of("name", "definition", "comment")), fieldNames(definition, Set.of("queries")));
    }

    public ObjectNode toJson() {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        values.put("name", NODES.textNode(name));
        ArrayNode list = NODES.arrayNode();
        queries.forEach(q -> list.add(q.toJson()));
        Map<String, JsonNode> definition = new LinkedHashMap<>();
        definition.put("queries", list);
        values.put("definition", OrderedKeys.write(definitionKeys, definition, Set.of(), Map.of()));
        values.put("comment", comment.<JsonNode>map(NODES::textNode).orElse(null));
        return OrderedKeys.write(keys, values, Set.of(), Map.of());
    }

    /** The keys of {@code o} this model reads (Hasura ignores others, and so does not export them), in order. */
    private static List<String> fieldNames(ObjectNode o, Set<String> known) {
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(k -> {
            if (known.contains(k)) {
                names.add(k);
            }
        });
        return names;
    }

    public static ArrayNode toJson(List<QueryCollection> collections) {
        ArrayNode out = NODES.arrayNode();
        collections.forEach(c -> out.add(c.toJson()));
        return out;
    }
}
