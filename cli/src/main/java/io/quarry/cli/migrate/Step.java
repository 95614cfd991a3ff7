package io.quarry.cli.migrate;

/** What {@code migrate apply} does, as Hasura's flags say it. */
public sealed interface Step permits Step.Up, Step.Down, Step.Goto, Step.Only {
    /** {@code --up N}: the first N pending migrations, or all of them when N is negative (the default). */
    record Up(int count) implements Step {
    }

    /** {@code --down N}: revert the last N applied migrations, or all of them when N is negative. */
    record Down(int count) implements Step {
    }

    /** {@code --goto V}: apply pending migrations up to V and revert applied ones after V. */
    record Goto(long version) implements Step {
    }

    /** {@code --version V --type up|down}: that migration only. */
    record Only(long version, boolean up) implements Step {
    }

    static Step all() {
        return new Up(-1);
    }
}
