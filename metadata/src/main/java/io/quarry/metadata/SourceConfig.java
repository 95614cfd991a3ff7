package io.quarry.metadata;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A source's {@code configuration}: how Hasura connects to the database ({@code connection_info}). Quarry connects
 * with its own settings and keeps these for the export; like the other records, each object keeps the keys it was
 * read with, in order ({@code keys}), and those it does not model ({@code other}, such as {@code read_replicas}).
 */
public record SourceConfig(Optional<ConnectionInfo> connectionInfo, Map<String, JsonValue> other, List<String> keys) {
    public SourceConfig {
        Objects.requireNonNull(connectionInfo, "connectionInfo");
        other = Collections.unmodifiableMap(new LinkedHashMap<>(other));
        keys = List.copyOf(keys);
    }

    /** {@code connection_info}: the database URL, the pool, the isolation level and prepared statements. */
    public record ConnectionInfo(Optional<DatabaseUrl> databaseUrl, Optional<PoolSettings> poolSettings,
            Optional<String> isolationLevel, Optional<Boolean> usePreparedStatements, Map<String, JsonValue> other,
            List<String> keys) {
        public ConnectionInfo {
            Objects.requireNonNull(databaseUrl, "databaseUrl");
            Objects.requireNonNull(poolSettings, "poolSettings");
            Objects.requireNonNull(isolationLevel, "isolationLevel");
            Objects.requireNonNull(usePreparedStatements, "usePreparedStatements");
            other = Collections.unmodifiableMap(new LinkedHashMap<>(other));
            keys = List.copyOf(keys);
        }
    }

    /** {@code database_url}: written out, or the name of the environment variable that holds it. */
    public sealed interface DatabaseUrl {
        record Literal(String url) implements DatabaseUrl {
            public Literal {
                Objects.requireNonNull(url, "url");
            }

            /** The URL is a secret: never printed. */
            @Override
            public String toString() {
                return "Literal[url=<masked>]";
            }
        }

        record FromEnv(String variable) implements DatabaseUrl {
            public FromEnv {
                Objects.requireNonNull(variable, "variable");
            }
        }
    }

    /**
     * {@code pool_settings}; numbers kept as the JSON reader gave them (whole or fractional seconds), so that they
     * are written back as read.
     */
    public record PoolSettings(Optional<Number> maxConnections, Optional<Number> totalMaxConnections,
            Optional<Number> idleTimeout, Optional<Number> retries, Optional<Number> poolTimeout,
            Optional<Number> connectionLifetime, Map<String, JsonValue> other, List<String> keys) {
        public PoolSettings {
            Objects.requireNonNull(maxConnections, "maxConnections");
            Objects.requireNonNull(totalMaxConnections, "totalMaxConnections");
            Objects.requireNonNull(idleTimeout, "idleTimeout");
            Objects.requireNonNull(retries, "retries");
            Objects.requireNonNull(poolTimeout, "poolTimeout");
            Objects.requireNonNull(connectionLifetime, "connectionLifetime");
            other = Collections.unmodifiableMap(new LinkedHashMap<>(other));
            keys = List.copyOf(keys);
        }
    }
}
