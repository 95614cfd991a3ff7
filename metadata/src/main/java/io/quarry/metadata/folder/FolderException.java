package io.quarry.metadata.folder;

import java.nio.file.Path;

/**
 * A metadata folder that cannot be read: malformed YAML, a missing {@code !include} target or an unknown key.
 * The message names the file and, where known, the line and column (both counted from 1).
 */
public final class FolderException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;
    private final int line;
    private final int column;

    public FolderException(Path file, int line, int column, String problem) {
        super(file + (line > 0 ? ":" + line + ":" + column : "") + ": " + problem);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    public Path file() {
        return file;
    }

    /** The line of the problem, from 1; 0 when the problem is the whole file. */
    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
