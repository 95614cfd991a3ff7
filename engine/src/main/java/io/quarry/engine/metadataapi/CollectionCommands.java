package io.quarry.engine.metadataapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.engine.error.ApiError;
import io.quarry.engine.error.ErrorCode;
import io.quarry.metadata.AllowlistEntry;
import io.quarry.metadata.Metadata;
import io.quarry.metadata.MetadataException;
import io.quarry.metadata.QueryCollection;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Query collections and the allow-list, with Hasura's errors (its {@code RQL/DDL/QueryCollection.hs}). */
final class CollectionCommands {
    private CollectionCommands() {
    }

    static Metadata create(Metadata metadata, Args args) {
        QueryCollection collection;
        try {
            collection = QueryCollection.read(args.node(), Args.PATH);
        } catch (MetadataException e) {
            throw new ApiError(ErrorCode.PARSE_FAILED, e.path(), e.getMessage());
        }
        if (find(metadata, collection.name()).isPresent()) {
            throw new ApiError(ErrorCode.ALREADY_EXISTS, Args.PATH + ".name",
                    "query collection with name \"" + collection.name() + "\" already exists");
        }
        Set<String> seen = new java.util.HashSet<>();
        Set<String> duplicates = new LinkedHashSet<>();
        collection.queries().forEach(q -> {
            if (!seen.add(q.name())) {
                duplicates.add(q.name());
            }
        });
        if (!duplicates.isEmpty()) {
            throw new ApiError(ErrorCode.NOT_SUPPORTED, Args.PATH + ".definition.queries", "found duplicate query names "
                    + duplicates.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(", ")));
        }
        List<QueryCollection> next = new ArrayList<>(metadata.queryCollections());
        next.add(collection);
        return metadata.withQueryCollections(next);
    }

    /** Drops a collection; one in the allow-list only with {@code cascade}, which drops its entry too. */
    static Metadata drop(Metadata metadata, Args args) {
        String name = args.text("collection");
        collection(metadata, name, Args.PATH + ".collection");
        Metadata next = metadata;
        if (inAllowlist(metadata, name)) {
            if (!args.flag("cascade")) {
                throw new ApiError(ErrorCode.DEPENDENCY_ERROR, Args.PATH + ".collection", "query collection with name \""
                        + name + "\" is present in the allowlist; cannot proceed to drop. please use cascade to "
                        + "confirm you wish to drop it from the allowlist as well");
            }
            next = next.withAllowlist(without(metadata.allowlist(), name));
        }
        return next.withQueryCollections(metadata.queryCollections().stream()
                .filter(c -> !c.name().equals(name)).toList());
    }

    static Metadata addQuery(Metadata metadata, Args args) {
        String name = args.text("collection_name");
        String queryName = args.text("query_name");
        String query = args.text("query");
        QueryCollection collection = collection(metadata, name, Args.PATH);
        if (collection.query(queryName).isPresent()) {
            throw new ApiError(ErrorCode.ALREADY_EXISTS, Args.PATH, "query with name \"" + queryName
                    + "\" already exists in collection \"" + name + "\"");
        }
        List<QueryCollection.Query> queries = new ArrayList<>(collection.queries());
        queries.add(new QueryCollection.Query(queryName, query));
        return replace(metadata, collection.withQueries(queries));
    }

    static Metadata dropQuery(Metadata metadata, Args args) {
        String name = args.text("collection_name");
        String queryName = args.text("query_name");
        QueryCollection collection = collection(metadata, name, Args.PATH);
        if (collection.query(queryName).isEmpty()) {
            throw new ApiError(ErrorCode.NOT_FOUND, Args.PATH, "query with name \"" + queryName
                    + "\" not found in collection \"" + name + "\"", 400);
        }
        return replace(metadata, collection.withQueries(collection.queries().stream()
                .filter(q -> !q.name().equals(queryName)).toList()));
    }

    /**
     * Adds a collection to the allow-list. One already there is left as it is and, as in Hasura, that is a
     * success whose message says so ({@code already} is then set).
     */
    static Optional<Metadata> addToAllowlist(Metadata metadata, Args args) {
        String name = args.text("collection");
        collection(metadata, name, Args.PATH + ".collection");
        if (inAllowlist(metadata, name)) {
            return Optional.empty();
        }
        List<AllowlistEntry> next = new ArrayList<>(metadata.allowlist());
        next.add(new AllowlistEntry(name, scope(args.get("scope"))));
        return Optional.of(metadata.withAllowlist(next));
    }

    static String alreadyInAllowlist(Args args) {
        return "collection \"" + args.text("collection") + "\" already exists in the allowlist, scope ignored;"
                + " to change scope, use update_scope_of_collection_in_allowlist";
    }

    static Metadata dropFromAllowlist(Metadata metadata, Args args) {
        String name = args.text("collection");
        collection(metadata, name, Args.PATH + ".collection");
        requireInAllowlist(metadata, name);
        return metadata.withAllowlist(without(metadata.allowlist(), name));
    }

    static Metadata updateScope(Metadata metadata, Args args) {
        String name = args.text("collection");
        if (args.get("scope") == null) {
            throw Args.missing("scope");
        }
        Optional<List<String>> scope = scope(args.get("scope"));
        collection(metadata, name, Args.PATH + ".collection");
        requireInAllowlist(metadata, name);
        return metadata.withAllowlist(metadata.allowlist().stream()
                .map(e -> e.collection().equals(name) ? new AllowlistEntry(name, scope) : e).toList());
    }

    private static Optional<List<String>> scope(JsonNode json) {
        if (json == null || json.isNull()) {
            return Optional.empty();
        }
        try {
            return AllowlistEntry.readScope(json, Args.PATH + ".scope");
        } catch (MetadataException e) {
            throw new ApiError(ErrorCode.PARSE_FAILED, e.path(), e.getMessage());
        }
    }

    private static void requireInAllowlist(Metadata metadata, String name) {
        if (!inAllowlist(metadata, name)) {
            throw new ApiError(ErrorCode.NOT_FOUND, Args.PATH, "collection \"" + name
                    + "\" doesn't exist in the allowlist", 400);
        }
    }

    private static Optional<QueryCollection> find(Metadata metadata, String name) {
        return metadata.queryCollections().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    private static QueryCollection collection(Metadata metadata, String name, String path) {
        return find(metadata, name).orElseThrow(() -> new ApiError(ErrorCode.NOT_EXISTS, path,
                "query collection with name \"" + name + "\" does not exist"));
    }

    private static boolean inAllowlist(Metadata metadata, String name) {
        return metadata.allowlist().stream().anyMatch(e -> e.collection().equals(name));
    }

    private static List<AllowlistEntry> without(List<AllowlistEntry> entries, String name) {
        return entries.stream().filter(e -> !e.collection().equals(name)).toList();
    }

    private static Metadata replace(Metadata metadata, QueryCollection collection) {
        return metadata.withQueryCollections(metadata.queryCollections().stream()
                .map(c -> c.name().equals(collection.name()) ? collection : c).toList());
    }
}
