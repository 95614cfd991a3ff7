package io.quarry.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.introspection.IntrospectionQuery;
import io.quarry.engine.error.ApiError;
import io.quarry.engine.request.GraphQLRequest;
import io.quarry.engine.request.OperationPreparer;
import io.quarry.engine.request.Prepared;
import io.quarry.engine.testing.TestDatabase;
import io.quarry.engine.testing.TestServer;
import io.quarry.engine.testing.Tracking;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Introspection answers are written straight to JSON from the role's schema: for Pagila's schema as the admin and
 * two roles see it, every kind of introspection query (client tools' full queries, {@code __type} with aliases and
 * fragments, {@code @include}/{@code @skip} with variables, {@code __typename}) answers byte for byte what
 * graphql-java's own execution answers, serialised by Jackson; and the queries graphql-java refuses as not asked
 * in good faith are refused with its words.
 */
class IntrospectionAnswersIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ROLES = List.of("admin", "reader", "clerk");

    /** GraphiQL's query (graphql-js getIntrospectionQuery with every option GraphiQL turns on). */
    private static final String GRAPHIQL = """
            query IntrospectionQuery {
              __schema {
                description
                queryType { name kind }
                mutationType { name kind }
                subscriptionType { name kind }
                types { ...FullType }
                directives {
                  name
                  description
                  isRepeatable
                  locations
                  args(includeDeprecated: true) { ...InputValue }
                }
              }
            }
            fragment FullType on __Type {
              kind
              name
              description
              specifiedByURL
              isOneOf
              fields(includeDeprecated: true) {
                name
                description
                args(includeDeprecated: true) { ...InputValue }
                type { ...TypeRef }
                isDeprecated
                deprecationReason
              }
              inputFields(includeDeprecated: true) { ...InputValue }
              interfaces { ...TypeRef }
              enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
              possibleTypes { ...TypeRef }
            }
            fragment InputValue on __InputValue {
              name
              description
              type { ...TypeRef }
              defaultValue
              isDeprecated
              deprecationReason
            }
            fragment TypeRef on __Type {
              kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType {
                kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } } }
            }
            """;

    private static final String TYPES = """
            query Types {
              film: __type(name: "film") {
                ...Named
                f: fields { n: name type { ...Ref } args { name defaultValue __typename } __typename }
              }
              ... on query_root {
                kinds: __type(name: "__TypeKind") { name enumValues { name description __typename } }
                missing: __type(name: "no_such_type") { name }
              }
              t: __type(name: "__Type") { ...Named }
              input: __type(name: "actor_bool_exp") { ...Named inputFields { name type { ...Ref } } }
              shade: __type(name: "shade_enum") { ...Named enumValues(includeDeprecated: true) { name description } }
              __typename
              also: __typename
            }
            fragment Named on __Type { __typename kind name description specifiedByUrl isOneOf }
            fragment Ref on __Type { kind name ofType { kind name ofType { kind name ofType { name } } } }
            """;

    private static final String DIRECTIVES = """
            query Directives($withArgs: Boolean!, $noLocations: Boolean! = false, $type: String!) {
              __schema {
                __typename
                directives {
                  name
                  isRepeatable
                  locations @skip(if: $noLocations)
                  args @include(if: $withArgs) { name defaultValue type { kind name ofType { kind name } } }
                  __typename
                }
                queryType { name }
                queryType { kind }
                subscriptionType { name fields(includeDeprecated: $withArgs) { name } }
              }
              named: __type(name: $type) @include(if: $withArgs) { name }
              ...Root @skip(if: $noLocations)
            }
            fragment Root on query_root { __typename }
            """;

    private static TestDatabase db;
    private static TestServer server;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(IntrospectionAnswersIT.class).loadPagilaSchema();
        db.execute("SET search_path = public;"
                + "CREATE TABLE public.shade (value text PRIMARY KEY, comment text);"
                + "INSERT INTO public.shade VALUES ('light', 'Pale \"and\" bright \\ 😀'), ('dark', NULL);"
                + "COMMENT ON COLUMN public.actor.first_name IS "
                + "'The given name — \"quoted\", back\\slash, tab\t, ✓ 😀';");
        server = TestServer.start(db.url());
        Tracking.trackAll(server, "public", db.relations("public"));
        server.metadataOk("{\"type\":\"bulk\",\"args\":[" + String.join(",",
                "{\"type\":\"pg_set_table_is_enum\",\"args\":{\"table\":\"shade\",\"is_enum\":true}}",
                permission("select", "customer", "reader", "{\"columns\":\"*\",\"filter\":{}}"),
                permission("select", "actor", "clerk", "{\"columns\":\"*\",\"filter\":{},\"allow_aggregations\":true}"),
                permission("insert", "actor", "clerk", "{\"columns\":[\"first_name\",\"last_name\"],\"check\":{}}"),
                permission("update", "actor", "clerk", "{\"columns\":[\"last_name\"],\"filter\":{}}")) + "]}");
    }

    private static String permission(String kind, String table, String role, String permission) {
        return "{\"type\":\"pg_create_" + kind + "_permission\",\"args\":{\"table\":\"" + table + "\",\"role\":\""
                + role + "\",\"permission\":" + permission + "}}";
    }

    @AfterAll
    static void tearDown() {
        if (server != null) {
            server.close();
        }
        if (db != null) {
            db.close();
        }
    }

    /** A request of the test: a query, its operation's name (null for none) and its variables. */
    private record Case(String name, String query, String operation, Map<String, Object> variables) {
        GraphQLRequest request() {
            return new GraphQLRequest(query, Optional.ofNullable(operation), variables);
        }
    }

    private static List<Case> cases() {
        return List.of(
                new Case("graphql-java's IntrospectionQuery", IntrospectionQuery.INTROSPECTION_QUERY,
                        "IntrospectionQuery", Map.of()),
                new Case("GraphiQL's query", GRAPHIQL, null, Map.of()),
                new Case("__type with aliases and fragments", TYPES, "Types", Map.of()),
                new Case("directives, with @include and @skip", DIRECTIVES, null,
                        Map.of("withArgs", true, "type", "actor")),
                new Case("directives, with other variables", DIRECTIVES, null,
                        Map.of("withArgs", false, "noLocations", true, "type", "actor")),
                new Case("__type by a variable", "query ($n: String!) { __type(name: $n) { name kind } }", null,
                        Map.of("n", "actor_select_column")),
                new Case("__typename alone", "{ __typename t: __typename }", null, Map.of()),
                new Case("an unknown type", "{ __type(name: \"nothing\") { name } }", null, Map.of()),
                new Case("fields without deprecated ones",
                        "{ __type(name: \"__Type\") { fields { name } } __schema { description } }", null, Map.of()));
    }

    @TestFactory
    Stream<DynamicTest> theWriterAnswersAsGraphqlJavaDoes() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String role : ROLES) {
            for (Case c : cases()) {
                tests.add(DynamicTest.dynamicTest(role + ": " + c.name(), () -> {
                    OperationPreparer preparer = preparer(role);
                    Prepared prepared = preparer.prepare(c.request());
                    assertThat(prepared).isInstanceOf(Prepared.Introspection.class);
                    assertSame(((Prepared.Introspection) prepared).data().toString(), graphqlJava(preparer, c));
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void theResponseCarriesTheAnswerInItsEnvelopeEveryTime() {
        for (String role : ROLES) {
            String expected = "{\"data\":" + graphqlJava(preparer(role), cases().get(1)) + "}";
            for (int i = 0; i < 2; i++) {
                TestServer.Response response = server.post("/v1/graphql", body(GRAPHIQL, Map.of()), headers(role));
                assertThat(response.status()).isEqualTo(200);
                assertSame(response.text(), expected);
            }
        }
    }

    @Test
    void introspectionBesideDataIsAnsweredAsGraphqlJavaAnswersIt() throws JsonProcessingException {
        String query = "{ actor(limit: 1, order_by: {actor_id: asc}) { actor_id } "
                + "s: __schema { queryType { name } directives { name args { name defaultValue } } } "
                + "t: __type(name: \"actor\") { name fields { name description } } }";
        JsonNode answer = JSON.readTree(server.post("/v1/graphql", body(query, Map.of()), Map.of()).text());
        JsonNode expected = JSON.readTree(graphqlJava(preparer("admin"), new Case("beside", query
                .replace("actor(limit: 1, order_by: {actor_id: asc}) { actor_id } ", ""), null, Map.of())));
        assertThat(answer.has("errors")).as(answer.toString()).isFalse();
        assertThat(answer.at("/data/actor").isArray()).isTrue();
        assertThat(answer.at("/data/s")).isEqualTo(expected.get("s"));
        assertThat(answer.at("/data/t")).isEqualTo(expected.get("t"));
    }

    /** Hasura accepts fragments a document never uses; graphql-java's second validation refused them here. */
    @Test
    void introspectionBesideAFragmentItDoesNotUseIsAnswered() {
        for (String query : List.of("{ __schema { queryType { name } } } fragment F on query_root { __typename }",
                "{ actor(limit: 1) { ...F } __schema { queryType { name } } } fragment F on actor { actor_id }")) {
            JsonNode answer = server.graphql(query);
            assertThat(answer.at("/data/__schema/queryType/name").asText()).as(answer.toString())
                    .isEqualTo("query_root");
        }
    }

    /** graphql-java failed on it (its fetchers unbox the argument); it reads as the argument left out. */
    @Test
    void includeDeprecatedGivenAsNullLeavesDeprecatedFieldsOut() {
        OperationPreparer preparer = preparer("admin");
        Prepared prepared = preparer.prepare(GraphQLRequest.of(
                "{ __type(name: \"__Type\") { fields(includeDeprecated: null) { name } } }"));
        assertSame(((Prepared.Introspection) prepared).data().toString(), graphqlJava(preparer,
                new Case("left out", "{ __type(name: \"__Type\") { fields { name } } }", null, Map.of())));
    }

    @Test
    void introspectionNotAskedInGoodFaithIsRefusedInGraphqlJavasWords() {
        String nested = "kind";
        for (int i = 0; i < 20; i++) {
            nested = "kind ofType { " + nested + " }";
        }
        String many = "{ __schema { types { " + aliases(600) + " } } }";
        for (String query : List.of("{ __schema { types { fields { type { fields { name } } } } } }",
                "{ __type(name: \"actor\") { inputFields { type { inputFields { name } } } } }",
                "{ __schema { queryType { " + nested + " } } }", many)) {
            OperationPreparer preparer = preparer("admin");
            ExecutionResult result = GraphQL.newGraphQL(preparer.schema().schema()).build().execute(query);
            assertThat(result.getErrors()).as(query).isNotEmpty();
            assertThatThrownBy(() -> preparer.prepare(GraphQLRequest.of(query))).as(query)
                    .isInstanceOf(ApiError.class).hasMessage(result.getErrors().get(0).getMessage());
        }
    }

    /** Equal texts; else where they part (a whole schema is too long to read in a failure). */
    private static void assertSame(String actual, String expected) {
        int at = 0;
        while (at < actual.length() && at < expected.length() && actual.charAt(at) == expected.charAt(at)) {
            at++;
        }
        if (at < actual.length() || at < expected.length()) {
            int from = Math.max(0, at - 300);
            throw new AssertionError("the answers part at " + at + "\nexpected: …"
                    + expected.substring(from, Math.min(expected.length(), at + 200)) + "\nactual:   …"
                    + actual.substring(from, Math.min(actual.length(), at + 200)));
        }
    }

    private static String aliases(int count) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            out.append("n").append(i).append(": name ");
        }
        return out.toString();
    }

    private static OperationPreparer preparer(String role) {
        return server.quarry().engine().state().preparer(role, false);
    }

    /** graphql-java's own answer ({@code data}) to the request, as Jackson writes it. */
    private static String graphqlJava(OperationPreparer preparer, Case c) {
        ExecutionResult result = GraphQL.newGraphQL(preparer.schema().schema()).build().execute(
                ExecutionInput.newExecutionInput(c.query()).operationName(c.operation()).variables(c.variables()));
        assertThat(result.getErrors()).as(c.name()).isEmpty();
        try {
            return JSON.writeValueAsString(result.getData());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String body(String query, Map<String, Object> variables) {
        return JSON.createObjectNode().put("query", query).set("variables", JSON.valueToTree(variables)).toString();
    }

    private static Map<String, String> headers(String role) {
        return role.equals("admin") ? Map.of() : Map.of("x-hasura-role", role);
    }
}
