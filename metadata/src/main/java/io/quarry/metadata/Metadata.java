package io.quarry.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The whole metadata: sources and, in {@code other}, the top-level keys not modelled yet. */
public record Metadata(List<Source> sources, Map<String, JsonNode> other) {
    public static final int VERSION = 3;

    public Metadata {
        sources = List.copyOf(sources);
        other = Collections.unmodifiableMap(new LinkedHashMap<>(other));
    }

    /** Empty metadata with the default Postgres source, as a fresh engine starts. */
    public static Metadata empty() {
        return new Metadata(List.of(new Source(Source.DEFAULT, "postgres", List.of(), Map.of())), Map.of());
    }

    public Optional<Source> source(String name) {
        return sources.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public Metadata updateSource(String name, UnaryOperator<Source> change) {
        Objects.requireNonNull(change, "change");
        List<Source> next = new ArrayList<>(sources.size());
        for (Source s : sources) {
            next.add(s.name().equals(name) ? change.apply(s) : s);
        }
        return new Metadata(next, other);
    }
}
