package io.quarry.engine.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.metadata.Metadata;
import io.quarry.metadata.MetadataJson;
import io.quarry.metadata.QualifiedTable;
import org.junit.jupiter.api.Test;

/** The document written from the tables written before is the document written afresh. */
class MetadataWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String afresh(Metadata metadata) throws Exception {
        return JSON.writeValueAsString(MetadataJson.write(metadata));
    }

    @Test
    void aChangeWritesTheSameDocumentAsAFreshWrite() throws Exception {
        Metadata metadata = MetadataJson.read(JSON.readTree("""
                {"version": 3, "sources": [{"name": "default", "kind": "postgres", "tables": [
                  {"table": {"schema": "public", "name": "author"},
                   "array_relationships": [{"name": "books", "using": {"foreign_key_constraint_on":
                     {"table": {"schema": "public", "name": "book"}, "column": "author_id"}}}],
                   "select_permissions": [{"role": "user", "permission": {"columns": ["id"], "filter": {}}}]},
                  {"table": {"schema": "public", "name": "book"}, "is_enum": true}],
                  "configuration": {"connection_info": {"database_url": "postgres://x"}}}]}
                """));
        MetadataWriter writer = new MetadataWriter();
        assertThat(writer.write(metadata)).isEqualTo(afresh(metadata));

        QualifiedTable book = new QualifiedTable("public", "book");
        Metadata renamed = metadata.updateSource("default",
                s -> s.updateTable(book, t -> t.withTable(new QualifiedTable("public", "volume"))));
        assertThat(writer.write(renamed)).isEqualTo(afresh(renamed)).contains("volume").doesNotContain("\"book\"}");
        Metadata without = renamed.updateSource("default", s -> s.withoutTable(new QualifiedTable("public", "volume")));
        assertThat(writer.write(without)).isEqualTo(afresh(without)).doesNotContain("volume");
    }
}
