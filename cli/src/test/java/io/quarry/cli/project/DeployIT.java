package io.quarry.cli.project;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.metadata.folder.MetadataFolder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quarry deploy} of each real Hasura project onto an empty database and a running engine: it deploys with no
 * inconsistency but the parts Quarry does not serve, exports back the project's files, and every role's select
 * permissions answer the rows plain SQL counts (session variables set to 1).
 */
class DeployIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path temp;



    @TestFactory
    Stream<DynamicTest> eachRealProjectDeploysOntoAnEmptyDatabase() throws IOException {
        Path root = MetadataCommandsIT.sharedProjects();
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> Files.isDirectory(d.resolve("metadata"))).sorted().toList().stream()
                    .map(d -> DynamicTest.dynamicTest(d.getFileName().toString(), () -> deploy(d)));
        }
    }

    private void deploy(Path original) throws Exception {
        String name = original.getFileName().toString();
        try (Engine db = new Engine("quarry_deployit"); Engine engine = db.start()) {
            Path project = temp.resolve(name);
            MetadataCommandsIT.copyTree(original, project);
            long start = System.nanoTime();
            Quarry.Run deploy = Quarry.run("deploy", "--project", project.toString(), "--endpoint", engine.url,
                    "--database-url", db.databaseUrl());
            long took = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("deploy %s: exit %d in %d ms%n%s%s", name, deploy.code(), took, deploy.out(),
                    deploy.err());
            assertThat(deploy.code()).as(deploy.err()).isZero();
            assertThat(deploy.out()).contains("Deployed in").doesNotContain("inconsistent metadata");

            Quarry.Run export = Quarry.run("metadata", "export", "--project", project.toString(), "--endpoint", engine.url);
            assertThat(export.code()).as(export.err()).isZero();
            Path metadata = original.resolve("metadata");
            for (String file : MetadataFolder.files(metadata)) {
                if (!MetadataCommandsIT.NORMALISED.containsKey(name + "/" + file)) {
                    assertThat(project.resolve("metadata").resolve(file)).as(name + "/" + file)
                            .hasSameTextualContentAs(metadata.resolve(file));
                }
            }
            int checked = checkRoles(MetadataFolder.read(metadata), engine.url, db.databaseUrl());
            System.out.printf("deploy %s: %d role queries answered as plain SQL counts%n", name, checked);
            assertThat(checked).isPositive();
        }
    }

    /**
     * For every table's select permissions, the role's query of the table answers without error, and, where the
     * permission's filter is empty, with as many rows as the table has.
     */
    private static int checkRoles(JsonNode metadata, String engineUrl, String databaseUrl) throws Exception {
        int checked = 0;
        for (JsonNode table : metadata.path("sources").get(0).path("tables")) {
            String schema = table.path("table").path("schema").asText("public");
            String name = table.path("table").path("name").asText();
            JsonNode config = table.path("configuration");
            String root = config.path("custom_root_fields").path("select").asText(
                    config.path("custom_name").asText(schema.equals("public") ? name : schema + "_" + name));
            for (JsonNode permission : table.path("select_permissions")) {
                String role = permission.path("role").asText();
                Map<String, String> headers = new TreeMap<>();
                headers.put("x-hasura-role", role);
                sessionVariables(permission.path("permission"), headers);
                JsonNode body = graphql(engineUrl, "{ " + root + " { __typename } }", headers);
                assertThat(body.has("errors")).as(role + " on " + name + ": " + body).isFalse();
                int rows = body.path("data").path(root).size();
                JsonNode filter = permission.path("permission").path("filter");
                if (filter.isObject() && filter.isEmpty() && !permission.path("permission").has("limit")) {
                    assertThat(rows).as(role + " on " + name).isEqualTo(count(databaseUrl, schema, name));
                }
                checked++;
            }
        }
        return checked;
    }

    private static void sessionVariables(JsonNode node, Map<String, String> headers) {
        if (node.isTextual() && node.asText().toLowerCase(java.util.Locale.ROOT).startsWith("x-hasura-")) {
            headers.put(node.asText().toLowerCase(java.util.Locale.ROOT), "1");
        }
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
            sessionVariables(it.next(), headers);
        }
    }

    private static JsonNode graphql(String engineUrl, String query, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(engineUrl + "/v1/graphql"))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("query", query).toString()));
        headers.forEach(request::header);
        return JSON.readTree(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private static int count(String databaseUrl, String schema, String table) throws SQLException {
        URI uri = URI.create(databaseUrl);
        String user = uri.getUserInfo() == null ? "postgres" : uri.getUserInfo().split(":", 2)[0];
        String password = uri.getUserInfo() != null && uri.getUserInfo().contains(":")
                ? uri.getUserInfo().split(":", 2)[1] : "";
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + uri.getHost() + ":"
                + (uri.getPort() < 0 ? 5432 : uri.getPort()) + uri.getPath(), user, password);
                ResultSet rows = c.createStatement().executeQuery("SELECT count(*) FROM \""
                        + schema.replace("\"", "\"\"") + "\".\"" + table.replace("\"", "\"\"") + "\"")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
