package io.quarry.engine.introspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.engine.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The catalog query against a schema with every kind of object it reads. */
class IntrospectIT {
    private static TestDatabase db;
    private static Catalog catalog;

    @BeforeAll
    static void setUp() throws Exception {
        db = TestDatabase.create(IntrospectIT.class);
        db.execute("""
                CREATE SCHEMA shop;
                CREATE TYPE shop.mood AS ENUM ('happy', 'sad');
                CREATE DOMAIN shop.email AS text CHECK (VALUE LIKE '%@%');
                CREATE TABLE shop.customer (
                  id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                  email shop.email NOT NULL UNIQUE,
                  mood shop.mood,
                  tags text[],
                  name_upper text GENERATED ALWAYS AS (upper(email)) STORED,
                  "Odd ""name""\" int DEFAULT 1);
                COMMENT ON TABLE shop.customer IS 'people who buy';
                COMMENT ON COLUMN shop.customer.email IS 'where to write';
                CREATE TABLE shop.orders (
                  region int, number int, customer_id int REFERENCES shop.customer(id),
                  PRIMARY KEY (region, number));
                CREATE TABLE shop.order_line (
                  id serial PRIMARY KEY, region int, number int,
                  CONSTRAINT line_order FOREIGN KEY (number, region) REFERENCES shop.orders(number, region));
                CREATE VIEW shop.happy AS SELECT id, email FROM shop.customer WHERE mood = 'happy';
                CREATE MATERIALIZED VIEW shop.counts AS SELECT count(*) AS n FROM shop.customer;
                CREATE TABLE shop.events (at date, what text) PARTITION BY RANGE (at);
                CREATE TABLE shop.events_2024 PARTITION OF shop.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
                """);
        Vertx vertx = Vertx.vertx();
        try {
            Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(db.url())).using(vertx).build();
            catalog = new Introspector(pool).load().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    private static Relation relation(String name) {
        return catalog.relation(new PgName("shop", name)).orElseThrow();
    }

    @Test
    void readsTablesViewsMaterializedViewsAndPartitions() {
        assertThat(relation("customer").kind()).isEqualTo(Relation.Kind.TABLE);
        assertThat(relation("happy").kind()).isEqualTo(Relation.Kind.VIEW);
        assertThat(relation("counts").kind()).isEqualTo(Relation.Kind.MATERIALIZED_VIEW);
        assertThat(relation("events").kind()).isEqualTo(Relation.Kind.PARTITIONED_TABLE);
        // A partition is a table of its own, as Hasura tracks it.
        assertThat(relation("events_2024").kind()).isEqualTo(Relation.Kind.TABLE);
    }

    @Test
    void readsWhichWritesPostgresAcceptsOnEachRelation() {
        assertThat(relation("customer").writes()).isEqualTo(Relation.Writes.ALL);
        assertThat(relation("events").writes()).isEqualTo(Relation.Writes.ALL);
        assertThat(relation("happy").writes()).isEqualTo(Relation.Writes.ALL);
        assertThat(relation("counts").writes()).isEqualTo(new Relation.Writes(false, false, false));
    }

    @Test
    void readsColumnsWithTypesDefaultsAndComments() {
        Relation customer = relation("customer");
        assertThat(customer.columns()).extracting(Column::name)
                .containsExactly("id", "email", "mood", "tags", "name_upper", "Odd \"name\"");
        Column id = customer.column("id").orElseThrow();
        assertThat(id.identity()).isTrue();
        assertThat(id.hasDefault()).isTrue();
        assertThat(id.nullable()).isFalse();
        Column email = customer.column("email").orElseThrow();
        assertThat(email.type().kind()).isEqualTo('d');
        assertThat(email.type().underlying().name()).isEqualTo(new PgName("pg_catalog", "text"));
        assertThat(email.comment()).contains("where to write");
        assertThat(customer.column("mood").orElseThrow().type().isEnum()).isTrue();
        PgType tags = customer.column("tags").orElseThrow().type();
        assertThat(tags.isArray()).isTrue();
        assertThat(tags.element().orElseThrow().name().name()).isEqualTo("text");
        assertThat(customer.column("name_upper").orElseThrow().generated()).isTrue();
        assertThat(customer.column("Odd \"name\"").orElseThrow().hasDefault()).isTrue();
        assertThat(customer.comment()).contains("people who buy");
    }

    @Test
    void readsKeysAndMultiColumnForeignKeysInKeyOrder() {
        assertThat(relation("orders").primaryKey().orElseThrow().columns()).containsExactly("region", "number");
        assertThat(relation("customer").uniqueKeys()).extracting(Key::columns).containsExactly(List.of("email"));
        ForeignKey line = relation("order_line").foreignKeys().get(0);
        assertThat(line.name()).isEqualTo("line_order");
        assertThat(line.columns()).containsExactly("number", "region");
        assertThat(line.targetColumns()).containsExactly("number", "region");
        assertThat(line.target()).isEqualTo(new PgName("shop", "orders"));
        assertThat(relation("happy").primaryKey()).isEmpty();
    }

    @Test
    void readsEnums() {
        assertThat(catalog.enums()).containsEntry(new PgName("shop", "mood"), List.of("happy", "sad"));
    }
}
