package io.quarry.engine.model;

import io.quarry.metadata.QualifiedTable;

/** Hasura's rules for turning Postgres names into GraphQL names. */
public final class GraphqlNames {
    private GraphqlNames() {
    }

    /**
     * Whether {@code name} is a GraphQL name ({@code [_A-Za-z][_0-9A-Za-z]*}); checked without a regular expression,
     * since resolving thousands of tables checks every table, column and relationship name.
     */
    public static boolean isValid(String name) {
        if (name.isEmpty() || name.charAt(0) >= '0' && name.charAt(0) <= '9') {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    /** {@code author} for {@code public.author}, {@code shop_author} for {@code shop.author}. */
    public static String typeName(QualifiedTable table) {
        return QualifiedTable.DEFAULT_SCHEMA.equals(table.schema()) ? table.name() : table.schema() + "_" + table.name();
    }
}
