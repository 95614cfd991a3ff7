package io.quarry.engine.introspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which relations a later catalog reads again, from the lines of {@code stamps.sql}. */
class SnapshotTest {
    private static Relation relation(String name, long oid) {
        return new Relation(new PgName("public", name), Relation.Kind.TABLE, List.of(), Optional.empty(), List.of(),
                List.of(), Optional.empty(), oid, Relation.Writes.ALL);
    }

    private static Catalog catalog(Relation... relations) {
        Map<PgName, Relation> byName = new java.util.LinkedHashMap<>();
        for (Relation r : relations) {
            byName.put(r.name(), r);
        }
        return new Catalog(byName, Map.of(), Map.of());
    }

    @Test
    void readsTheRelationsStampedOtherwiseNewOrWithColumnsWritten() {
        Snapshot last = new Snapshot(catalog(relation("a", 10), relation("b", 11), relation("c", 12)),
                Stamps.read("700\n0:0\n10 5:1:1:5\n11 6:1\n12 7:1"));
        assertThat(last.since()).isEqualTo(700);
        Stamps now = Stamps.read("705\n0:0\n10 5:1:1:5\n11 6:1 written\n12 9:1\n13 9:1");
        assertThat(last.changed(now)).containsExactly(11L, 12L, 13L);

        Snapshot next = last.merge(now, catalog(relation("b2", 11), relation("c", 12), relation("d", 13)));
        assertThat(next.catalog().relations().keySet()).extracting(PgName::name).containsExactly("a", "b2", "c", "d");
        assertThat(next.since()).isEqualTo(705);
        // Written once: the next stamps, from 705 on, tell whether it was written again.
        assertThat(next.changed(Stamps.read("710\n0:0\n10 5:1:1:5\n11 6:1\n12 9:1\n13 9:1"))).isEmpty();
    }

    @Test
    void aRelationDroppedIsLeftOutAndFunctionsAndEnumsAreStampedApart() {
        Snapshot last = new Snapshot(catalog(relation("a", 10), relation("b", 11)),
                Stamps.read("700\n0:0\n10 5:1\n11 6:1"));
        Stamps now = Stamps.read("701\n1:900\n10 5:1");
        assertThat(last.changed(now)).containsExactly(Snapshot.FUNCTIONS_AND_ENUMS);
        Snapshot next = last.merge(now, catalog());
        assertThat(next.catalog().relations().keySet()).extracting(PgName::name).containsExactly("a");
    }

    @Test
    void anEmptyDatabaseHasOnlyTheStampOfFunctionsAndEnums() {
        assertThat(Stamps.read("42\n0:0").stamps()).containsOnlyKeys(Snapshot.FUNCTIONS_AND_ENUMS);
    }
}
