package io.quarry.cli.migrate;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.resource.LoadableResource;
import org.flywaydb.core.internal.jdbc.JdbcTemplate;
import org.flywaydb.core.internal.jdbc.Results;
import org.flywaydb.core.internal.parser.ParsingContext;
import org.flywaydb.core.internal.sqlscript.SqlStatement;
import org.flywaydb.core.internal.sqlscript.SqlStatementIterator;
import org.flywaydb.database.postgresql.PostgreSQLCopyParsedStatement;
import org.flywaydb.database.postgresql.PostgreSQLParser;

/**
 * Runs a SQL file that Flyway does not run for us ({@code down.sql}, seeds) with Flyway's PostgreSQL parser, so
 * statements split, {@code COPY ... FROM stdin} and the transactional check behave exactly as for up migrations.
 * The parser is Flyway-internal API: the version is pinned in the parent pom.
 */
final class SqlFileRunner {
    private final Configuration configuration = new FluentConfiguration().placeholderReplacement(false);

    /** The statements of a file, each with the line it starts on. */
    List<SqlStatement> parse(Path file) {
        PostgreSQLParser parser = new PostgreSQLParser(configuration, new ParsingContext());
        List<SqlStatement> statements = new ArrayList<>();
        try (SqlStatementIterator it = parser.parse(new FileResource(file))) {
            while (it.hasNext()) {
                statements.add(it.next());
            }
        }
        return statements;
    }

    /** Whether every statement may run inside a transaction (no {@code CREATE INDEX CONCURRENTLY} and the like). */
    static boolean transactional(List<SqlStatement> statements) {
        return statements.stream().allMatch(SqlStatement::canExecuteInTransaction);
    }

    /** Runs the statements on {@code connection} in its current transaction mode; the first error stops them. */
    void run(Connection connection, Path file, List<SqlStatement> statements) {
        for (SqlStatement statement : statements) {
            if (statement instanceof PostgreSQLCopyParsedStatement copy) {
                Results results = copy.execute(new JdbcTemplate(connection, Types.NULL), null, configuration);
                if (results.getException() != null) {
                    throw MigrationFailure.of(file.toString(), statement.getLineNumber(), statement.getSql(),
                            results.getException());
                }
                continue;
            }
            try (Statement s = connection.createStatement()) {
                s.setEscapeProcessing(false);
                s.execute(statement.getSql());
            } catch (SQLException e) {
                throw MigrationFailure.of(file.toString(), statement.getLineNumber(), statement.getSql(), e);
            }
        }
    }

    /** A file on disk as Flyway's parser reads it. */
    static final class FileResource extends LoadableResource {
        private final Path file;

        FileResource(Path file) {
            this.file = file;
        }

        @Override
        public Reader read() {
            try {
                return Files.newBufferedReader(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }

        @Override
        public String getAbsolutePath() {
            return file.toAbsolutePath().toString();
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return getAbsolutePath();
        }

        @Override
        public String getFilename() {
            return file.getFileName().toString();
        }

        @Override
        public String getRelativePath() {
            return file.toString();
        }
    }
}
