package io.quarry.cli.project;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.metadata.folder.MetadataFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real commands against the real engine (the built jar) on fresh databases: init, export, apply, diff and the
 * inconsistency list, and the three real Hasura projects applied and exported again.
 */
class MetadataCommandsIT {
    /** Files of the real projects whose bytes cannot come back; see the README. */
    static final Map<String, String> NORMALISED = Map.of(
            "UWFlow__uwflow/databases/default/tables/public_course_search_index.yaml",
            "a plain scalar with a trailing space: YAML drops the space when reading");

    @TempDir
    Path temp;



    @Test
    void initExportApplyExportRoundTrip() throws Exception {
        try (Engine db = new Engine("quarry_folderit")) {
            db.sql("CREATE TABLE author (id serial PRIMARY KEY, name text);"
                    + "CREATE TABLE article (id serial PRIMARY KEY, title text, author_id int REFERENCES author(id));");
            try (Engine engine = db.start()) {
                Path project = temp.resolve("p");
                Quarry.Run init = Quarry.run("init", project.toString(), "--endpoint", engine.url);
                assertThat(init.code()).as(init.err()).isZero();
                assertThat(project.resolve("config.yaml")).content().contains("version: 3", "endpoint: " + engine.url);
                assertThat(project.resolve("migrations")).isDirectory();
                assertThat(project.resolve("metadata/version.yaml")).hasContent("version: 3");

                Path tables = project.resolve("metadata/databases/default/tables");
                Files.createDirectories(tables);
                Files.writeString(project.resolve("metadata/databases/databases.yaml"),
                        "- name: default\n  kind: postgres\n  tables: \"!include default/tables/tables.yaml\"\n");
                Files.writeString(tables.resolve("tables.yaml"),
                        "- \"!include public_article.yaml\"\n- \"!include public_author.yaml\"\n");
                Files.writeString(tables.resolve("public_author.yaml"), """
                        table:
                          name: author
                          schema: public
                        array_relationships:
                          - name: articles
                            using:
                              foreign_key_constraint_on:
                                column: author_id
                                table:
                                  name: article
                                  schema: public
                        select_permissions:
                          - role: user
                            permission:
                              columns:
                                - id
                                - name
                              filter: {}
                        """);
                Files.writeString(tables.resolve("public_article.yaml"),
                        "table:\n  name: article\n  schema: public\n");
                String p = project.toString();

                Quarry.Run diff = Quarry.run("metadata", "diff", "--project", p);
                assertThat(diff.code()).as(diff.err()).isZero();
                assertThat(diff.out()).contains("+ default public.author: tracked",
                        "+++ project/databases/default/tables/public_author.yaml", "+  - role: user");

                Quarry.Run dry = Quarry.run("metadata", "apply", "--dry-run", "--project", p);
                assertThat(dry.code()).isZero();
                assertThat(Quarry.run("metadata", "diff", "--project", p).out()).contains("public_author.yaml");

                Quarry.Run apply = Quarry.run("metadata", "apply", "--project", p);
                assertThat(apply.code()).as(apply.err()).isZero();
                assertThat(apply.out()).contains("Metadata applied");
                assertThat(Quarry.run("metadata", "diff", "--project", p).out()).contains("No differences");

                Map<String, String> before = snapshot(project.resolve("metadata"));
                Quarry.Run export = Quarry.run("metadata", "export", "--project", p);
                assertThat(export.code()).as(export.err()).isZero();
                assertThat(snapshot(project.resolve("metadata"))).isEqualTo(before);

                // A permission changed in the folder shows in the diff by table and role, then applies.
                Files.writeString(tables.resolve("public_author.yaml"),
                        Files.readString(tables.resolve("public_author.yaml")).replace("        - name\n", ""));
                assertThat(Quarry.run("metadata", "diff", "--project", p).out())
                        .contains("~ default public.author: select permission for role user changes", "-        - name");
                assertThat(Quarry.run("metadata", "apply", "--project", p).code()).isZero();
                Quarry.Run list = Quarry.run("metadata", "inconsistency", "list", "--project", p);
                assertThat(list.out()).contains("The metadata is consistent");

                assertThat(Quarry.run("metadata", "reload", "--project", p).out()).contains("Metadata reloaded");
                assertThat(Quarry.run("metadata", "clear", "--project", p).out()).contains("Metadata cleared");
                assertThat(Quarry.run("metadata", "diff", "--project", p).out()).contains("+ default public.author: tracked");
            }
        }
    }

    @Test
    void anUnreachableEngineSaysWhatToDo() {
        Quarry.Run run = Quarry.run("metadata", "export", "--project", temp.toString(), "--endpoint", "http://127.0.0.1:1");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("cannot reach the engine", "--endpoint");
    }

    @Test
    void aBrokenFolderNamesTheFileAndLine() throws Exception {
        Path project = temp.resolve("broken");
        assertThat(Quarry.run("init", project.toString()).code()).isZero();
        Files.writeString(project.resolve("metadata/databases/databases.yaml"),
                "- name: default\n  kind: postgres\n  tabels: []\n");
        Quarry.Run run = Quarry.run("metadata", "apply", "--project", project.toString(), "--endpoint", "http://127.0.0.1:1");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("databases.yaml:3:3", "unknown key \"tabels\"");
    }

