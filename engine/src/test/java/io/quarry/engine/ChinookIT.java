package io.quarry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarry.engine.testing.ChinookApi;
import io.quarry.engine.testing.TestDatabase;
import io.quarry.engine.testing.TestServer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Chinook as a user meets it: track every table, accept every suggestion, query, and compare with plain SQL. */
class ChinookIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ChinookApi chinook;
    private static TestDatabase db;
    private static TestServer server;

    @BeforeAll
    static void setUp() {
        chinook = ChinookApi.start(ChinookIT.class);
        db = chinook.db();
        server = chinook.server();
    }

    @AfterAll
    static void tearDown() {
        if (chinook != null) {
            chinook.close();
        }
    }

    @Test
    void suggestedRelationshipsAreNamedAsTheConsoleNamesThem() {
        JsonNode metadata = server.metadataOk("{\"type\":\"export_metadata\",\"args\":{}}");
        Map<String, String> relationships = new LinkedHashMap<>();
        for (JsonNode table : metadata.at("/sources/0/tables")) {
            String name = table.at("/table/name").asText();
            table.path("object_relationships").forEach(r -> relationships.put(name + "." + r.get("name").asText(), "object"));
            table.path("array_relationships").forEach(r -> relationships.put(name + "." + r.get("name").asText(), "array"));
        }
        assertThat(relationships).containsEntry("album.artist", "object").containsEntry("artist.albums", "array")
                .containsEntry("track.album", "object").containsEntry("album.tracks", "array")
                .containsEntry("track.genre", "object").containsEntry("employee.employee", "object")
                .containsEntry("employee.employees", "array").containsEntry("playlist.playlist_tracks", "array")
                .containsEntry("invoice_line.invoice", "object").hasSize(22);
        JsonNode again = server.metadataOk("{\"type\":\"pg_suggest_relationships\",\"args\":{\"omit_tracked\":true}}");
        assertThat(again.get("relationships")).isEmpty();
    }

    @Test
    void nestedArtistAlbumsTracksGenreMatchesSql() {
        JsonNode data = server.graphql("{ artist(order_by: {artist_id: asc}) { artist_id name "
                + "albums(order_by: {album_id: asc}) { album_id title "
                + "tracks(order_by: {track_id: asc}) { track_id name genre { name } } } } }").get("data");

        ArrayNode expected = JSON.createArrayNode();
        Map<Integer, ObjectNode> artists = new LinkedHashMap<>();
        for (List<Object> row : db.rows("SELECT artist_id, name FROM artist ORDER BY artist_id")) {
            ObjectNode artist = expected.addObject().put("artist_id", (Integer) row.get(0)).put("name", (String) row.get(1));
            artist.putArray("albums");
            artists.put((Integer) row.get(0), artist);
        }
        Map<Integer, ObjectNode> albums = new LinkedHashMap<>();
        for (List<Object> row : db.rows("SELECT album_id, title, artist_id FROM album ORDER BY album_id")) {
            ObjectNode album = ((ArrayNode) artists.get((Integer) row.get(2)).get("albums")).addObject()
                    .put("album_id", (Integer) row.get(0)).put("title", (String) row.get(1));
            album.putArray("tracks");
            albums.put((Integer) row.get(0), album);
        }
        for (List<Object> row : db.rows("SELECT t.track_id, t.name, t.album_id, g.name FROM track t "
                + "LEFT JOIN genre g ON g.genre_id = t.genre_id ORDER BY t.track_id")) {
            ObjectNode track = ((ArrayNode) albums.get((Integer) row.get(2)).get("tracks")).addObject()
                    .put("track_id", (Integer) row.get(0)).put("name", (String) row.get(1));
            if (row.get(3) == null) {
                track.putNull("genre");
            } else {
                track.putObject("genre").put("name", (String) row.get(3));
            }
        }
        assertThat(data.get("artist")).isEqualTo(expected);
        assertThat(data.get("artist")).hasSize(275);
    }

    @Test
    void filtersThroughObjectRelationshipsMatchSql() {
        JsonNode data = server.graphql("{ track(where: {album: {artist: {name: {_eq: \"Iron Maiden\"}}}, "
                + "genre: {name: {_in: [\"Metal\", \"Heavy Metal\"]}}}, order_by: {track_id: asc}) { track_id } }")
                .get("data");
        List<Integer> expected = ids("SELECT t.track_id FROM track t JOIN album a ON a.album_id = t.album_id "
                + "JOIN artist ar ON ar.artist_id = a.artist_id JOIN genre g ON g.genre_id = t.genre_id "
                + "WHERE ar.name = 'Iron Maiden' AND g.name IN ('Metal', 'Heavy Metal') ORDER BY t.track_id");
        assertThat(ids(data.get("track"), "track_id")).isEqualTo(expected).isNotEmpty();
    }

    @Test
    void filtersThroughArrayRelationshipsMatchSql() {
        JsonNode data = server.graphql("{ artist(where: {albums: {tracks: {milliseconds: {_gt: 1000000}}}}, "
                + "order_by: {artist_id: asc}) { artist_id } }").get("data");
        List<Integer> expected = ids("SELECT ar.artist_id FROM artist ar WHERE EXISTS (SELECT 1 FROM album a "
                + "JOIN track t ON t.album_id = a.album_id WHERE a.artist_id = ar.artist_id AND t.milliseconds > 1000000) "
                + "ORDER BY ar.artist_id");
        assertThat(ids(data.get("artist"), "artist_id")).isEqualTo(expected).isNotEmpty();
    }

    @Test
    void orderingAndPagingMatchSql() {
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("composer", "desc_nulls_last");
        order.put("track_id", "asc");
        JsonNode viaVariables = server.graphql("query($o: [track_order_by!], $l: Int, $off: Int) { "
                + "track(order_by: $o, limit: $l, offset: $off) { track_id } }",
                Map.of("o", order, "l", 25, "off", 100), Map.of()).get("data");
        JsonNode data = server.graphql("{ track(order_by: [{composer: desc_nulls_last}, {track_id: asc}], limit: 25, offset: 100)"
                + " { track_id } }").get("data");
        List<Integer> expected = ids("SELECT track_id FROM track ORDER BY composer DESC NULLS LAST, track_id "
                + "LIMIT 25 OFFSET 100");
        assertThat(ids(data.get("track"), "track_id")).isEqualTo(expected).hasSize(25);
        assertThat(ids(viaVariables.get("track"), "track_id")).isEqualTo(expected);
    }

    @Test
    void manyToManyThroughTheJoinTable() {
        JsonNode data = server.graphql("{ playlist_by_pk(playlist_id: 3) { name "
                + "playlist_tracks(order_by: {track_id: asc}) { track { track_id } } } }").get("data");
        List<Integer> expected = ids("SELECT track_id FROM playlist_track WHERE playlist_id = 3 ORDER BY track_id");
        List<Integer> actual = new java.util.ArrayList<>();
        data.at("/playlist_by_pk/playlist_tracks").forEach(pt -> actual.add(pt.at("/track/track_id").asInt()));
        assertThat(actual).isEqualTo(expected).isNotEmpty();
    }

    @Test
    void offsetWrittenAsAStringIsAnInteger() {
        JsonNode data = server.graphql("{ track(order_by: {track_id: asc}, limit: 3, offset: \"10\") { track_id } }")
                .get("data");
        assertThat(ids(data.get("track"), "track_id")).isEqualTo(List.of(11, 12, 13));
    }

    @Test
    void v1SelectReadsRowsWithRelationshipsInPermissionSyntax() {
        TestServer.Response r = server.post("/v1/query", "{\"type\":\"select\",\"args\":{\"table\":\"album\","
                + "\"columns\":[\"album_id\",{\"name\":\"artist\",\"columns\":[\"name\"]},"
                + "{\"name\":\"tracks\",\"columns\":[\"track_id\"],\"order_by\":[\"-track_id\"],\"limit\":2}],"
                + "\"where\":{\"artist\":{\"name\":{\"$like\":\"Iron%\"}},\"album_id\":{\"$gt\":90}},"
                + "\"order_by\":[{\"column\":\"artist.name\",\"type\":\"desc\"},\"+album_id\"],\"limit\":3,\"offset\":1}}",
                Map.of());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        List<Integer> expected = ids("SELECT a.album_id FROM album a JOIN artist ar USING (artist_id) "
                + "WHERE ar.name LIKE 'Iron%' AND a.album_id > 90 ORDER BY ar.name DESC, a.album_id LIMIT 3 OFFSET 1");
        assertThat(ids(r.body(), "album_id")).isEqualTo(expected).hasSize(3);
        JsonNode first = r.body().get(0);
        assertThat(first.at("/artist/name").asText()).isEqualTo("Iron Maiden");
        assertThat(ids(first.get("tracks"), "track_id")).isEqualTo(ids("SELECT track_id FROM track WHERE album_id = "
                + expected.get(0) + " ORDER BY track_id DESC LIMIT 2"));
    }

    private static List<Integer> ids(String sql) {
        return db.rows(sql).stream().map(r -> (Integer) r.get(0)).toList();
    }

    private static List<Integer> ids(JsonNode rows, String key) {
        List<Integer> out = new java.util.ArrayList<>();
        rows.forEach(r -> out.add(r.get(key).asInt()));
        return out;
    }

    @Test
    void objectRelationshipsOnNonNullForeignKeysAreNonNull() {
        JsonNode fields = server.graphql("{ __type(name: \"album\") { fields { name type { kind ofType { name } } } } }")
                .at("/data/__type/fields");
        JsonNode artist = null;
        for (JsonNode field : fields) {
            if (field.get("name").asText().equals("artist")) {
                artist = field;
            }
        }
        assertThat(artist).isNotNull();
        assertThat(artist.at("/type/kind").asText()).isEqualTo("NON_NULL");
        assertThat(artist.at("/type/ofType/name").asText()).isEqualTo("artist");
    }

    @Test
    void explainShowsTheStatementAndAPlanThatUsesTheForeignKeyIndexes() {
        TestServer.Response r = server.post("/v1/graphql/explain", "{\"query\":{\"query\":\"{ artist(where: "
                + "{artist_id: {_eq: 1}}) { albums { tracks { name } } } genre_aggregate { aggregate { count } } }\"}}",
                Map.of());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).hasSize(2);
        assertThat(r.body().at("/0/field").asText()).isEqualTo("artist");
        assertThat(r.body().at("/0/sql").asText()).startsWith("SELECT textsend(json_build_object('artist'");
        String plan = r.body().at("/0/plan").toString();
        assertThat(plan).contains("album_artist_id_idx").contains("track_album_id_idx");
        assertThat(r.body().at("/1/field").asText()).isEqualTo("genre_aggregate");
    }

    @Test
    void explainAsARoleCarriesItsPermissionAndSessionVariables() {
        server.metadataOk("{\"type\":\"pg_create_select_permission\",\"args\":{\"table\":\"invoice\","
                + "\"role\":\"explain_customer\",\"permission\":{\"columns\":[\"invoice_id\"],"
                + "\"filter\":{\"customer_id\":{\"_eq\":\"X-Hasura-User-Id\"}}}}}");
        String query = "{\"query\":{\"query\":\"{ invoice { invoice_id } }\"}";
        TestServer.Response r = server.post("/v1/graphql/explain", query
                + ",\"user\":{\"X-Hasura-Role\":\"explain_customer\",\"x-hasura-user-id\":\"2\"}}", Map.of());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().at("/0/field").asText()).isEqualTo("invoice");
        assertThat(r.body().at("/0/sql").asText()).contains("\"customer_id\"").contains("$1");
        // The session variable is read once per statement, by an InitPlan the filter compares with.
        assertThat(r.body().at("/0/plan").toString()).contains("InitPlan").contains("customer_id = $");

        TestServer.Response missing = server.post("/v1/graphql/explain", query
                + ",\"user\":{\"x-hasura-role\":\"explain_customer\"}}", Map.of());
        assertThat(missing.body().toString()).contains("x-hasura-user-id");

        TestServer.Response noSuchField = server.post("/v1/graphql/explain",
                "{\"query\":{\"query\":\"{ genre { name } }\"},\"user\":{\"x-hasura-role\":\"explain_customer\"}}",
                Map.of());
        assertThat(noSuchField.body().toString()).contains("validation-failed");
    }

    @Test
    void bodiesAreReadWhateverTheirDeclaredContentType() {
        TestServer.Response r = server.post("/v1/graphql", "{\"query\":\"{ genre_by_pk(genre_id: 1) { name } }\"}",
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(r.body().at("/data/genre_by_pk/name").asText()).isEqualTo("Rock");
    }

    @Test
    void introspectionAndDataAnswerTogetherInOrder() {
        JsonNode data = server.graphql("{ g: genre_by_pk(genre_id: 1) { name } t: __type(name: \"genre\") { name } "
                + "__typename }").get("data");
        assertThat(data.toString()).isEqualTo(
                "{\"g\":{\"name\":\"Rock\"},\"t\":{\"name\":\"genre\"},\"__typename\":\"query_root\"}");
    }
}
