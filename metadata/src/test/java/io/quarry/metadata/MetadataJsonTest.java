package io.quarry.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetadataJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void readsEveryRelationshipFormAndWritesItBackUnchanged() throws Exception {
        JsonNode exported = json("""
                {"version":3,"sources":[{"name":"default","kind":"postgres","tables":[
                  {"table":{"name":"album","schema":"public"},
                   "object_relationships":[
                     {"name":"artist","using":{"foreign_key_constraint_on":"artist_id"}},
                     {"name":"pair","using":{"foreign_key_constraint_on":["a","b"]}},
                     {"name":"detail","using":{"foreign_key_constraint_on":{"column":"album_id","table":{"name":"album_detail","schema":"public"}}}},
                     {"name":"manual","using":{"manual_configuration":{"column_mapping":{"artist_id":"id"},"insertion_order":null,"remote_table":{"name":"artist","schema":"x"}}},"comment":"by hand"},
                     {"name":"after","using":{"manual_configuration":{"column_mapping":{"album_id":"album_id"},"insertion_order":"after_parent","remote_table":{"name":"album_detail","schema":"public"}}}}],
                   "array_relationships":[
                     {"name":"tracks","using":{"foreign_key_constraint_on":{"columns":["album_id","disc"],"table":{"name":"track","schema":"public"}}}}],
                   "select_permissions":[{"role":"user","permission":{"columns":"*","filter":{}}}]}],
                  "configuration":{"connection_info":{"database_url":"postgres://x"}}}],
                 "remote_schemas":[]}
                """);
        Metadata metadata = MetadataJson.read(exported);

        TableEntry album = metadata.source("default").orElseThrow().table(QualifiedTable.of("album")).orElseThrow();
        assertThat(album.relationship("artist").orElseThrow().using())
                .isEqualTo(new RelationshipUsing.ForeignKey(Optional.empty(), List.of("artist_id")));
        assertThat(album.relationship("detail").orElseThrow().using())
                .isEqualTo(new RelationshipUsing.ForeignKey(Optional.of(QualifiedTable.of("album_detail")), List.of("album_id")));
        assertThat(album.relationship("manual").orElseThrow().comment()).contains("by hand");
        assertThat(album.relationship("after").orElseThrow().using()).isEqualTo(new RelationshipUsing.Manual(
                QualifiedTable.of("album_detail"), Map.of("album_id", "album_id"), Optional.of("after_parent")));
        assertThat(album.relationships(Relationship.Kind.ARRAY)).hasSize(1);
        assertThat(album.other()).doesNotContainKey("select_permissions");
        assertThat(album.permissions().select()).singleElement().satisfies(p -> {
            assertThat(p.role()).isEqualTo("user");
            assertThat(p.rule().columns()).contains(Columns.ALL);
            assertThat(p.rule().filter()).contains(BoolExpr.TRUE);
        });
        assertThat(MetadataJson.write(metadata)).isEqualTo(exported);
    }

    @Test
    void writesTableSettingsBeforeRelationshipsAndAnUnsetInsertionOrderAsNullAsHasuraExportsThem() throws Exception {
        JsonNode given = json("""
                {"version":3,"sources":[{"name":"default","kind":"postgres","tables":[
                  {"table":{"name":"a","schema":"public"},
                   "object_relationships":[{"name":"b","using":{"manual_configuration":{"column_mapping":{"id":"a_id"},"remote_table":{"name":"b","schema":"public"}}}}],
                   "configuration":{"custom_root_fields":{"select_by_pk":"one_a"}},"is_enum":true}]}]}
                """);
        String written = MetadataJson.write(MetadataJson.read(given)).toString();
        assertThat(written).contains("{\"table\":{\"name\":\"a\",\"schema\":\"public\"},\"is_enum\":true,"
                + "\"configuration\":{\"custom_root_fields\":{\"select_by_pk\":\"one_a\"}},\"object_relationships\"");
        assertThat(written).contains("\"column_mapping\":{\"id\":\"a_id\"},\"insertion_order\":null,\"remote_table\"");
    }

    @Test
    void acceptsVersionTwoAndTableNamesAsStrings() throws Exception {
        Metadata metadata = MetadataJson.read(json("{\"version\":2,\"tables\":[{\"table\":\"author\"}]}"));
        assertThat(metadata.sources()).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("default");
            assertThat(s.table(new QualifiedTable("public", "author"))).isPresent();
        });
    }

    @Test
    void reportsWhereTheShapeIsWrong() {
        assertThatThrownBy(() -> MetadataJson.read(json("{\"version\":3,\"sources\":[{\"name\":\"default\","
                + "\"tables\":[{\"table\":{\"name\":\"a\"},\"object_relationships\":[{\"name\":\"r\",\"using\":{}}]}]}]}")))
                .isInstanceOf(MetadataException.class)
                .satisfies(e -> assertThat(((MetadataException) e).path())
                        .isEqualTo("$.sources[0].tables[0].object_relationships[0].using"));
        assertThatThrownBy(() -> MetadataJson.read(json("{\"sources\":{}}")))
                .hasMessageContaining("expected an array");
    }

    @Test
    void changesReturnNewMetadata() {
        Metadata empty = Metadata.empty();
        Metadata tracked = empty.updateSource("default", s -> s.withTable(TableEntry.of(QualifiedTable.of("a"))));
        assertThat(empty.sources().get(0).tables()).isEmpty();
        assertThat(tracked.sources().get(0).tables()).hasSize(1);
        assertThat(QualifiedTable.of("a").toString()).isEqualTo("a");
        assertThat(new QualifiedTable("shop", "a").toString()).isEqualTo("shop.a");
    }
}
