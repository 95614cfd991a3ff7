package io.quarry.engine.model;

import io.quarry.metadata.TableConfig;
import io.quarry.metadata.TableEntry;
import java.util.Map;
import java.util.Optional;

/**
 * The naming part of a table's {@code configuration} in metadata: {@code custom_name}, {@code custom_root_fields}
 * (a name, or an object with a {@code name}), and column names from {@code custom_column_names} or
 * {@code column_config.<column>.custom_name}.
 */
record TableConfiguration(Optional<String> customName, Map<String, String> rootFields, Map<String, String> columnNames) {

    static TableConfiguration of(TableEntry entry) {
        TableConfig config = entry.configuration().orElse(TableConfig.EMPTY);
        return new TableConfiguration(config.customName(), config.rootFieldNames(), config.columnNames());
    }
}
