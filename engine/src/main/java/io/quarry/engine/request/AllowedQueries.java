package io.quarry.engine.request;

import graphql.language.AstPrinter;
import graphql.language.AstTransformer;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.InlineFragment;
import graphql.language.Node;
import graphql.language.NodeVisitorStub;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.util.TraversalControl;
import graphql.util.TraverserContext;
import graphql.util.TreeTransformerUtil;
import io.quarry.engine.error.ApiError;
import io.quarry.engine.error.ErrorCode;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The queries of the allow-listed collections, matched as Hasura matches them: two documents match when they are
 * the same once parsed (so layout and comments do not matter) and stripped of {@code __typename} fields; names,
 * aliases, arguments and their order must agree. Like Hasura, the stripping looks through fields only, not into
 * inline fragments.
 */
public final class AllowedQueries {
    private static final int CACHE_SIZE = 512;

    private final Set<String> global;
    private final Map<String, Set<String>> perRole;
    /** The normal form of recent request texts, so a repeated query is not parsed again. */
    private final Map<String, String> recent = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > CACHE_SIZE;
        }
    });

    private AllowedQueries(Set<String> global, Map<String, Set<String>> perRole) {
        this.global = Set.copyOf(global);
        this.perRole = Map.copyOf(perRole);
    }

    /**
     * The allow-list from the query texts of its global collections and of those scoped to roles; texts that do not
     * parse admit nothing.
     */
    public static AllowedQueries of(List<String> globalQueries, Map<String, List<String>> roleQueries) {
        Set<String> global = new HashSet<>();
        globalQueries.forEach(q -> normal(q).ifPresent(global::add));
        Map<String, Set<String>> perRole = new HashMap<>();
        roleQueries.forEach((role, queries) -> {
            Set<String> set = new HashSet<>();
            queries.forEach(q -> normal(q).ifPresent(set::add));
            perRole.put(role, Set.copyOf(set));
        });
        return new AllowedQueries(global, perRole);
    }

    /** Whether {@code query} may run for {@code role}; a query that does not parse is refused as Hasura refuses it. */
    public boolean allows(String role, String query) {
        String normal = recent.get(query);
        if (normal == null) {
            normal = normal(query).orElseThrow(
                    () -> new ApiError(ErrorCode.PARSE_FAILED, "$.query", "not a valid graphql query"));
            if (query.length() <= OperationPreparer.CACHED_DOCUMENT) {
                recent.put(query, normal);
            }
        }
        return global.contains(normal) || perRole.getOrDefault(role, Set.of()).contains(normal);
    }

    private static Optional<String> normal(String query) {
        try {
            Document document = Parser.parse(query);
            return Optional.of(AstPrinter.printAstCompact(withoutTypenames(document)));
        } catch (InvalidSyntaxException e) {
            return Optional.empty();
        }
    }

    private static Node<?> withoutTypenames(Document document) {
        NodeVisitorStub visitor = new NodeVisitorStub() {
            @Override
            public TraversalControl visitField(Field node, TraverserContext<Node> context) {
                if (node.getName().equals("__typename")) {
                    return TreeTransformerUtil.deleteNode(context);
                }
                return TraversalControl.CONTINUE;
            }

            @Override
            public TraversalControl visitInlineFragment(InlineFragment node, TraverserContext<Node> context) {
                // ABORT skips this subtree only: Hasura keeps what an inline fragment selects as written.
                return TraversalControl.ABORT;
            }
        };
        return new AstTransformer().transform(document, visitor);
    }
}
