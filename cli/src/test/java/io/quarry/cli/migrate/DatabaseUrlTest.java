package io.quarry.cli.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DatabaseUrlTest {
    @Test
    void postgresUrlsBecomeJdbcUrlsWithSeparateCredentials() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://app:s%40cret@db.example:6432/shop?sslmode=require");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6432/shop?sslmode=require");
        assertThat(url.user()).isEqualTo("app");
        assertThat(url.password()).isEqualTo("s@cret");
        assertThat(url.toString()).doesNotContain("s@cret").contains("<masked>");
        assertThat(DatabaseUrl.parse("postgresql://127.0.0.1/").jdbcUrl())
                .isEqualTo("jdbc:postgresql://127.0.0.1/postgres");
        assertThat(DatabaseUrl.parse("jdbc:postgresql://h/d?user=u").jdbcUrl()).isEqualTo("jdbc:postgresql://h/d?user=u");
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://h/d")).hasMessageContaining("must start with postgres://");
    }

    @Test
    void statusIsPrintedAsHasuraPrintsIt() {
        String table = MigrateStatusCommand.format("default", List.of(
                new Migrations.Status(1616278728671L, "squashed", true, true),
                new Migrations.Status(1616280071075L, "add column", true, false)));
        assertThat(table).isEqualTo("""

                Database: default
                VERSION        NAME        SOURCE STATUS  DATABASE STATUS
                1616278728671  squashed    Present        Present
                1616280071075  add column  Present        Not Present
                """);
    }
}
