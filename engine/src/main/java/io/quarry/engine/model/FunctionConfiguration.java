package io.quarry.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.engine.introspect.PgFunction;
import io.quarry.metadata.MetadataJson;
import io.quarry.metadata.TrackedFunction;
import java.util.Objects;
import java.util.Optional;

/**
 * Hasura's checks of a tracked function's {@code configuration} ({@code session_argument}, {@code exposed_as},
 * {@code custom_name}, {@code custom_root_fields}): the shape alone when a command is parsed, and against the
 * function itself when the metadata is resolved.
 */
public final class FunctionConfiguration {
    private FunctionConfiguration() {
    }

    /** A configuration that cannot be read: where (below the configuration) and why, in Hasura's words. */
    public record Malformed(String path, String message) {
        public Malformed {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(message, "message");
        }
    }

    /** What is wrong with the configuration's shape, if anything; {@code path} is where it sits in the request. */
    public static Optional<Malformed> malformed(JsonNode config, String path) {
        if (config == null || config.isNull() || config.isMissingNode()) {
            return Optional.empty();
        }
        if (!config.isObject()) {
            return Optional.of(new Malformed(path, "parsing FunctionConfig failed, expected Object, but encountered "
                    + kind(config)));
        }
        JsonNode exposedAs = config.get("exposed_as");
        if (exposedAs != null && !exposedAs.isNull()
                && !(exposedAs.isTextual() && (exposedAs.asText().equals("query") || exposedAs.asText().equals("mutation")))) {
            return Optional.of(new Malformed(path + ".exposed_as", "parsing Hasura.Function.Cache.FunctionExposedAs "
                    + "failed, expected one of the tags [\"query\",\"mutation\"], but found tag "
                    + (exposedAs.isTextual() ? "\"" + exposedAs.asText() + "\"" : exposedAs.toString())));
        }
        Optional<Malformed> name = name(config.get("custom_name"), path + ".custom_name");
        if (name.isPresent()) {
            return name;
        }
        JsonNode rootFields = config.get("custom_root_fields");
        if (rootFields != null && !rootFields.isNull()) {
            if (!rootFields.isObject()) {
                return Optional.of(new Malformed(path + ".custom_root_fields",
                        "parsing Object failed, expected Object, but encountered " + kind(rootFields)));
            }
            for (String key : new String[] {"function", "function_aggregate"}) {
                Optional<Malformed> field = name(rootFields.get(key), path + ".custom_root_fields." + key);
                if (field.isPresent()) {
                    return field;
                }
            }
            JsonNode function = rootFields.get("function");
            JsonNode aggregate = rootFields.get("function_aggregate");
            if (function != null && function.isTextual() && aggregate != null && function.equals(aggregate)) {
                return Optional.of(new Malformed(path + ".custom_root_fields",
                        "the following custom root field names are duplicated: \"" + function.asText() + "\" and \""
                                + aggregate.asText() + "\""));
            }
        }
        return Optional.empty();
    }

    /**
     * Why the configuration does not fit the function, in the words Hasura puts after "cannot be tracked because";
     * a malformed configuration is reported here too, for metadata that was not checked as it came in.
     */
    static Optional<String> problem(Optional<TrackedFunction.Configuration> configuration, PgFunction function) {
        if (configuration.isEmpty()) {
            return Optional.empty();
        }
        TrackedFunction.Configuration config = configuration.get();
        Optional<Malformed> malformed = malformed(MetadataJson.writeFunctionConfiguration(config), "$.configuration");
        if (malformed.isPresent()) {
            return Optional.of(malformed.get().message());
        }
        if (config.exposedAs().filter("mutation"::equals).isPresent() && function.volatility() != 'v') {
            return Optional.of("the function was requested to be exposed as a mutation, but is not marked VOLATILE. "
                    + "Maybe the function was given the wrong volatility when it was defined?");
        }
        if (config.sessionArgument().isPresent()) {
            String name = config.sessionArgument().get();
            for (PgFunction.Argument argument : function.arguments()) {
                if (argument.name().map(name::equals).orElse(false)) {
                    return argument.type().name().name().equals("json") ? Optional.empty()
                            : Optional.of("given session argument \"" + name + "\" is not of type json");
                }
            }
            return Optional.of("given session argument \"" + name + "\" not the input argument of the function");
        }
        return Optional.empty();
    }

    private static Optional<Malformed> name(JsonNode value, String path) {
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual() || !GraphqlNames.isValid(value.asText())) {
            return Optional.of(new Malformed(path, (value.isTextual() ? "\"" + value.asText() + "\"" : value.toString())
                    + " is not a valid GraphQL name"));
        }
        return Optional.empty();
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "Array";
            case STRING -> "String";
            case NUMBER -> "Number";
            case BOOLEAN -> "Boolean";
            default -> "Null";
        };
    }
}