    @Test
    void everyCommandHasHelp() {
        for (List<String> command : List.of(List.of("init"), List.of("metadata"), List.of("metadata", "export"),
                List.of("metadata", "apply"), List.of("metadata", "diff"), List.of("metadata", "reload"),
                List.of("metadata", "clear"), List.of("metadata", "inconsistency"),
                List.of("metadata", "inconsistency", "list"), List.of("metadata", "inconsistency", "drop"))) {
            String[] args = Stream.concat(command.stream(), Stream.of("--help")).toArray(String[]::new);
            Quarry.Run run = Quarry.run(args);
            assertThat(run.code()).as(String.join(" ", command)).isZero();
            assertThat(run.out()).as(String.join(" ", command)).contains("Usage: quarry " + String.join(" ", command));
        }
        assertThat(Quarry.run("metadata", "apply", "--help").out()).contains("--endpoint", "--admin-secret", "--project",
                "--envfile", "--dry-run");
    }

    @TestFactory
    Stream<DynamicTest> theRealProjectsApplyAndExportUnchanged() throws IOException {
        Path root = sharedProjects();
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> Files.isDirectory(d.resolve("metadata"))).sorted().toList().stream()
                    .map(d -> DynamicTest.dynamicTest(d.getFileName().toString(), () -> realProject(d)));
        }
    }

    private void realProject(Path original) throws Exception {
        String name = original.getFileName().toString();
        try (Engine db = new Engine("quarry_folderit")) {
            for (Path up : upFiles(original.resolve("migrations"))) {
                db.sql(Files.readString(up));
            }
            try (Engine engine = db.start()) {
                Path project = temp.resolve(name);
                copyTree(original, project);
                Quarry.Run apply = Quarry.run("metadata", "apply", "--project", project.toString(), "--endpoint", engine.url);
                assertThat(apply.code()).as(apply.err()).isZero();
                assertThat(apply.out()).contains("Metadata applied").doesNotContain("inconsistent");

                // Exported into the project's own folder, every file comes back as it was.
                Quarry.Run export = Quarry.run("metadata", "export", "--project", project.toString(), "--endpoint", engine.url);
                assertThat(export.code()).as(export.err()).isZero();
                Path metadata = original.resolve("metadata");
                for (String file : MetadataFolder.files(metadata)) {
                    if (NORMALISED.containsKey(name + "/" + file)) {
                        continue;
                    }
                    assertThat(project.resolve("metadata").resolve(file)).as(name + "/" + file)
                            .hasSameTextualContentAs(metadata.resolve(file));
                }
                // Exported into an empty folder, it reads back as the same metadata.
                Path fresh = temp.resolve(name + "-fresh");
                assertThat(Quarry.run("init", fresh.toString()).code()).isZero();
                assertThat(Quarry.run("metadata", "export", "--project", fresh.toString(), "--endpoint", engine.url)
                        .code()).isZero();
                JsonNode exported = MetadataFolder.read(fresh.resolve("metadata"));
                assertThat(exported).isEqualTo(MetadataFolder.read(metadata));

                Quarry.Run list = Quarry.run("metadata", "inconsistency", "list", "--project", project.toString(),
                        "--endpoint", engine.url);
                assertThat(list.code()).as(list.err()).isZero();
                assertThat(list.out()).contains("The metadata is consistent");
                for (JsonNode action : exported.path("actions")) {
                    assertThat(list.out()).contains(action.path("name").asText() + " ");
                }
                long unsupported = exported.path("actions").size() + exported.path("rest_endpoints").size();
                assertThat(list.out().lines().filter(l -> l.contains("not supported by Quarry")).count())
                        .as(list.out()).isEqualTo(unsupported);
            }
        }
    }

    private static List<Path> upFiles(Path migrations) throws IOException {
        try (Stream<Path> files = Files.walk(migrations)) {
            return files.filter(f -> f.getFileName().toString().equals("up.sql"))
                    .sorted((a, b) -> Long.compare(version(a), version(b))).toList();
        }
    }

    private static long version(Path upSql) {
        String dir = upSql.getParent().getFileName().toString();
        return Long.parseLong(dir.substring(0, dir.indexOf('_') < 0 ? dir.length() : dir.indexOf('_')));
    }

    static Path sharedProjects() {
        String env = System.getenv("QUARRY_SHARED");
        if (env != null && !env.isBlank() && Files.isDirectory(Path.of(env, "hasura-projects"))) {
            return Path.of(env, "hasura-projects");
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolveSibling("shared").resolve("hasura-projects");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        if (System.getenv("CI") != null) {
            throw new IllegalStateException("shared/hasura-projects is missing (set QUARRY_SHARED)");
        }
        Assumptions.abort("shared/hasura-projects is absent");
        return null;
    }

    private static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> files = new java.util.TreeMap<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
                files.put(dir.relativize(p).toString(), Files.readString(p));
            }
        }
        return files;
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
