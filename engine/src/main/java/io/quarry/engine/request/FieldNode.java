package io.quarry.engine.request;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One field of a validated operation, with fragments expanded, {@code @skip}/{@code @include} applied and argument
 * values coerced (variables substituted): the planner's input, free of graphql-java types.
 *
 * @param key        the response key (the alias, or the field name)
 * @param name       the field name
 * @param parentType the object type the field was selected on
 * @param arguments  coerced argument values: strings, numbers, booleans, lists and maps
 * @param children   the sub-selection, in response order
 * @param path       the JSON path Hasura reports errors at, e.g. {@code $.selectionSet.artist.selectionSet.name}
 */
public record FieldNode(String key, String name, String parentType, Map<String, Object> arguments,
        List<FieldNode> children, String path) {
    public FieldNode {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(parentType, "parentType");
        arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
        children = List.copyOf(children);
        Objects.requireNonNull(path, "path");
    }
}
