package io.quarry.cli.migrate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * The applied migrations, read from and removed from Flyway's history table (see package-info for why it is
 * {@code hdb_catalog.quarry_schema_history}). Flyway writes the rows; down migrations and {@code migrate delete}
 * remove them here.
 */
final class History {
    static final String SCHEMA = "hdb_catalog";
    static final String TABLE = "quarry_schema_history";
    static final String QUALIFIED = SCHEMA + "." + TABLE;
    /** The advisory lock down migrations hold, so that two of them never revert the same version. */
    private static final long LOCK_KEY = 0x71756172726d6967L;

    private History() {
    }

    /** One row of the history: a version applied, or left failed by a migration that ran outside a transaction. */
    record Applied(long version, String description, boolean success) {
    }

    static void createSchema(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
        }
    }

    /** The applied versions, empty when nothing was ever applied. */
    static Map<Long, Applied> applied(Connection c) throws SQLException {
        Map<Long, Applied> applied = new TreeMap<>();
        if (!exists(c)) {
            return applied;
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, description, success FROM " + QUALIFIED
                     + " WHERE version IS NOT NULL AND type <> 'BASELINE' ORDER BY installed_rank")) {
            while (rs.next()) {
                try {
                    long version = Long.parseLong(rs.getString(1));
                    applied.put(version, new Applied(version, rs.getString(2), rs.getBoolean(3)));
                } catch (NumberFormatException notHasura) {
                    // a version Flyway wrote for something else (a baseline): not a migration of this project
                }
            }
        }
        return applied;
    }

    static boolean exists(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            s.setString(1, QUALIFIED);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    static void remove(Connection c, Collection<Long> versions) throws SQLException {
        if (versions.isEmpty() || !exists(c)) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("DELETE FROM " + QUALIFIED + " WHERE version = ?")) {
            for (long v : versions) {
                s.setString(1, Long.toString(v));
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** Rows Flyway left for a migration that failed outside a transaction; like Flyway's repair, they go. */
    static void removeFailed(Connection c) throws SQLException {
        if (exists(c)) {
            try (Statement s = c.createStatement()) {
                s.execute("DELETE FROM " + QUALIFIED + " WHERE NOT success");
            }
        }
    }

    /** Waits for other down migrations of this database; released at the end of the session. */
    static void lock(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")");
        }
    }

    static void unlock(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
        }
    }
}
