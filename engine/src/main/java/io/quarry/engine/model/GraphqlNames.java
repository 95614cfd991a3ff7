package io.quarry.engine.model;

import io.quarry.metadata.QualifiedTable;
import java.util.regex.Pattern;

/** Hasura's rules for turning Postgres names into GraphQL names. */
public final class GraphqlNames {
    private static final Pattern NAME = Pattern.compile("[_A-Za-z][_0-9A-Za-z]*");

    private GraphqlNames() {
    }

    public static boolean isValid(String name) {
        return NAME.matcher(name).matches();
    }

    /** {@code author} for {@code public.author}, {@code shop_author} for {@code shop.author}. */
    public static String typeName(QualifiedTable table) {
        return QualifiedTable.DEFAULT_SCHEMA.equals(table.schema()) ? table.name() : table.schema() + "_" + table.name();
    }
}
