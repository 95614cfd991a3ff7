package io.quarry.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The top-level {@code api_limits} of Hasura's metadata ({@code set_api_limits}): each limit has a global value and
 * values per role; {@code disabled} switches them all off without forgetting them.
 *
 * @param time seconds, possibly fractional, kept as written so that an export repeats it exactly
 */
public record ApiLimits(Optional<Limit<RateLimit>> rate, Optional<Limit<Integer>> depth, Optional<Limit<Integer>> node,
        Optional<Limit<BigDecimal>> time, Optional<Limit<Integer>> batch, boolean disabled) {
    public static final String KEY = "api_limits";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    public ApiLimits {
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(depth, "depth");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(batch, "batch");
    }

    public static ApiLimits none() {
        return new ApiLimits(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                false);
    }

    /** A limit's global value and the values that replace it for particular roles. */
    public record Limit<T>(T global, Map<String, T> perRole) {
        public Limit {
            Objects.requireNonNull(global, "global");
            perRole = Collections.unmodifiableMap(new LinkedHashMap<>(perRole));
        }

        /** The value for {@code role}: its own, else the global one. */
        public T forRole(String role) {
            return perRole.getOrDefault(role, global);
        }
    }

    /** At most {@code maxReqsPerMin} requests a minute per role and, if given, per client of that role. */
    public record RateLimit(int maxReqsPerMin, Optional<UniqueParams> uniqueParams) {
        public RateLimit {
            Objects.requireNonNull(uniqueParams, "uniqueParams");
        }
    }

    /** What tells the clients of one role apart: their address, or the values of some session variables. */
    public sealed interface UniqueParams {
        record Address() implements UniqueParams {
        }

        record SessionVariables(List<String> names) implements UniqueParams {
            public SessionVariables {
                names = List.copyOf(names);
            }
        }
    }

    public static ApiLimits read(JsonNode json, String path) {
        ObjectNode o = MetadataJson.object(json, path);
        JsonNode disabled = o.get("disabled");
        if (disabled != null && !disabled.isNull() && !disabled.isBoolean()) {
            throw new MetadataException(path + ".disabled", "expected a boolean, but found "
                    + MetadataJson.describe(disabled));
        }
        return new ApiLimits(limit(o, "rate_limit", path, ApiLimits::readRate),
                limit(o, "depth_limit", path, ApiLimits::integer), limit(o, "node_limit", path, ApiLimits::integer),
                limit(o, "time_limit", path, ApiLimits::seconds), limit(o, "batch_limit", path, ApiLimits::integer),
                disabled != null && disabled.asBoolean());
    }

    /** Hasura's export: the limits set, in its order, and {@code disabled} always. */
    public ObjectNode toJson() {
        ObjectNode out = NODES.objectNode();
        rate.ifPresent(l -> out.set("rate_limit", write(l, ApiLimits::writeRate)));
        depth.ifPresent(l -> out.set("depth_limit", write(l, NODES::numberNode)));
        node.ifPresent(l -> out.set("node_limit", write(l, NODES::numberNode)));
        time.ifPresent(l -> out.set("time_limit", write(l, ApiLimits::writeSeconds)));
        batch.ifPresent(l -> out.set("batch_limit", write(l, NODES::numberNode)));
        out.put("disabled", disabled);
        return out;
    }

    private static <T> Optional<Limit<T>> limit(ObjectNode o, String key, String path,
            BiFunction<JsonNode, String, T> value) {
        JsonNode json = o.get(key);
        if (json == null || json.isNull()) {
            return Optional.empty();
        }
        String at = path + "." + key;
        ObjectNode limit = MetadataJson.object(json, at);
        if (!limit.has("global")) {
            throw new MetadataException(at, "the key 'global' was not present");
        }
        T global = value.apply(limit.get("global"), at + ".global");
        Map<String, T> perRole = new LinkedHashMap<>();
        JsonNode roles = limit.get("per_role");
        if (roles != null && !roles.isNull()) {
            MetadataJson.object(roles, at + ".per_role").fields().forEachRemaining(e ->
                    perRole.put(e.getKey(), value.apply(e.getValue(), at + ".per_role." + e.getKey())));
        }
        return Optional.of(new Limit<>(global, perRole));
    }

    private static <T> ObjectNode write(Limit<T> limit, Function<T, JsonNode> value) {
        ObjectNode out = NODES.objectNode();
        out.set("global", value.apply(limit.global()));
        ObjectNode roles = out.putObject("per_role");
        limit.perRole().forEach((role, v) -> roles.set(role, value.apply(v)));
        return out;
    }

    private static Integer integer(JsonNode json, String path) {
        if (json == null || !json.canConvertToInt() || !json.isIntegralNumber()) {
            throw new MetadataException(path, "expected an integer, but found " + MetadataJson.describe(json));
        }
        return json.intValue();
    }

    private static BigDecimal seconds(JsonNode json, String path) {
        if (json == null || !json.isNumber()) {
            throw new MetadataException(path, "expected a number of seconds, but found " + MetadataJson.describe(json));
        }
        return json.decimalValue();
    }

    /** Whole seconds as an integer and others as a double, as a JSON reader reads them back. */
    private static JsonNode writeSeconds(BigDecimal seconds) {
        BigDecimal whole = seconds.stripTrailingZeros();
        if (whole.scale() > 0) {
            return NODES.numberNode(seconds.doubleValue());
        }
        long value = whole.longValue();
        return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
    }

    private static RateLimit readRate(JsonNode json, String path) {
        ObjectNode o = MetadataJson.object(json, path);
        if (!o.has("max_reqs_per_min")) {
            throw new MetadataException(path, "the key 'max_reqs_per_min' was not present");
        }
        int max = integer(o.get("max_reqs_per_min"), path + ".max_reqs_per_min");
        JsonNode unique = o.get("unique_params");
        if (unique == null || unique.isNull()) {
            return new RateLimit(max, Optional.empty());
        }
        String at = path + ".unique_params";
        String wrong = "Not a valid value. Should be either: 'IP' or a list of Hasura session variables";
        if (unique.isTextual()) {
            if (!unique.asText().toLowerCase(Locale.ROOT).equals("ip")) {
                throw new MetadataException(at, wrong);
            }
            return new RateLimit(max, Optional.of(new UniqueParams.Address()));
        }
        if (!unique.isArray()) {
            throw new MetadataException(at, wrong);
        }
        List<String> names = new java.util.ArrayList<>();
        for (JsonNode name : unique) {
            String lower = name.isTextual() ? name.asText().toLowerCase(Locale.ROOT) : "";
            if (!lower.startsWith("x-hasura-") || lower.equals("x-hasura-role")) {
                throw new MetadataException(at, wrong);
            }
            names.add(name.asText());
        }
        return new RateLimit(max, Optional.of(new UniqueParams.SessionVariables(names)));
    }

    private static JsonNode writeRate(RateLimit rate) {
        ObjectNode out = NODES.objectNode();
        out.put("max_reqs_per_min", rate.maxReqsPerMin());
        if (rate.uniqueParams().isEmpty()) {
            out.putNull("unique_params");
        } else if (rate.uniqueParams().get() instanceof UniqueParams.SessionVariables s) {
            ArrayNode names = out.putArray("unique_params");
            s.names().forEach(names::add);
        } else {
            out.put("unique_params", "IP");
        }
        return out;
    }
}
