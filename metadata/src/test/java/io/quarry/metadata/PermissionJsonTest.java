package io.quarry.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PermissionJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static Metadata withTable(String table) throws Exception {
        return MetadataJson.read(json("{\"version\":3,\"sources\":[{\"name\":\"default\",\"kind\":\"postgres\","
                + "\"tables\":[" + table + "]}]}"));
    }

    private static TableEntry onlyTable(Metadata metadata) {
        return metadata.sources().get(0).tables().get(0);
    }

    /** Written back byte for byte: key order, spellings, nulls and defaults given explicitly all survive. */
    private static void roundTrips(String table) throws Exception {
        Metadata metadata = withTable(table);
        String written = MetadataJson.write(metadata).toString();
        assertThat(written).isEqualTo(JSON.writeValueAsString(json("{\"version\":3,\"sources\":[{\"name\":\"default\","
                + "\"kind\":\"postgres\",\"tables\":[" + table + "]}]}")));
        assertThat(MetadataJson.read(json(written))).isEqualTo(metadata);
    }

    @Test
    void everyShapeOfBooleanExpressionIsWrittenBackAsRead() throws Exception {
        roundTrips("""
                {"table":{"name":"t","schema":"public"},
                 "select_permissions":[{"permission":{"allow_aggregations":false,"columns":["id","name"],
                   "filter":{"_and":[{"owner_id":{"_eq":"X-Hasura-User-Id"}},{"$or":[{"id":3},{"price":{"_gt":1.5,"$lte":10}}]},
                     {"_not":{"tags":{"_contains":{"a":[1,null,true]}}}},
                     {"_exists":{"_table":{"name":"admins","schema":"auth"},"_where":{"user_id":{"_eq":"x-hasura-user-id"}}}},
                     {"author":{"group":{"members":{}}}},
                     {"low":{"_cgt":"high","_ceq":["$","other"]}},
                     {"name":{"_cast":{"text":{"_ilike":"%a%"}}}},
                     {"ids":{"_in":"X-Hasura-Allowed-Ids"}},{"gone":null},{"big":{"_eq":12345678901234567890}}]},
                   "limit":10,"query_root_fields":["select"]},"role":"user","comment":null}],
                 "update_permissions":[{"permission":{"check":null,"columns":"*","filter":{},"set":{"owner_id":"X-Hasura-User-Id","kind":"a"},
                   "backend_only":false},"role":"user"}],
                 "delete_permissions":[{"role":"user","permission":{"filter":{"id":{"_is_null":false}},"validate_input":{"type":"http"}},"comment":"rows"}]}
                """);
    }

    @Test
    void expressionsAreReadIntoTypedTrees() throws Exception {
        TableEntry entry = onlyTable(withTable("""
                {"table":{"name":"t","schema":"public"},
                 "select_permissions":[{"role":"user","permission":{"columns":"*",
                   "filter":{"owner_id":{"_eq":"X-Hasura-User-Id"},"author":{"name":"Ann"},"a":{"_ceq":"b"}}}}],
                 "insert_permissions":[{"role":"user","permission":{"check":{},"set":{"owner_id":"x-hasura-user-id"},"columns":["a"]}}]}
                """));
        PermissionRule.Select select = entry.permissions().select().get(0).rule();
        assertThat(select.filterOrTrue()).isEqualTo(new BoolExpr.And(List.of(
                new BoolExpr.Field("owner_id", new BoolExpr.Compare("_eq",
                        new BoolExpr.Operand.SessionVariable("X-Hasura-User-Id"), false)),
                new BoolExpr.Field("author", new BoolExpr.Field("name", new BoolExpr.Compare("_eq",
                        new BoolExpr.Operand.Literal(new JsonValue.Str("Ann")), true))),
                new BoolExpr.Field("a", new BoolExpr.Compare("_ceq",
                        new BoolExpr.Operand.ColumnRef(List.of("b"), true), false))), Optional.empty()));
        assertThat(select.limit()).isEqualTo(OptionalInt.empty());
        PermissionRule.Insert insert = entry.permissions().insert().get(0).rule();
        assertThat(insert.set()).isEqualTo(Map.of("owner_id", new BoolExpr.Operand.SessionVariable("x-hasura-user-id")));
        assertThat(insert.columns()).contains(Columns.of(List.of("a")));
        assertThat(insert.check()).contains(BoolExpr.TRUE);
    }

    @Test
    void aRuleMadeHereIsWrittenInHasurasOrderWithoutDefaults() {
        PermissionRule.Select rule = new PermissionRule.Select(Optional.of(Columns.of(List.of("id"))), List.of(),
                Optional.of(BoolExpr.TRUE), OptionalInt.of(5), false, Optional.empty(), Optional.empty(), Map.of(),
                List.of());
        assertThat(MetadataJson.writePermission(new Permission<>("user", rule)).toString())
                .isEqualTo("{\"role\":\"user\",\"permission\":{\"columns\":[\"id\"],\"filter\":{},\"limit\":5}}");
    }

    @Test
    void aMisshapenPermissionIsRefusedWhereItIsWrongAndAWholeLimitIsAnInteger() throws Exception {
        assertThatThrownBy(() -> withTable("{\"table\":\"t\",\"select_permissions\":[{\"role\":\"user\","
                + "\"permission\":{\"columns\":\"id\",\"filter\":{}}}]}"))
                .isInstanceOf(MetadataException.class)
                .satisfies(e -> assertThat(((MetadataException) e).path())
                        .isEqualTo("$.sources[0].tables[0].select_permissions[0].permission.columns"));
        assertThat(onlyTable(withTable("{\"table\":\"t\",\"select_permissions\":[{\"role\":\"user\","
                + "\"permission\":{\"columns\":[],\"filter\":{},\"limit\":10.0}}]}")).permissions().select().get(0).rule()
                .limit()).isEqualTo(OptionalInt.of(10));
        assertThatThrownBy(() -> withTable("{\"table\":\"t\",\"select_permissions\":[{\"role\":\"user\","
                + "\"permission\":{\"columns\":[],\"filter\":{},\"limit\":1.5}}]}"))
                .isInstanceOf(MetadataException.class);
        assertThatThrownBy(() -> withTable("{\"table\":\"t\",\"delete_permissions\":[{\"role\":\"user\","
                + "\"permission\":{\"filter\":{\"_or\":3}}}]}"))
                .isInstanceOf(MetadataException.class);
    }

    @Test
    void aClearedCommentLeavesTheEntryAndASetOneComesLast() throws Exception {
        Permission<PermissionRule.Delete> read = onlyTable(withTable("""
                {"table":"t","delete_permissions":[{"comment":"old","permission":{"filter":{}},"role":"user"}]}
                """)).permissions().delete().get(0);
        assertThat(MetadataJson.writePermission(read.withComment(Optional.empty())).toString())
                .isEqualTo("{\"permission\":{\"filter\":{}},\"role\":\"user\"}");
        assertThat(MetadataJson.writePermission(read.withComment(Optional.empty()).withComment(Optional.of("new")))
                .toString()).isEqualTo("{\"permission\":{\"filter\":{}},\"role\":\"user\",\"comment\":\"new\"}");
    }
}
