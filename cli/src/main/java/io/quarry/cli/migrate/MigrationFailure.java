package io.quarry.cli.migrate;

import java.sql.SQLException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * A migration or seed file that failed: the file, the line of the failing statement's error (0 when unknown), the
 * SQLSTATE and Postgres's message. Its message reads {@code <file>:<line>: <message>} like a compiler's.
 */
public final class MigrationFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String sqlState;
    private final String reason;

    MigrationFailure(String file, int line, String sqlState, String reason, Throwable cause) {
        super(file + (line > 0 ? ":" + line : "") + ": " + reason, cause);
        this.file = file;
        this.line = line;
        this.sqlState = sqlState == null ? "" : sqlState;
        this.reason = reason;
    }

    /** A failure of the statement starting at {@code statementLine} of {@code file}, with text {@code sql}. */
    static MigrationFailure of(String file, int statementLine, String sql, SQLException error) {
        return new MigrationFailure(file, line(statementLine, sql, error), error.getSQLState(), reason(error), error);
    }

    /**
     * The line of the error: Postgres's position is a 1-based character offset in the statement it was sent, so the
     * newlines before it are added to the statement's first line. Without a position, the statement's first line.
     */
    static int line(int statementLine, String sql, SQLException error) {
        if (statementLine <= 0) {
            return 0;
        }
        int position = 0;
        if (error instanceof PSQLException p && p.getServerErrorMessage() != null) {
            position = p.getServerErrorMessage().getPosition();
        }
        int end = Math.min(Math.max(position - 1, 0), sql == null ? 0 : sql.length());
        int line = statementLine;
        for (int i = 0; i < end; i++) {
            if (sql.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** Postgres's message and detail, without the JDBC driver's "Position:" and "Where:" lines. */
    static String reason(SQLException error) {
        if (error instanceof PSQLException p && p.getServerErrorMessage() != null) {
            ServerErrorMessage m = p.getServerErrorMessage();
            String text = m.getMessage() == null ? String.valueOf(error.getMessage()) : m.getMessage();
            return m.getDetail() == null ? text : text + " (" + m.getDetail() + ")";
        }
        return String.valueOf(error.getMessage());
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public String sqlState() {
        return sqlState;
    }

    public String reason() {
        return reason;
    }
}
