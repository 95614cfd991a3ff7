package io.quarry.cli.project;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarry.metadata.folder.MetadataFolder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quarry metadata diff} against the real engine: the engine holds a base metadata, the folder a changed
 * copy, and each kind of change that breaks a role's clients is reported as a {@code BREAKING} line (exit 3 with
 * {@code --fail-on-breaking}); additive changes are not.
 */
class BreakingChangesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Engine db;
    private static Engine engine;
    private static ObjectNode base;

    @TempDir
    Path temp;


    @BeforeAll
    static void start() throws Exception {
        db = new Engine("quarry_breakingit");
        db.sql("""
                CREATE TABLE author (id serial PRIMARY KEY, name text, bio text);
                CREATE TABLE article (id serial PRIMARY KEY, title text, body text,
                    author_id int REFERENCES author(id));
                CREATE TABLE note (body text);
                CREATE FUNCTION search_articles(q text) RETURNS SETOF article AS
                    $$ SELECT * FROM article WHERE title ILIKE '%' || q || '%' $$ LANGUAGE sql STABLE;
                """);
        engine = db.start();
        ObjectNode exported = (ObjectNode) metadata("{\"type\":\"export_metadata\",\"args\":{}}");
        ObjectNode source = (ObjectNode) exported.path("sources").get(0);
        source.set("tables", JSON.readTree("""
                [{"table": {"schema": "public", "name": "author"},
                  "array_relationships": [{"name": "articles", "using": {"foreign_key_constraint_on":
                      {"column": "author_id", "table": {"schema": "public", "name": "article"}}}}],
                  "insert_permissions": [{"role": "user", "permission": {"check": {}, "columns": ["name", "bio"]}}],
                  "select_permissions": [
                    {"role": "editor", "permission": {"columns": ["id", "name"], "filter": {}}},
                    {"role": "user", "permission": {"columns": ["id", "name", "bio"], "filter": {},
                      "allow_aggregations": true}}]},
                 {"table": {"schema": "public", "name": "article"},
                  "object_relationships": [{"name": "author", "using": {"foreign_key_constraint_on": "author_id"}}],
                  "insert_permissions": [{"role": "user", "permission": {"check": {}, "columns": ["title", "body"]}}],
                  "select_permissions": [{"role": "user", "permission": {"columns": ["id", "title", "body"],
                      "filter": {}}}],
                  "update_permissions": [{"role": "user", "permission": {"columns": ["title", "body"], "filter": {},
                      "check": {}}}],
                  "delete_permissions": [{"role": "user", "permission": {"filter": {}}}]},
                 {"table": {"schema": "public", "name": "note"},
                  "select_permissions": [{"role": "user", "permission": {"columns": "*", "filter": {}}}]}]
                """));
        source.set("functions", JSON.readTree("[{\"function\": {\"schema\": \"public\", \"name\": \"search_articles\"}}]"));
        ObjectNode replace = JSON.createObjectNode().put("type", "replace_metadata").put("version", 2);
        replace.putObject("args").set("metadata", exported);
        JsonNode result = metadata(replace.toString());
        assertThat(result.path("is_consistent").asBoolean(true)).as(result.toString()).isTrue();
        // The engine's own export, so that the unchanged folder has the same bytes.
        base = (ObjectNode) metadata("{\"type\":\"export_metadata\",\"args\":{}}");
    }

    @AfterAll
    static void stop() throws Exception {
        if (engine != null) {
            engine.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void theSameMetadataHasNoDifferences() throws Exception {
        Quarry.Run run = diff(m -> { });
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("No differences").doesNotContain("BREAKING");
    }

    @Test
    void additiveChangesAreNotBreaking() throws Exception {
        Quarry.Run run = diff(m -> {
            ObjectNode article = table(m, "article");
            ((ArrayNode) article.path("select_permissions").get(0).path("permission").path("columns")).add("author_id");
            ObjectNode guest = article.withArray("select_permissions").addObject().put("role", "guest")
                    .putObject("permission");
            guest.putArray("columns").add("title");
            guest.putObject("filter");
            ((ObjectNode) table(m, "author").path("select_permissions").get(0).path("permission"))
                    .put("allow_aggregations", true).putObject("filter").putObject("id").put("_eq", "X-Hasura-User-Id");
            ((ObjectNode) table(m, "author").path("select_permissions").get(1).path("permission")).put("limit", 10);
        });
        assertThat(run.code()).as(run.err() + run.out()).isZero();
        assertThat(run.out()).contains("+ default public.article: select permission for role guest added",
                "No breaking changes for existing clients").doesNotContain("BREAKING");
    }

    @Test
    void anUntrackedTableBreaksEveryRoleThatSawIt() throws Exception {
        Quarry.Run run = diff(m -> remove(m.path("sources").get(0).path("tables"), "note"));
        assertThat(run.code()).isEqualTo(3);
        assertThat(run.out()).contains("BREAKING admin: public.note untracked (clients selecting note, note_aggregate",
                "BREAKING user: public.note untracked (clients selecting note, note.body fail)",
                "2 breaking changes for existing clients");
        // note has no primary key: the engine's schema has no note_by_pk, so none is reported...
        assertThat(run.out()).doesNotContain("note_by_pk");
        // ...while the metadata alone cannot know it.
        assertThat(Quarry.run("metadata", "diff", "--project", project().toString(), "--metadata-only").out())
                .contains("note_by_pk");
    }

    @Test
    void aRenamedRootFieldAndADisabledAggregateAndNarrowedRootFields() throws Exception {
        Quarry.Run run = diff(m -> {
            ObjectNode author = table(m, "author");
            author.putObject("configuration").putObject("custom_root_fields").put("select", "authors");
            ObjectNode user = (ObjectNode) author.path("select_permissions").get(1).path("permission");
            user.put("allow_aggregations", false);
            user.putArray("query_root_fields").add("select").add("select_aggregate");
        });
        assertThat(run.code()).isEqualTo(3);
        assertThat(run.out()).contains(
                "BREAKING admin: root field author of public.author renamed to authors (clients selecting author fail)",
                "BREAKING user: root field author of public.author renamed to authors (clients selecting author fail)",
                "BREAKING user: aggregations disabled in the select permission on public.author (clients selecting "
                        + "author_aggregate fail)",
                "BREAKING user: query_root_fields of the select permission on public.author leave out select_by_pk "
                        + "(clients selecting author_by_pk fail)");
        // editor selects authors too, so the rename breaks it; it never had aggregations.
        assertThat(run.out()).contains("BREAKING editor: root field author of public.author renamed to authors")
                .doesNotContain("BREAKING editor: aggregations");
    }

    @Test
    void aDroppedSelectPermissionAndARemovedColumn() throws Exception {
        Quarry.Run run = diff(m -> {
            ((ArrayNode) table(m, "article").path("select_permissions")).removeAll();
            ArrayNode columns = (ArrayNode) table(m, "author").path("select_permissions").get(1).path("permission")
                    .path("columns");
            columns.remove(2);
        });
        assertThat(run.code()).isEqualTo(3);
        assertThat(run.out()).contains(
                "BREAKING user: select permission on public.article dropped (clients selecting article, "
                        + "article_by_pk, article.id, article.title, article.body, article.author fail)",
                "BREAKING user: column bio removed from the select permission on public.author (clients selecting "
                        + "author.bio fail)",
                "BREAKING user: relationship articles of public.author hidden: no select permission on "
                        + "public.article (clients selecting author.articles fail)",
                "BREAKING user: select permission on public.article dropped");
    }

    @Test
    void renamedRelationshipsAndCustomColumnNames() throws Exception {
        Quarry.Run run = diff(m -> {
            ObjectNode author = table(m, "author");
            ((ObjectNode) author.path("array_relationships").get(0)).put("name", "posts");
            author.putObject("configuration").putObject("column_config").putObject("name")
                    .put("custom_name", "full_name");
        });
        assertThat(run.code()).isEqualTo(3);
        assertThat(run.out()).contains(
                "BREAKING user: relationship articles of public.author renamed to posts (clients selecting "
                        + "author.articles fail)",
                "BREAKING user: column name of public.author renamed from name to full_name (custom column name) "
                        + "(clients selecting author.name fail)",
                "BREAKING editor: column name of public.author renamed from name to full_name",
                "BREAKING admin: relationship articles of public.author renamed to posts");
    }

    @Test
    void mutationPermissionsDroppedOrNarrowed() throws Exception {
        Quarry.Run run = diff(m -> {
            ObjectNode article = table(m, "article");
            ((ArrayNode) article.path("delete_permissions")).removeAll();
            ((ArrayNode) article.path("insert_permissions").get(0).path("permission").path("columns")).remove(0);
            ((ObjectNode) article.path("update_permissions").get(0).path("permission")).putObject("set")
                    .put("body", "x");
            ((ArrayNode) table(m, "author").path("insert_permissions")).removeAll();
        });
        assertThat(run.code()).isEqualTo(3);
        assertThat(run.out()).contains(
                "BREAKING user: delete permission on public.article dropped (clients selecting delete_article, "
                        + "delete_article_by_pk fail)",
                "BREAKING user: column title removed from the insert permission on public.article (clients setting "
                        + "article_insert_input.title fail)",
                "BREAKING user: column body removed from the update permission on public.article (clients setting "
                        + "article_set_input.body fail)",
                "BREAKING user: insert permission on public.author dropped (clients selecting insert_author, "
                        + "insert_author_one fail)");
    }

    @Test
    void functionsUntrackedOrRenamed() throws Exception {
        Quarry.Run renamed = diff(m -> ((ObjectNode) m.path("sources").get(0).path("functions").get(0))
                .putObject("configuration").putObject("custom_root_fields").put("function", "find_articles"));
        assertThat(renamed.code()).isEqualTo(3);
        assertThat(renamed.out()).contains("BREAKING admin: root field search_articles of function "
                        + "public.search_articles renamed to find_articles (clients selecting search_articles fail)",
                "BREAKING user: root field search_articles of function public.search_articles renamed to "
                        + "find_articles");

        Quarry.Run untracked = diff(m -> ((ArrayNode) m.path("sources").get(0).path("functions")).removeAll());
        assertThat(untracked.code()).isEqualTo(3);
        assertThat(untracked.out()).contains("BREAKING admin: function public.search_articles untracked (clients "
                + "selecting search_articles, search_articles_aggregate fail)");
        // user may not aggregate articles, so the engine never served search_articles_aggregate to it.
        assertThat(untracked.out()).contains("BREAKING user: function public.search_articles untracked (clients "
                + "selecting search_articles fail)");
    }

    @Test
    void aRemovedRole() throws Exception {
        Quarry.Run run = diff(m -> ((ArrayNode) table(m, "author").path("select_permissions")).remove(0));
        assertThat(run.code()).isEqualTo(3);
        assertThat(run.out()).contains("BREAKING editor: role removed (no permission names it any more) (clients "
                + "selecting author, author_by_pk, author.id, author.name fail)");
        assertThat(run.out().lines().filter(l -> l.startsWith("BREAKING"))).hasSize(1);
    }

    @Test
    void withoutTheFlagBreakingChangesArePrintedButDoNotFail() throws Exception {
        writeFolder(m -> remove(m.path("sources").get(0).path("tables"), "note"));
        Quarry.Run run = Quarry.run("metadata", "diff", "--project", project().toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("BREAKING user: public.note untracked");
    }

    private Quarry.Run diff(Consumer<ObjectNode> change) throws Exception {
        writeFolder(change);
        return Quarry.run("metadata", "diff", "--project", project().toString(), "--fail-on-breaking");
    }

    private void writeFolder(Consumer<ObjectNode> change) throws Exception {
        ObjectNode copy = base.deepCopy();
        change.accept(copy);
        Path project = project();
        Files.createDirectories(project);
        Files.writeString(project.resolve("config.yaml"), "version: 3\nendpoint: " + engine.url + "\n");
        MetadataFolder.write(project.resolve("metadata"), copy);
    }

    private Path project() {
        return temp.resolve("project");
    }

    private static ObjectNode table(ObjectNode metadata, String name) {
        for (JsonNode t : metadata.path("sources").get(0).path("tables")) {
            if (t.path("table").path("name").asText().equals(name)) {
                return (ObjectNode) t;
            }
        }
        throw new AssertionError(name);
    }

    private static void remove(JsonNode tables, String name) {
        for (Iterator<JsonNode> it = tables.iterator(); it.hasNext(); ) {
            if (it.next().path("table").path("name").asText().equals(name)) {
                it.remove();
            }
        }
    }


    private static JsonNode metadata(String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(engine.url + "/v1/metadata"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
