package io.quarry.engine.introspect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns the JSON document of {@code catalog.sql} into a {@link Catalog}. */
final class CatalogReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CatalogReader() {
    }

    static Catalog read(String document) {
        JsonNode root;
        try {
            root = JSON.readTree(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the catalog query returned malformed JSON", e);
        }
        Map<PgName, Relation> relations = new LinkedHashMap<>();
        for (JsonNode r : root.get("relations")) {
            Relation relation = relation(r);
            relations.put(relation.name(), relation);
        }
        Map<PgName, List<String>> enums = new LinkedHashMap<>();
        for (JsonNode e : root.get("enums")) {
            enums.put(new PgName(e.get("schema").asText(), e.get("name").asText()), strings(e.get("values")));
        }
        Map<PgName, List<PgFunction>> functions = new LinkedHashMap<>();
        for (JsonNode f : root.path("functions")) {
            PgFunction function = function(f);
            functions.computeIfAbsent(function.name(), n -> new ArrayList<>()).add(function);
        }
        return new Catalog(relations, enums, functions);
    }

    private static PgFunction function(JsonNode f) {
        List<PgFunction.Argument> arguments = new ArrayList<>();
        for (JsonNode a : f.get("arguments")) {
            arguments.add(new PgFunction.Argument(text(a.get("name")), type(a.get("type"))));
        }
        JsonNode relation = f.get("return_relation");
        return new PgFunction(new PgName(f.get("schema").asText(), f.get("name").asText()), arguments,
                f.get("defaults").asInt(), f.get("returns_set").asBoolean(), type(f.get("return_type")),
                relation == null || relation.isNull() ? Optional.empty()
                        : Optional.of(new PgName(relation.get("schema").asText(), relation.get("name").asText())),
                f.get("volatility").asText().charAt(0), text(f.get("comment")));
    }

    private static Relation relation(JsonNode r) {
        List<Column> columns = new ArrayList<>();
        for (JsonNode c : r.get("columns")) {
            columns.add(new Column(c.get("name").asText(), c.get("position").asInt(), type(c.get("type")),
                    c.get("nullable").asBoolean(), c.get("has_default").asBoolean(), c.get("identity").asBoolean(),
                    c.get("generated").asBoolean(), text(c.get("comment")), c.path("identity_always").asBoolean()));
        }
        List<Key> unique = new ArrayList<>();
        for (JsonNode u : r.get("unique_constraints")) {
            unique.add(key(u));
        }
        List<ForeignKey> foreignKeys = new ArrayList<>();
        for (JsonNode f : r.get("foreign_keys")) {
            foreignKeys.add(new ForeignKey(f.get("name").asText(), strings(f.get("columns")),
                    new PgName(f.get("ref_schema").asText(), f.get("ref_name").asText()), strings(f.get("ref_columns"))));
        }
        JsonNode pk = r.get("primary_key");
        return new Relation(new PgName(r.get("schema").asText(), r.get("name").asText()),
                Relation.Kind.of(r.get("kind").asText()), columns,
                pk == null || pk.isNull() ? Optional.empty() : Optional.of(key(pk)), unique, foreignKeys,
                text(r.get("comment")), r.path("oid").asLong(), new Relation.Writes(r.path("insertable").asBoolean(true),
                r.path("updatable").asBoolean(true), r.path("deletable").asBoolean(true)));
    }

    private static PgType type(JsonNode t) {
        if (t == null || t.isNull()) {
            return null;
        }
        return new PgType(new PgName(t.get("schema").asText(), t.get("name").asText()), t.get("kind").asText().charAt(0),
                t.get("category").asText().charAt(0), Optional.ofNullable(type(t.get("element"))),
                Optional.ofNullable(type(t.get("base"))));
    }

    private static Key key(JsonNode k) {
        return new Key(k.get("name").asText(), strings(k.get("columns")));
    }

    private static Optional<String> text(JsonNode node) {
        return node == null || node.isNull() ? Optional.empty() : Optional.of(node.asText());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
