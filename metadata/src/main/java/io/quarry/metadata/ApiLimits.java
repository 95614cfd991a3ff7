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
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The top-level {@code api_limits} of Hasura's metadata ({@code set_api_limits}): each limit has a global value and
 * values per role; {@code disabled} switches them all off without forgetting them.
 *
 * <p>Like the other records, each object keeps the keys it was read with, in order ({@code keys}), so that metadata
 * is written back as read; the constructors without keys, and {@link #normalized()}, give Hasura's export form (the
 * limits set in its order and {@code disabled} always, each limit with its {@code per_role}).
 *
 * @param time seconds, possibly fractional, kept as written so that an export repeats it exactly
 */
public record ApiLimits(Optional<Limit<RateLimit>> rate, Optional<Limit<Integer>> depth, Optional<Limit<Integer>> node,
        Optional<Limit<BigDecimal>> time, Optional<Limit<Integer>> batch, boolean disabled, List<String> keys) {
    public static final String KEY = "api_limits";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> ORDER = List.of("rate_limit", "depth_limit", "node_limit", "time_limit",
            "batch_limit", "disabled");

    public ApiLimits {
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(depth, "depth");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(batch, "batch");
        keys = List.copyOf(keys);
    }

    /** Limits in Hasura's export form. */
    public ApiLimits(Optional<Limit<RateLimit>> rate, Optional<Limit<Integer>> depth, Optional<Limit<Integer>> node,
            Optional<Limit<BigDecimal>> time, Optional<Limit<Integer>> batch, boolean disabled) {
        this(rate, depth, node, time, batch, disabled, exportKeys(rate, depth, node, time, batch));
    }

    public static ApiLimits none() {
        return new ApiLimits(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                false);
    }

    /** Whether no limit is set and nothing is disabled, whatever keys were read. */
    public boolean isNone() {
        return rate.isEmpty() && depth.isEmpty() && node.isEmpty() && time.isEmpty() && batch.isEmpty() && !disabled;
    }

    /** These limits in Hasura's export form, as {@code set_api_limits} stores them. */
    public ApiLimits normalized() {
        return new ApiLimits(rate.map(l -> new Limit<>(l.global(), l.perRole()).map(RateLimit::normalized)),
                depth.map(Limit::normalized), node.map(Limit::normalized), time.map(Limit::normalized),
                batch.map(Limit::normalized), disabled);
    }

    private static List<String> exportKeys(Optional<?>... limits) {
        List<String> keys = new java.util.ArrayList<>();
        for (int i = 0; i < limits.length; i++) {
            if (limits[i].isPresent()) {
                keys.add(ORDER.get(i));
            }
        }
        keys.add("disabled");
        return keys;
    }

    /** A limit's global value and the values that replace it for particular roles. */
    public record Limit<T>(T global, Map<String, T> perRole, List<String> keys) {
        public Limit {
            Objects.requireNonNull(global, "global");
            perRole = Collections.unmodifiableMap(new LinkedHashMap<>(perRole));
            keys = List.copyOf(keys);
        }

        /** A limit in Hasura's export form. */
        public Limit(T global, Map<String, T> perRole) {
            this(global, perRole, List.of("global", "per_role"));
        }

        Limit<T> normalized() {
            return new Limit<>(global, perRole);
        }

        <U> Limit<U> map(Function<T, U> change) {
            Map<String, U> roles = new LinkedHashMap<>();
            perRole.forEach((role, value) -> roles.put(role, change.apply(value)));
            return new Limit<>(change.apply(global), roles, keys);
        }

        /** The value for {@code role}: its own, else the global one. */
        public T forRole(String role) {
            return perRole.getOrDefault(role, global);
        }
    }

    /** At most {@code maxReqsPerMin} requests a minute per role and, if given, per client of that role. */
    public record RateLimit(int maxReqsPerMin, Optional<UniqueParams> uniqueParams, List<String> keys) {
        public RateLimit {
            Objects.requireNonNull(uniqueParams, "uniqueParams");
            keys = List.copyOf(keys);
        }

        /** A rate limit in Hasura's export form ({@code unique_params} written even when null). */
        public RateLimit(int maxReqsPerMin, Optional<UniqueParams> uniqueParams) {
            this(maxReqsPerMin, uniqueParams, List.of("max_reqs_per_min", "unique_params"));
        }

        RateLimit normalized() {
            return new RateLimit(maxReqsPerMin, uniqueParams.map(u -> u instanceof UniqueParams.Address
                    ? new UniqueParams.Address() : u));
        }
    }

    /** What tells the clients of one role apart: their address, or the values of some session variables. */
    public sealed interface UniqueParams {
        /** The client's address, {@code "IP"} in whatever case it was written. */
        record Address(String spelling) implements UniqueParams {
            public Address {
                Objects.requireNonNull(spelling, "spelling");
            }

            public Address() {
                this("IP");
            }
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
                disabled != null && disabled.asBoolean(), fieldNames(o));
    }

    /** The limits, keys as read: Hasura's export when they were made here (see {@link #normalized()}). */
    public ObjectNode toJson() {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        values.put("rate_limit", rate.map(l -> write(l, ApiLimits::writeRate)).orElse(null));
        values.put("depth_limit", depth.map(l -> write(l, NODES::numberNode)).orElse(null));
        values.put("node_limit", node.map(l -> write(l, NODES::numberNode)).orElse(null));
        values.put("time_limit", time.map(l -> write(l, ApiLimits::writeSeconds)).orElse(null));
        values.put("batch_limit", batch.map(l -> write(l, NODES::numberNode)).orElse(null));
        values.put("disabled", NODES.booleanNode(disabled));
        return OrderedKeys.write(keys, values, disabled ? Set.of() : Set.of("disabled"), Map.of());
    }

    private static List<String> fieldNames(ObjectNode o) {
        List<String> names = new java.util.ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        return names;
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
        return Optional.of(new Limit<>(global, perRole, fieldNames(limit)));
    }

    private static <T> ObjectNode write(Limit<T> limit, Function<T, JsonNode> value) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        values.put("global", value.apply(limit.global()));
        ObjectNode roles = NODES.objectNode();
        limit.perRole().forEach((role, v) -> roles.set(role, value.apply(v)));
        values.put("per_role", roles);
        return OrderedKeys.write(limit.keys(), values, roles.isEmpty() ? Set.of("per_role") : Set.of(), Map.of());
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
            return new RateLimit(max, Optional.empty(), fieldNames(o));
        }
        String at = path + ".unique_params";
        String wrong = "Not a valid value. Should be either: 'IP' or a list of Hasura session variables";
        if (unique.isTextual()) {
            if (!unique.asText().toLowerCase(Locale.ROOT).equals("ip")) {
                throw new MetadataException(at, wrong);
            }
            return new RateLimit(max, Optional.of(new UniqueParams.Address(unique.asText())), fieldNames(o));
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
        return new RateLimit(max, Optional.of(new UniqueParams.SessionVariables(names)), fieldNames(o));
    }

    private static JsonNode writeRate(RateLimit rate) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        values.put("max_reqs_per_min", NODES.numberNode(rate.maxReqsPerMin()));
        if (rate.uniqueParams().isEmpty()) {
            values.put("unique_params", null);
        } else if (rate.uniqueParams().get() instanceof UniqueParams.SessionVariables s) {
            ArrayNode names = NODES.arrayNode();
            s.names().forEach(names::add);
            values.put("unique_params", names);
        } else if (rate.uniqueParams().get() instanceof UniqueParams.Address a) {
            values.put("unique_params", NODES.textNode(a.spelling()));
        }
        return OrderedKeys.write(rate.keys(), values, Set.of(), Map.of());
    }
}
