package io.quarry.engine.sql;

/** Table aliases numbered per statement ({@code _0}, {@code _1}, ...), so the same request yields the same text. */
final class Aliases {
    private int next;

    String next() {
        return "_" + next++;
    }
}
