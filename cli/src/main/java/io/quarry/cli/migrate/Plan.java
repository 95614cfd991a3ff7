package io.quarry.cli.migrate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The migrations one step runs: versions to revert, newest first, then migrations to apply, oldest first.
 * Pending means absent from the history, whatever its version: like Hasura, an older migration merged in late
 * is applied rather than refused.
 */
record Plan(List<Long> down, List<MigrationFiles> up) {
    Plan {
        down = List.copyOf(down);
        up = List.copyOf(up);
    }

    boolean isEmpty() {
        return down.isEmpty() && up.isEmpty();
    }

    static Plan of(Step step, List<MigrationFiles> files, Collection<Long> appliedVersions) {
        Set<Long> applied = new TreeSet<>(appliedVersions);
        List<MigrationFiles> pending = MigrationFiles.sortedByVersion(
                files.stream().filter(f -> !applied.contains(f.version())).toList());
        List<Long> appliedNewestFirst = new ArrayList<>(applied);
        Collections.reverse(appliedNewestFirst);
        if (step instanceof Step.Up u) {
            return new Plan(List.of(), first(pending, u.count()));
        }
        if (step instanceof Step.Down d) {
            return new Plan(first(appliedNewestFirst, d.count()), List.of());
        }
        if (step instanceof Step.Goto g) {
            find(files, g.version()).orElseThrow(() -> new IllegalArgumentException(
                    "no migration with version " + g.version() + " in the project"));
            return new Plan(appliedNewestFirst.stream().filter(v -> v > g.version()).toList(),
                    pending.stream().filter(f -> f.version() <= g.version()).toList());
        }
        if (step instanceof Step.Only o) {
            if (o.up()) {
                MigrationFiles m = find(files, o.version()).orElseThrow(() -> new IllegalArgumentException(
                        "no migration with version " + o.version() + " in the project"));
                if (applied.contains(o.version())) {
                    throw new IllegalArgumentException("migration " + m.id() + " is already applied");
                }
                return new Plan(List.of(), List.of(m));
            }
            if (!applied.contains(o.version())) {
                throw new IllegalArgumentException("migration " + o.version() + " is not applied");
            }
            return new Plan(List.of(o.version()), List.of());
        }
        throw new AssertionError(step);
    }

    static Optional<MigrationFiles> find(List<MigrationFiles> files, long version) {
        return files.stream().filter(f -> f.version() == version).findFirst();
    }

    private static <T> List<T> first(List<T> list, int count) {
        return count < 0 || count >= list.size() ? list : list.subList(0, count);
    }

    static Map<Long, MigrationFiles> byVersion(List<MigrationFiles> files) {
        Map<Long, MigrationFiles> map = new HashMap<>();
        for (MigrationFiles f : files) {
            map.put(f.version(), Objects.requireNonNull(f));
        }
        return map;
    }
}
