package io.quarry.engine.testing;

/** Chinook loaded into a fresh database, served, with every table and suggested relationship tracked. */
public record ChinookApi(TestDatabase db, TestServer server) implements AutoCloseable {

    public static ChinookApi start(Class<?> owner) {
        TestDatabase db = TestDatabase.create(owner).loadChinook();
        TestServer server = TestServer.start(db.url());
        Tracking.trackAll(server, "public", Tracking.CHINOOK_TABLES);
        server.metadataOk(PERMISSIONS);
        return new ChinookApi(db, server);
    }

    /**
     * A {@code customer} role: the catalogue without prices' history, and only their own invoices; an
     * {@code employee} inherits nothing but sees customers they support; {@code customer_support} inherits
     * {@code customer} and {@code support}, which sees every invoice but not its total.
     */
    private static final String PERMISSIONS = """
            {"type":"bulk","args":[
             {"type":"pg_create_select_permission","args":{"table":"artist","role":"customer","permission":{
               "columns":"*","filter":{},"allow_aggregations":true}}},
             {"type":"pg_create_select_permission","args":{"table":"album","role":"customer","permission":{
               "columns":"*","filter":{},"limit":50}}},
             {"type":"pg_create_select_permission","args":{"table":"track","role":"customer","permission":{
               "columns":["track_id","name","album_id","genre_id","milliseconds"],"filter":{}}}},
             {"type":"pg_create_select_permission","args":{"table":"genre","role":"customer","permission":{
               "columns":"*","filter":{}}}},
             {"type":"pg_create_select_permission","args":{"table":"customer","role":"customer","permission":{
               "columns":["customer_id","first_name","last_name","email"],
               "filter":{"customer_id":{"_eq":"X-Hasura-User-Id"}}}}},
             {"type":"pg_create_select_permission","args":{"table":"invoice","role":"customer","permission":{
               "columns":["invoice_id","customer_id","invoice_date","total"],
               "filter":{"customer":{"customer_id":{"_eq":"X-Hasura-User-Id"}}},"allow_aggregations":true}}},
             {"type":"pg_create_select_permission","args":{"table":"invoice_line","role":"customer","permission":{
               "columns":["invoice_line_id","invoice_id","track_id","quantity"],
               "filter":{"invoice":{"customer_id":{"_eq":"X-Hasura-User-Id"}}}}}},
             {"type":"pg_create_select_permission","args":{"table":"customer","role":"employee","permission":{
               "columns":["customer_id","first_name","last_name","support_rep_id"],
               "filter":{"_or":[{"support_rep_id":{"_eq":"X-Hasura-User-Id"}},{"support_rep_id":{"_in":"X-Hasura-Team"}}]}}}},
             {"type":"pg_create_select_permission","args":{"table":"invoice","role":"support","permission":{
               "columns":["invoice_id","customer_id","invoice_date","billing_country"],"filter":{},
               "allow_aggregations":true}}},
             {"type":"add_inherited_role","args":{"role_name":"customer_support","role_set":["customer","support"]}}]}
            """;

    @Override
    public void close() {
        server.close();
        db.close();
    }
}
