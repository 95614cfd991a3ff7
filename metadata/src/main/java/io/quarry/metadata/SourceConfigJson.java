package io.quarry.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads and writes a source's {@code configuration} ({@link SourceConfig}) in Hasura's format, keys as read. */
final class SourceConfigJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> POOL_KEYS = List.of("max_connections", "total_max_connections",
            "idle_timeout", "retries", "pool_timeout", "connection_lifetime");

    private SourceConfigJson() {
    }

    static SourceConfig read(JsonNode json, String path) {
        ObjectNode config = MetadataJson.object(json, path);
        List<String> keys = new ArrayList<>();
        Map<String, JsonValue> other = others(config, Set.of("connection_info"), keys);
        JsonNode info = config.get("connection_info");
        return new SourceConfig(info == null || info.isNull() ? Optional.empty()
                : Optional.of(connectionInfo(info, path + ".connection_info")), other, keys);
    }

    static ObjectNode write(SourceConfig config) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        values.put("connection_info", config.connectionInfo().<JsonNode>map(SourceConfigJson::write).orElse(null));
        return OrderedKeys.write(config.keys(), values, Set.of(), config.other());
    }

    private static SourceConfig.ConnectionInfo connectionInfo(JsonNode json, String path) {
        ObjectNode info = MetadataJson.object(json, path);
        List<String> keys = new ArrayList<>();
        Map<String, JsonValue> other = others(info, Set.of("database_url", "pool_settings", "isolation_level",
                "use_prepared_statements"), keys);
        JsonNode url = info.get("database_url");
        JsonNode pool = info.get("pool_settings");
        JsonNode prepared = info.get("use_prepared_statements");
        if (prepared != null && !prepared.isNull() && !prepared.isBoolean()) {
            throw new MetadataException(path + ".use_prepared_statements", "expected a boolean, but found "
                    + MetadataJson.describe(prepared));
        }
        return new SourceConfig.ConnectionInfo(url == null || url.isNull() ? Optional.empty()
                : Optional.of(databaseUrl(url, path + ".database_url")),
                pool == null || pool.isNull() ? Optional.empty() : Optional.of(pool(pool, path + ".pool_settings")),
                optionalText(info.get("isolation_level"), path + ".isolation_level"),
                prepared == null || prepared.isNull() ? Optional.empty() : Optional.of(prepared.booleanValue()),
                other, keys);
    }

    private static ObjectNode write(SourceConfig.ConnectionInfo info) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        values.put("database_url", info.databaseUrl().map(SourceConfigJson::write).orElse(null));
        values.put("isolation_level", info.isolationLevel().<JsonNode>map(NODES::textNode).orElse(null));
        values.put("pool_settings", info.poolSettings().<JsonNode>map(SourceConfigJson::write).orElse(null));
        values.put("use_prepared_statements", info.usePreparedStatements().<JsonNode>map(NODES::booleanNode)
                .orElse(null));
        return OrderedKeys.write(info.keys(), values, Set.of(), info.other());
    }

    /** A URL, or {@code {"from_env": "NAME"}}. */
    private static SourceConfig.DatabaseUrl databaseUrl(JsonNode json, String path) {
        if (json.isTextual()) {
            return new SourceConfig.DatabaseUrl.Literal(json.textValue());
        }
        ObjectNode url = MetadataJson.object(json, path);
        if (url.size() != 1 || !url.has("from_env")) {
            throw new MetadataException(path, "expected a URL or {\"from_env\": <variable>}");
        }
        return new SourceConfig.DatabaseUrl.FromEnv(MetadataJson.text(url.get("from_env"), path + ".from_env"));
    }

    private static JsonNode write(SourceConfig.DatabaseUrl url) {
        if (url instanceof SourceConfig.DatabaseUrl.Literal literal) {
            return NODES.textNode(literal.url());
        }
        if (url instanceof SourceConfig.DatabaseUrl.FromEnv env) {
            return NODES.objectNode().put("from_env", env.variable());
        }
        throw new AssertionError(url);
    }

    private static SourceConfig.PoolSettings pool(JsonNode json, String path) {
        ObjectNode pool = MetadataJson.object(json, path);
        List<String> keys = new ArrayList<>();
        Map<String, JsonValue> other = others(pool, Set.copyOf(POOL_KEYS), keys);
        List<Optional<Number>> numbers = new ArrayList<>();
        for (String key : POOL_KEYS) {
            JsonNode value = pool.get(key);
            if (value != null && !value.isNull() && !value.isNumber()) {
                throw new MetadataException(path + "." + key, "expected a number, but found "
                        + MetadataJson.describe(value));
            }
            numbers.add(value == null || value.isNull() ? Optional.empty() : Optional.of(value.numberValue()));
        }
        return new SourceConfig.PoolSettings(numbers.get(0), numbers.get(1), numbers.get(2), numbers.get(3),
                numbers.get(4), numbers.get(5), other, keys);
    }

    /** Hasura's export order of the pool settings. */
    private static ObjectNode write(SourceConfig.PoolSettings pool) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        values.put("connection_lifetime", number(pool.connectionLifetime()));
        values.put("idle_timeout", number(pool.idleTimeout()));
        values.put("max_connections", number(pool.maxConnections()));
        values.put("pool_timeout", number(pool.poolTimeout()));
        values.put("retries", number(pool.retries()));
        values.put("total_max_connections", number(pool.totalMaxConnections()));
        return OrderedKeys.write(pool.keys(), values, Set.of(), pool.other());
    }

    private static JsonNode number(Optional<Number> value) {
        return value.map(n -> ExpressionJson.writeValue(new JsonValue.Num(n))).orElse(null);
    }

    private static Map<String, JsonValue> others(ObjectNode node, Set<String> known, List<String> keys) {
        Map<String, JsonValue> other = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            keys.add(e.getKey());
            if (!known.contains(e.getKey())) {
                other.put(e.getKey(), ExpressionJson.readValue(e.getValue()));
            }
        });
        return other;
    }

    private static Optional<String> optionalText(JsonNode json, String path) {
        return json == null || json.isNull() ? Optional.empty() : Optional.of(MetadataJson.text(json, path));
    }
}
