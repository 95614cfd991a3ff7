package io.quarry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.engine.plan.Planner;
import io.quarry.engine.request.GraphQLRequest;
import io.quarry.engine.request.Prepared;
import io.quarry.engine.sql.QueryCompiler;
import io.quarry.engine.testing.TestDatabase;
import io.quarry.engine.testing.TestServer;
import io.quarry.engine.testing.Tracking;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Regression: an inherited role's aggregates, ordering, {@code distinct_on} and filters read columns it may see in
 * some rows only as if they were visible in every row, so {@code sum { salary }} added up salaries the role is never
 * shown. As in Hasura, each of them now works on what the role sees: the value where a parent role that may see the
 * column admits the row, null elsewhere.
 *
 * <p>Role {@code employee} sees salaries, of their own row only; {@code manager} sees the rows of the employees they
 * manage, without salaries; {@code manager_employee} inherits both. Employee 1 (Ann, managed by manager 1) who also
 * manages as manager 2 sees Ann, Bob and Cid (salaries 10000, 7000, 8430: 25430 together), and of those salaries
 * only her own.
 */
class InheritedRoleAggregatesIT {
    private static TestDatabase db;
    private static TestServer server;

    private static final Map<String, String> ANN = Map.of("x-hasura-role", "manager_employee",
            "x-hasura-user-id", "1", "x-hasura-manager-id", "2");

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(InheritedRoleAggregatesIT.class);
        db.execute("""
                CREATE TABLE manager (id int PRIMARY KEY, name text);
                CREATE TABLE employee (id int PRIMARY KEY, name text, manager_id int REFERENCES manager(id),
                  salary int);
                CREATE TABLE badge (id int PRIMARY KEY, employee_id int REFERENCES employee(id));
                CREATE FUNCTION yearly_salary(e employee) RETURNS int AS $$ SELECT e.salary * 12 $$
                  LANGUAGE sql STABLE;
                INSERT INTO manager VALUES (1, 'Mia'), (2, 'Max'), (3, 'Moe');
                INSERT INTO employee VALUES (1, 'Ann', 1, 10000), (2, 'Bob', 2, 7000), (3, 'Cid', 2, 8430),
                  (4, 'Dee', 3, 9999), (5, 'Eve', 1, 20000);
                INSERT INTO badge VALUES (1, 1), (2, 2), (3, 3), (4, 4);
                """);
        server = TestServer.start(db.url());
        Tracking.trackAll(server, "public", List.of("manager", "employee", "badge"));
        server.metadataOk("""
                {"type":"bulk","args":[
                 {"type":"pg_add_computed_field","args":{"table":"employee","name":"yearly_salary",
                   "definition":{"function":"yearly_salary"}}},
                 {"type":"pg_create_select_permission","args":{"table":"employee","role":"employee","permission":{
                   "columns":["id","name","manager_id","salary"],"computed_fields":["yearly_salary"],
                   "filter":{"id":{"_eq":"X-Hasura-User-Id"}},"allow_aggregations":true}}},
                 {"type":"pg_create_select_permission","args":{"table":"employee","role":"manager","permission":{
                   "columns":["id","name","manager_id"],
                   "filter":{"manager_id":{"_eq":"X-Hasura-Manager-Id"}},"allow_aggregations":true}}},
                 {"type":"pg_create_select_permission","args":{"table":"employee","role":"payroll","permission":{
                   "columns":["id","name","manager_id","salary"],"filter":{"manager_id":{"_eq":"X-Hasura-Manager-Id"}},
                   "allow_aggregations":true}}},
                 {"type":"pg_create_select_permission","args":{"table":"manager","role":"employee","permission":{
                   "columns":["id","name"],"filter":{}}}},
                 {"type":"pg_create_select_permission","args":{"table":"manager","role":"manager","permission":{
                   "columns":["id","name"],"filter":{}}}},
                 {"type":"pg_create_select_permission","args":{"table":"badge","role":"employee","permission":{
                   "columns":["id","employee_id"],"filter":{}}}},
                 {"type":"pg_create_select_permission","args":{"table":"badge","role":"manager","permission":{
                   "columns":["id","employee_id"],"filter":{}}}},
                 {"type":"add_inherited_role","args":{"role_name":"manager_employee","role_set":["employee","manager"]}},
                 {"type":"add_inherited_role","args":{"role_name":"employee_payroll","role_set":["employee","payroll"]}}]}
                """);
    }

    @AfterAll
    static void tearDown() {
        server.close();
        db.close();
    }

    private static JsonNode data(String query, Map<String, String> headers) {
        JsonNode body = server.graphql(query, Map.of(), headers);
        assertThat(body.has("errors")).as("%s", body).isFalse();
        return body.get("data");
    }

    private static JsonNode asAnn(String query) {
        return data(query, ANN);
    }

    private static String sql(String role, String query) {
        var preparer = server.quarry().engine().state().preparer(role, false);
        Prepared prepared = preparer.prepare(new GraphQLRequest(query, Optional.empty(), Map.of()));
        return QueryCompiler.query(Planner.query(preparer.schema(), ((Prepared.Query) prepared).roots())).text();
    }

    @Test
    void aggregatesAddUpOnlyTheSalariesTheRoleMaySee() {
        JsonNode aggregate = asAnn("""
                { employee_aggregate { aggregate { count sum { salary } avg { salary } min { salary } max { salary }
                  stddev { salary } counted: count(columns: [salary]) distinct: count(columns: [salary], distinct: true)
                } } }""").at("/employee_aggregate/aggregate");
        assertThat(aggregate.get("count").asInt()).isEqualTo(3);
        assertThat(aggregate.at("/sum/salary").asInt()).isEqualTo(10000);
        assertThat(aggregate.at("/avg/salary").asDouble()).isEqualTo(10000.0);
        assertThat(aggregate.at("/min/salary").asInt()).isEqualTo(10000);
        assertThat(aggregate.at("/max/salary").asInt()).isEqualTo(10000);
        assertThat(aggregate.at("/stddev/salary").isNull()).isTrue();
        assertThat(aggregate.get("counted").asInt()).isEqualTo(1);
        assertThat(aggregate.get("distinct").asInt()).isEqualTo(1);
    }

    @Test
    void nodesOfAnAggregateShowHiddenSalariesAsNull() {
        JsonNode nodes = asAnn("{ employee_aggregate(order_by: {id: asc}) { nodes { id salary yearly_salary } } }")
                .at("/employee_aggregate/nodes");
        assertThat(nodes.toString()).isEqualTo("[{\"id\":1,\"salary\":10000,\"yearly_salary\":120000},"
                + "{\"id\":2,\"salary\":null,\"yearly_salary\":null},{\"id\":3,\"salary\":null,\"yearly_salary\":null}]");
    }

    @Test
    void orderingByAHiddenColumnOrdersByWhatTheRoleSees() {
        // Hidden salaries are nulls, first when descending: Bob's 7000 and Cid's 8430 cannot place them.
        assertThat(ids(asAnn("{ employee(order_by: [{salary: desc}, {id: desc}]) { id } }").get("employee")))
                .isEqualTo("[3,2,1]");
        assertThat(ids(asAnn("{ employee(order_by: [{yearly_salary: asc}, {id: desc}]) { id } }").get("employee")))
                .isEqualTo("[1,3,2]");
    }

    @Test
    void orderingThroughAnObjectRelationshipSeesOnlyReadableRowsAsTheRoleSeesThem() {
        // Badge 4 belongs to Dee, whom Ann may not read at all; badges 2 and 3 to employees whose salary is hidden.
        assertThat(ids(asAnn("{ badge(order_by: [{employee: {salary: desc}}, {id: asc}]) { id } }").get("badge")))
                .isEqualTo("[2,3,4,1]");
    }

    @Test
    void orderingByAnAggregateOfAnArrayRelationshipCountsWhatTheRoleSees() {
        JsonNode managers = asAnn("""
                { manager(order_by: [{employees_aggregate: {sum: {salary: asc}}}, {id: asc}]) {
                  id employees_aggregate { aggregate { sum { salary } } } } }""").get("manager");
        assertThat(ids(managers)).isEqualTo("[1,2,3]");
        assertThat(managers.at("/0/employees_aggregate/aggregate/sum/salary").asInt()).isEqualTo(10000);
        assertThat(managers.at("/1/employees_aggregate/aggregate/sum/salary").isNull()).isTrue();
        // Mia manages Ann and Eve, but Ann may read Ann only; Max's two are both readable.
        assertThat(ids(asAnn("{ manager(order_by: [{employees_aggregate: {count: desc}}, {id: asc}]) { id } }")
                .get("manager"))).isEqualTo("[2,1,3]");
    }

    @Test
    void distinctOnGroupsTheValuesTheRoleSees() {
        // Bob and Cid both read a null salary: one group, of which the first by id stays.
        assertThat(ids(asAnn("{ employee(distinct_on: [salary], order_by: [{salary: asc}, {id: asc}]) { id } }")
                .get("employee"))).isEqualTo("[1,2]");
        assertThat(asAnn("{ employee(distinct_on: [salary]) { id } }").get("employee")).hasSize(2);
    }

    @Test
    void filtersCompareTheValuesTheRoleSees() {
        assertThat(asAnn("{ employee(where: {salary: {_eq: 7000}}) { id } }").get("employee")).isEmpty();
        assertThat(ids(asAnn("{ employee(where: {salary: {_gte: 7000}}) { id } }").get("employee"))).isEqualTo("[1]");
        assertThat(asAnn("{ employee(where: {yearly_salary: {_eq: 84000}}) { id } }").get("employee")).isEmpty();
        assertThat(ids(asAnn("{ manager(where: {employees_aggregate: {count: {filter: {salary: {_gte: 7000}}, "
                + "predicate: {_gte: 1}}}}, order_by: {id: asc}) { id } }").get("manager"))).isEqualTo("[1]");
        assertThat(ids(asAnn("{ manager(where: {employees_aggregate: {count: {arguments: [salary], "
                + "predicate: {_gt: 0}}}}, order_by: {id: asc}) { id } }").get("manager"))).isEqualTo("[1]");
    }

    @Test
    void aRoleThatSeesTheColumnInEveryRowGetsThePlainStatement() {
        String query = "{ employee_aggregate(order_by: {salary: asc}) { aggregate { sum { salary } } "
                + "nodes { salary } } }";
        // Both parents of employee_payroll see salaries: nothing to redact.
        assertThat(sql("employee_payroll", query)).doesNotContain("CASE WHEN");
        assertThat(sql("employee", query)).doesNotContain("CASE WHEN");
        assertThat(sql("manager_employee", query)).contains("sum(CASE WHEN");
        Map<String, String> payroll = Map.of("x-hasura-role", "employee_payroll", "x-hasura-user-id", "1",
                "x-hasura-manager-id", "2");
        assertThat(data(query, payroll).at("/employee_aggregate/aggregate/sum/salary").asInt()).isEqualTo(25430);
    }

    private static String ids(JsonNode rows) {
        StringBuilder out = new StringBuilder("[");
        rows.forEach(r -> out.append(out.length() > 1 ? "," : "").append(r.get("id").asInt()));
        return out.append("]").toString();
    }
}
