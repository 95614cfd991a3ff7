package io.quarry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.engine.config.EngineConfig;
import io.quarry.engine.testing.TestDatabase;
import io.quarry.engine.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tracked functions as Hasura serves them: volatile ones as mutation fields in the request's transaction, function
 * permissions with and without inference, untracking and customization.
 */
class FunctionMutationsIT {
    private static final Map<String, String> USER_1 = Map.of("x-hasura-role", "user", "x-hasura-user-id", "1");
    private static TestDatabase db;
    private static TestServer server;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(FunctionMutationsIT.class);
        db.execute("""
                CREATE TABLE note (id serial PRIMARY KEY, owner int NOT NULL, body text NOT NULL);
                INSERT INTO note (owner, body) VALUES (1, 'first of one'), (2, 'first of two');
                CREATE FUNCTION add_note(owner_id int, text text) RETURNS SETOF note VOLATILE LANGUAGE sql
                  AS $$ INSERT INTO note (owner, body) VALUES (owner_id, text) RETURNING * $$;
                CREATE FUNCTION stamp_note(hasura_session json, text text) RETURNS SETOF note VOLATILE LANGUAGE sql
                  AS $$ INSERT INTO note (owner, body)
                        VALUES ((hasura_session ->> 'x-hasura-user-id')::int, text) RETURNING * $$;
                CREATE FUNCTION notes_of(owner_id int) RETURNS SETOF note STABLE LANGUAGE sql
                  AS $$ SELECT * FROM note WHERE owner = owner_id $$;
                CREATE FUNCTION counted_notes() RETURNS SETOF note VOLATILE LANGUAGE sql AS $$ SELECT * FROM note $$;
                CREATE FUNCTION purge_notes(text text) RETURNS SETOF note VOLATILE LANGUAGE sql
                  AS $$ DELETE FROM note WHERE body = text RETURNING * $$;
                """);
        server = TestServer.start(db.url());
        server.metadataOk("""
                {"type":"bulk","args":[
                 {"type":"pg_track_table","args":{"table":"note"}},
                 {"type":"pg_track_function","args":{"function":"add_note"}},
                 {"type":"pg_track_function","args":{"function":"stamp_note",
                   "configuration":{"session_argument":"hasura_session"}}},
                 {"type":"pg_track_function","args":{"function":"notes_of"}},
                 {"type":"pg_track_function","args":{"function":"counted_notes","configuration":{"exposed_as":"query"}}},
                 {"type":"pg_track_function","args":{"function":"purge_notes"}},
                 {"type":"pg_create_select_permission","args":{"table":"note","role":"user","permission":{
                   "columns":["id","body"],"filter":{"owner":{"_eq":"X-Hasura-User-Id"}}}}},
                 {"type":"pg_create_function_permission","args":{"function":"add_note","role":"user"}},
                 {"type":"pg_create_function_permission","args":{"function":"stamp_note","role":"user"}}]}
                """);
    }

    @AfterAll
    static void tearDown() {
        server.close();
        db.close();
    }

    private static List<String> bodies(JsonNode rows) {
        List<String> out = new ArrayList<>();
        rows.forEach(r -> out.add(r.get("body").asText()));
        return out;
    }

    private static long count(String body) {
        return (Long) db.rows("SELECT count(*) FROM note WHERE body = '" + body + "'").get(0).get(0);
    }

    @Test
    void aVolatileFunctionIsAMutationFieldWhoseRowIsVisibleAfterwards() {
        JsonNode data = server.graphql("mutation { add_note(args: {owner_id: 1, text: \"hello\"}) { owner body } }");
        assertThat(data.at("/errors").isMissingNode()).as(data.toString()).isTrue();
        assertThat(data.at("/data/add_note/0/body").asText()).isEqualTo("hello");
        assertThat(data.at("/data/add_note/0/owner").asInt()).isEqualTo(1);
        assertThat(bodies(server.graphql("{ notes_of(args: {owner_id: 1}) { body } }").at("/data/notes_of")))
                .contains("hello");
        assertThat(count("hello")).isEqualTo(1);
    }

    @Test
    void aMutationFunctionIsNotAQueryField() {
        JsonNode errors = server.graphql("{ add_note(args: {owner_id: 1, text: \"x\"}) { id } }");
        assertThat(errors.at("/errors/0/extensions/code").asText()).isEqualTo("validation-failed");
        assertThat(errors.at("/errors/0/message").asText()).contains("add_note");
    }

    @Test
    void aLaterFailingFieldRollsTheFunctionsWriteBack() {
        JsonNode response = server.graphql("mutation { add_note(args: {owner_id: 1, text: \"lost\"}) { id } "
                + "insert_note_one(object: {owner: 1}) { id } }");
        assertThat(response.at("/errors/0/extensions/code").asText()).as(response.toString())
                .isEqualTo("constraint-violation");
        assertThat(count("lost")).isZero();
    }

    @Test
    void laterFieldsSeeTheFunctionsWrite() {
        JsonNode data = server.graphql("mutation { add_note(args: {owner_id: 3, text: \"gone soon\"}) { id } "
                + "purge_notes(args: {text: \"gone soon\"}) { body } }").get("data");
        assertThat(bodies(data.get("purge_notes"))).containsExactly("gone soon");
        assertThat(count("gone soon")).isZero();
    }

    @Test
    void theSelectPermissionFiltersWhatTheFunctionAnswers() {
        JsonNode data = server.graphql("mutation { mine: add_note(args: {owner_id: 1, text: \"mine\"}) { id body } "
                + "theirs: add_note(args: {owner_id: 2, text: \"theirs\"}) { id body } }", Map.of(), USER_1);
        assertThat(bodies(data.at("/data/mine"))).as(data.toString()).containsExactly("mine");
        assertThat(data.at("/data/theirs")).isEmpty();
        assertThat(count("theirs")).as("written, though not readable").isEqualTo(1);
        JsonNode hidden = server.graphql("mutation { add_note(args: {owner_id: 1, text: \"x\"}) { owner } }",
                Map.of(), USER_1);
        assertThat(hidden.at("/errors/0/extensions/code").asText()).isEqualTo("validation-failed");
    }

    @Test
    void theSessionArgumentCarriesTheSession() {
        JsonNode data = server.graphql("mutation { stamp_note(args: {text: \"stamped\"}) { body } }", Map.of(),
                USER_1);
        assertThat(bodies(data.at("/data/stamp_note"))).as(data.toString()).containsExactly("stamped");
        assertThat(db.rows("SELECT owner FROM note WHERE body = 'stamped'").get(0).get(0)).isEqualTo(1);
    }

    @Test
    void aVolatileFunctionExposedAsQueryIsAQueryField() {
        JsonNode data = server.graphql("{ counted_notes(where: {body: {_eq: \"first of two\"}}) { owner } "
                + "counted_notes_aggregate { aggregate { count } } }");
        assertThat(data.at("/data/counted_notes/0/owner").asInt()).as(data.toString()).isEqualTo(2);
        assertThat(data.at("/data/counted_notes_aggregate/aggregate/count").asInt()).isPositive();
    }

    @Test
    void aRoleSeesAMutationFunctionOnlyWithAFunctionPermission() {
        JsonNode fields = server.graphql("{ __type(name: \"mutation_root\") { fields { name } } }", Map.of(),
                USER_1).at("/data/__type/fields");
        List<String> names = new ArrayList<>();
        fields.forEach(f -> names.add(f.get("name").asText()));
        assertThat(names).contains("add_note", "stamp_note").doesNotContain("purge_notes");
        // Inferred (the default): the query function over a readable table needs no function permission.
        JsonNode data = server.graphql("{ notes_of(args: {owner_id: 2}) { body } }", Map.of(), USER_1);
        assertThat(data.at("/data/notes_of")).as(data.toString()).isEmpty();
    }

    @Test
    void anInheritedRoleHasTheFunctionPermissionsOfItsRoles() {
        server.metadataOk("{\"type\":\"add_inherited_role\",\"args\":{\"role_name\":\"member\","
                + "\"role_set\":[\"user\"]}}");
        try {
            JsonNode data = server.graphql("mutation { add_note(args: {owner_id: 1, text: \"inherited\"}) { body } }",
                    Map.of(), Map.of("x-hasura-role", "member", "x-hasura-user-id", "1"));
            assertThat(bodies(data.at("/data/add_note"))).as(data.toString()).containsExactly("inherited");
        } finally {
            server.metadataOk("{\"type\":\"drop_inherited_role\",\"args\":{\"role_name\":\"member\"}}");
        }
    }

    @Test
    void withoutInferenceAQueryFunctionNeedsAFunctionPermission() {
        TestServer strict = TestServer.start(EngineConfig.defaults().withDatabaseUrl(db.url())
                .withInferFunctionPermissions(false));
        try {
            String query = "{ notes_of(args: {owner_id: 1}) { body } }";
            JsonNode before = strict.graphql(query, Map.of(), USER_1);
            assertThat(before.at("/errors/0/message").asText()).as(before.toString())
                    .isEqualTo("field \"notes_of\" not found in type: 'query_root'");
            strict.metadataOk("{\"type\":\"pg_create_function_permission\",\"args\":{\"function\":\"notes_of\","
                    + "\"role\":\"user\"}}");
            JsonNode after = strict.graphql(query, Map.of(), USER_1);
            assertThat(bodies(after.at("/data/notes_of"))).as(after.toString()).contains("first of one");
            strict.metadataOk("{\"type\":\"pg_drop_function_permission\",\"args\":{\"function\":\"notes_of\","
                    + "\"role\":\"user\"}}");
            assertThat(strict.graphql(query, Map.of(), USER_1).at("/errors/0/extensions/code").asText())
                    .isEqualTo("validation-failed");
        } finally {
            strict.close();
        }
    }

    @Test
    void functionPermissionErrorsAreHasuras() {
        TestServer.Response noSelect = server.metadata("{\"type\":\"pg_create_function_permission\",\"args\":"
                + "{\"function\":\"add_note\",\"role\":\"guest\"}}");
        assertThat(noSelect.status()).isEqualTo(400);
        assertThat(noSelect.body().get("code").asText()).isEqualTo("not-supported");
        assertThat(noSelect.body().get("error").asText()).isEqualTo("function permission can only be added when the "
                + "function's return table \"note\" has select permission configured for role: \"guest\"");
        TestServer.Response twice = server.metadata("{\"type\":\"pg_create_function_permission\",\"args\":"
                + "{\"function\":\"add_note\",\"role\":\"user\"}}");
        assertThat(twice.body().get("code").asText()).isEqualTo("already-exists");
        assertThat(twice.body().get("error").asText())
                .isEqualTo("permission of role \"user\" already exists for function \"add_note\" in source: \"default\"");
        TestServer.Response missing = server.metadata("{\"type\":\"pg_drop_function_permission\",\"args\":"
                + "{\"function\":\"add_note\",\"role\":\"guest\"}}");
        assertThat(missing.body().get("code").asText()).isEqualTo("not-exists");
        assertThat(missing.body().get("error").asText())
                .isEqualTo("permission of role \"guest\" does not exist for function \"add_note\" in source: \"default\"");
        TestServer.Response untracked = server.metadata("{\"type\":\"pg_untrack_function\",\"args\":"
                + "{\"function\":{\"schema\":\"public\",\"name\":\"no_such_function\"}}}");
        assertThat(untracked.body().get("code").asText()).isEqualTo("not-exists");
        assertThat(untracked.body().get("error").asText())
                .isEqualTo("function \"no_such_function\" does not exist in source: default");
    }

    @Test
    void exposedAsIsCheckedAsHasuraChecksIt() {
        TestServer.Response stable = server.metadata("{\"type\":\"pg_set_function_customization\",\"args\":"
                + "{\"function\":\"notes_of\",\"configuration\":{\"exposed_as\":\"mutation\"}}}");
        assertThat(stable.status()).isEqualTo(400);
        assertThat(stable.body().get("code").asText()).isEqualTo("invalid-configuration");
        assertThat(stable.body().get("error").asText()).isEqualTo("Inconsistent object: the function \"notes_of\" "
                + "cannot be tracked because the function was requested to be exposed as a mutation, but is not "
                + "marked VOLATILE. Maybe the function was given the wrong volatility when it was defined?");
        TestServer.Response bad = server.metadata("{\"type\":\"pg_set_function_customization\",\"args\":"
                + "{\"function\":\"notes_of\",\"configuration\":{\"exposed_as\":\"subscription\"}}}");
        assertThat(bad.body().get("code").asText()).isEqualTo("parse-failed");
        assertThat(bad.body().get("path").asText()).isEqualTo("$.args.configuration.exposed_as");
        assertThat(server.graphql("{ notes_of(args: {owner_id: 1}) { id } }").has("errors")).isFalse();
    }

    @Test
    void customizationRenamesTheFieldsAndUntrackingRemovesThem() {
        db.execute("CREATE FUNCTION add_memo(text text) RETURNS SETOF note VOLATILE LANGUAGE sql "
                + "AS $$ INSERT INTO note (owner, body) VALUES (9, text) RETURNING * $$;"
                + "CREATE FUNCTION memos() RETURNS SETOF note STABLE LANGUAGE sql AS $$ SELECT * FROM note $$;");
        server.metadataOk("{\"type\":\"reload_metadata\",\"args\":{}}");
        server.metadataOk("""
                {"type":"bulk","args":[
                 {"type":"pg_track_function","args":{"function":"add_memo"}},
                 {"type":"pg_track_function","args":{"function":"memos"}},
                 {"type":"pg_set_function_customization","args":{"function":"add_memo",
                   "configuration":{"custom_name":"write_memo"}}},
                 {"type":"pg_set_function_customization","args":{"function":"memos",
                   "configuration":{"custom_root_fields":{"function":"all_memos","function_aggregate":"memo_stats"}}}}]}
                """);
        JsonNode data = server.graphql("mutation { write_memo(args: {text: \"memo\"}) { owner } }");
        assertThat(data.at("/data/write_memo/0/owner").asInt()).as(data.toString()).isEqualTo(9);
        data = server.graphql("{ all_memos(where: {owner: {_eq: 9}}) { body } memo_stats { aggregate { count } } "
                + "args: __type(name: \"write_memo_args\") { name } }");
        assertThat(bodies(data.at("/data/all_memos"))).as(data.toString()).containsExactly("memo");
        assertThat(data.at("/data/args/name").asText()).isEqualTo("write_memo_args");
        TestServer.Response duplicated = server.metadata("{\"type\":\"pg_set_function_customization\",\"args\":"
                + "{\"function\":\"memos\",\"configuration\":{\"custom_root_fields\":"
                + "{\"function\":\"same\",\"function_aggregate\":\"same\"}}}}");
        assertThat(duplicated.body().get("error").asText())
                .isEqualTo("the following custom root field names are duplicated: \"same\" and \"same\"");

        server.metadataOk("{\"type\":\"pg_create_function_permission\",\"args\":{\"function\":\"add_memo\",\"role\":\"user\"}}");
        server.metadataOk("{\"type\":\"pg_untrack_function\",\"args\":{\"function\":{\"schema\":\"public\",\"name\":\"add_memo\"}}}");
        server.metadataOk("{\"type\":\"untrack_function\",\"args\":{\"schema\":\"public\",\"name\":\"memos\"}}");
        assertThat(server.graphql("mutation { write_memo(args: {text: \"x\"}) { id } }")
                .at("/errors/0/extensions/code").asText()).isEqualTo("validation-failed");
        assertThat(server.graphql("{ all_memos { id } }").at("/errors/0/extensions/code").asText())
                .isEqualTo("validation-failed");
        JsonNode exported = server.metadataOk("{\"type\":\"export_metadata\",\"args\":{}}");
        assertThat(exported.toString()).doesNotContain("add_memo").doesNotContain("memos");
    }

    @Test
    void functionPermissionsAreExportedInHasurasShape() {
        JsonNode functions = server.metadataOk("{\"type\":\"export_metadata\",\"args\":{}}")
                .at("/sources/0/functions");
        JsonNode addNote = null;
        for (JsonNode f : functions) {
            if (f.get("function").toString().contains("add_note")) {
                addNote = f;
            }
        }
        assertThat(addNote).isNotNull();
        assertThat(addNote.get("permissions").toString()).isEqualTo("[{\"role\":\"user\"}]");
    }

    @Test
    void introspectionShowsTheMutationFieldWithHasurasTypeNames() {
        JsonNode field = null;
        JsonNode fields = server.graphql("""
                { __type(name: "mutation_root") { fields { name description
                    args { name type { kind name ofType { name } } }
                    type { kind ofType { kind ofType { kind ofType { name } } } } } } }
                """).at("/data/__type/fields");
        for (JsonNode f : fields) {
            if (f.get("name").asText().equals("add_note")) {
                field = f;
            }
        }
        assertThat(field).as(fields.toString()).isNotNull();
        assertThat(field.get("description").asText())
                .isEqualTo("execute VOLATILE function \"add_note\" which returns \"note\"");
        List<String> args = new ArrayList<>();
        field.get("args").forEach(a -> args.add(a.get("name").asText()));
        assertThat(args).containsExactly("args", "distinct_on", "limit", "offset", "order_by", "where");
        assertThat(field.at("/args/0/type/kind").asText()).isEqualTo("NON_NULL");
        assertThat(field.at("/args/0/type/ofType/name").asText()).isEqualTo("add_note_args");
        assertThat(field.at("/args/5/type/name").asText()).isEqualTo("note_bool_exp");
        assertThat(field.at("/type/kind").asText()).isEqualTo("NON_NULL");
        assertThat(field.at("/type/ofType/kind").asText()).isEqualTo("LIST");
        assertThat(field.at("/type/ofType/ofType/ofType/name").asText()).isEqualTo("note");
    }
}
