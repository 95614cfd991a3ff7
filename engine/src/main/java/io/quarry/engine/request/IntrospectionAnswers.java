package io.quarry.engine.request;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarry.engine.schema.RoleSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Answers introspection root fields ({@code __schema}, {@code __type}, and {@code __typename} beside them) from one
 * role's schema, written straight to JSON by {@link IntrospectionWriter}. A query of nothing else is answered whole;
 * beside data fields, the introspection answers go with the query to be placed in its response.
 */
final class IntrospectionAnswers {
    static final Set<String> ROOTS = Set.of("__schema", "__type");
    /**
     * At most 8 answers, and at most 256 MB of them: the whole schema of a database of thousands of tables is a
     * 200 MB answer. Each answer weighs at least an eighth of the bound, so the count holds too.
     */
    private static final long KEPT_BYTES = 256L * 1024 * 1024;
    private static final int LEAST_WEIGHT = (int) (KEPT_BYTES / 8);

    private final RoleSchema schema;
    /**
     * Answers to introspection-only queries without variables, by operation name and query: a schema answers them
     * the same every time, and the whole schema of a large database takes a while to write out.
     */
    private final Map<String, Prepared.Introspection> answers = Caffeine.newBuilder().maximumWeight(KEPT_BYTES)
            .<String, Prepared.Introspection>weigher((key, answer) -> Math.max(LEAST_WEIGHT, answer.data().length()))
            .build().asMap();

    IntrospectionAnswers(RoleSchema schema) {
        this.schema = schema;
    }

    /** The answer to a query whose root fields ({@code roots}) include introspection, or are all __typename. */
    Prepared answer(GraphQLRequest request, List<FieldNode> roots) {
        boolean onlySchema = roots.stream().allMatch(r -> ROOTS.contains(r.name()) || "__typename".equals(r.name()));
        if (!onlySchema) {
            return beside(roots);
        }
        if (!request.variables().isEmpty() || request.query().length() > OperationPreparer.CACHED_DOCUMENT) {
            return whole(roots);
        }
        // Not computeIfAbsent: the map's lock would be held while the answer is written out.
        String key = key(request);
        Prepared.Introspection known = answers.get(key);
        if (known != null) {
            return known;
        }
        Prepared.Introspection answer = whole(roots);
        answers.put(key, answer);
        return answer;
    }

    /** Whether an introspection-only query was answered before, so answering it again is no work. */
    boolean answered(GraphQLRequest request) {
        return request.variables().isEmpty() && answers.containsKey(key(request));
    }

    private static String key(GraphQLRequest request) {
        return request.operationName().orElse("") + '\u0000' + request.query();
    }

    /** The whole {@code data} object. */
    private Prepared.Introspection whole(List<FieldNode> roots) {
        if (roots.stream().anyMatch(r -> ROOTS.contains(r.name()))) {
            GoodFaith.check(roots);
        }
        return new Prepared.Introspection(JsonChunks.write(out -> {
            IntrospectionWriter writer = new IntrospectionWriter(schema.schema(), out);
            out.writeStartObject();
            for (FieldNode root : roots) {
                out.writeFieldName(root.key());
                writer.root(root);
            }
            out.writeEndObject();
        }));
    }

    /** The query with its introspection root fields answered, as JSON by response key. */
    private Prepared.Query beside(List<FieldNode> roots) {
        List<FieldNode> introspection = roots.stream().filter(r -> ROOTS.contains(r.name())).toList();
        GoodFaith.check(introspection);
        Map<String, String> answered = new LinkedHashMap<>();
        for (FieldNode root : introspection) {
            answered.put(root.key(), JsonChunks.write(out -> new IntrospectionWriter(schema.schema(), out).root(root))
                    .toString());
        }
        return new Prepared.Query(roots, answered);
    }
}
