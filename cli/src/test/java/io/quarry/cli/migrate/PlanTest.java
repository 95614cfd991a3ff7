package io.quarry.cli.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlanTest {
    private static final List<MigrationFiles> FILES = List.of(m(1), m(2), m(3), m(4));

    private static MigrationFiles m(long v) {
        return new MigrationFiles(v, "m" + v, Optional.of(Path.of(v + "_m" + v, "up.sql")), Optional.empty());
    }

    private static List<Long> up(Plan p) {
        return p.up().stream().map(MigrationFiles::version).toList();
    }

    @Test
    void upAppliesPendingOldestFirstIncludingOlderGaps() {
        Plan all = Plan.of(new Step.Up(-1), FILES, List.of(2L));
        assertThat(up(all)).containsExactly(1L, 3L, 4L);
        assertThat(up(Plan.of(new Step.Up(2), FILES, List.of(2L)))).containsExactly(1L, 3L);
        assertThat(Plan.of(new Step.Up(-1), FILES, List.of(1L, 2L, 3L, 4L)).isEmpty()).isTrue();
    }

    @Test
    void downRevertsNewestFirst() {
        assertThat(Plan.of(new Step.Down(2), FILES, List.of(1L, 2L, 3L)).down()).containsExactly(3L, 2L);
        assertThat(Plan.of(new Step.Down(-1), FILES, List.of(1L, 3L)).down()).containsExactly(3L, 1L);
    }

    @Test
    void gotoGoesBothWays() {
        Plan forward = Plan.of(new Step.Goto(3), FILES, List.of(1L));
        assertThat(up(forward)).containsExactly(2L, 3L);
        assertThat(forward.down()).isEmpty();
        Plan back = Plan.of(new Step.Goto(2), FILES, List.of(1L, 2L, 3L, 4L));
        assertThat(back.down()).containsExactly(4L, 3L);
        assertThat(back.up()).isEmpty();
        assertThatThrownBy(() -> Plan.of(new Step.Goto(9), FILES, List.of()))
                .hasMessage("no migration with version 9 in the project");
    }

    @Test
    void oneVersion() {
        assertThat(up(Plan.of(new Step.Only(3, true), FILES, List.of()))).containsExactly(3L);
        assertThat(Plan.of(new Step.Only(3, false), FILES, List.of(3L)).down()).containsExactly(3L);
        assertThatThrownBy(() -> Plan.of(new Step.Only(3, true), FILES, List.of(3L)))
                .hasMessage("migration 3_m3 is already applied");
        assertThatThrownBy(() -> Plan.of(new Step.Only(3, false), FILES, List.of()))
                .hasMessage("migration 3 is not applied");
    }
}
