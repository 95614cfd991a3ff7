package io.quarry.metadata;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A permission's boolean expression ({@code filter}, {@code check}, {@code _exists._where}) as written in metadata.
 *
 * <p>The metadata knows no catalog, so what a field name means (column, relationship, computed field) is left to the
 * engine; the tree only records the expression's shape: a field's value is either comparisons ({@link Compare}: an
 * object whose keys are all operators, or a bare value standing for {@code _eq}) or a nested expression. Keys keep
 * their spelling ({@code _and} or {@code $and}, {@code _eq} or {@code $eq}) and objects their key order, so the
 * expression is written back exactly as read. See {@code package-info.java}.
 */
public sealed interface BoolExpr {
    /** The comparison operators, spelled with {@code _} (permissions may also spell them with {@code $}). */
    Set<String> OPERATORS = Set.of("_eq", "_neq", "_ne", "_gt", "_gte", "_lt", "_lte", "_in",
            "_nin", "_is_null", "_like", "_nlike", "_ilike", "_nilike", "_similar", "_nsimilar", "_regex", "_nregex",
            "_iregex", "_niregex", "_contains", "_contained_in", "_has_key", "_has_keys_any", "_has_keys_all",
            "_ceq", "_cne", "_cneq", "_cgt", "_cgte", "_clt", "_clte", "_st_contains", "_st_crosses", "_st_equals",
            "_st_intersects", "_st_overlaps", "_st_touches", "_st_within", "_st_d_within", "_cast");

    /** The operators whose operand names another column of the row. */
    Set<String> COLUMN_OPERATORS = Set.of("_ceq", "_cne", "_cneq", "_cgt", "_cgte", "_clt", "_clte");

    /** The expression {@code {}}: every row. */
    And TRUE = new And(List.of(), Optional.empty());

    /** A key as permissions may spell it: {@code $eq} is {@code _eq}. */
    static String canonical(String key) {
        return key.startsWith("$") ? "_" + key.substring(1) : key;
    }

    /**
     * All of {@code items}. Without a {@code key} it is an object's keys taken together ({@code {"a": .., "b": ..}});
     * with one ({@code _and} or {@code $and}) it is written {@code {"_and": [..]}}.
     */
    record And(List<BoolExpr> items, Optional<String> key) implements BoolExpr {
        public And {
            items = List.copyOf(items);
            Objects.requireNonNull(key, "key");
        }
    }

    /** Any of {@code items}: {@code {"_or": [..]}}, {@code key} as spelled. */
    record Or(List<BoolExpr> items, String key) implements BoolExpr {
        public Or {
            items = List.copyOf(items);
            Objects.requireNonNull(key, "key");
        }
    }

    record Not(BoolExpr item, String key) implements BoolExpr {
        public Not {
            Objects.requireNonNull(item, "item");
            Objects.requireNonNull(key, "key");
        }
    }

    /** {@code _exists: {_table, _where}}: some row of {@code table}, unrelated to this one, matches {@code where}. */
    record Exists(QualifiedTable table, BoolExpr where, String key) implements BoolExpr {
        public Exists {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(where, "where");
            Objects.requireNonNull(key, "key");
        }
    }

    /**
     * A column, relationship or computed field and what it must satisfy: comparisons ({@link Compare}, or an
     * {@link And} without key of them) for a column, a nested expression for a relationship or a computed field
     * returning rows.
     */
    record Field(String name, BoolExpr predicate) implements BoolExpr {
        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(predicate, "predicate");
        }
    }

    /**
     * One comparison of the field it sits under: {@code operator} as spelled ({@code _eq}, {@code $gt}, ...).
     * {@code bare} marks a value written without an operator, Hasura's shorthand for {@code _eq}.
     */
    record Compare(String operator, Operand operand, boolean bare) implements BoolExpr {
        public Compare {
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(operand, "operand");
        }

        /** The operator spelled with {@code _}. */
        public String op() {
            return canonical(operator);
        }
    }

    /** What a field is compared with. */
    sealed interface Operand {
        /** A literal JSON value (a null operand leaves the comparison out, as in Hasura). */
        record Literal(JsonValue value) implements Operand {
            public Literal {
                Objects.requireNonNull(value, "value");
            }
        }

        /**
         * A session variable, {@code X-Hasura-User-Id}: bound per request, never part of the SQL text.
         * {@code name} is kept as written; {@link #key()} is how sessions spell it.
         */
        record SessionVariable(String name) implements Operand {
            private static final Pattern PATTERN = Pattern.compile("(?i)x-hasura-[a-z0-9_-]+");

            public SessionVariable {
                Objects.requireNonNull(name, "name");
            }

            public static boolean is(String text) {
                return PATTERN.matcher(text).matches();
            }

            public String key() {
                return name.toLowerCase(Locale.ROOT);
            }
        }

        /**
         * Another column of the row ({@code _ceq: "other"}) or a path to one ({@code _ceq: ["$", "other"]}, the
         * root table's). {@code bare} marks the single-name form.
         */
        record ColumnRef(List<String> path, boolean bare) implements Operand {
            public ColumnRef {
                path = List.copyOf(path);
                if (path.isEmpty()) {
                    throw new IllegalArgumentException("a column reference needs a column");
                }
                if (bare && path.size() != 1) {
                    throw new IllegalArgumentException("a bare column reference has one name");
                }
            }
        }

        /** {@code _cast: {text: {_eq: ..}}}: comparisons of the value cast to each named type. */
        record Cast(Map<String, BoolExpr> casts) implements Operand {
            public Cast {
                casts = Collections.unmodifiableMap(new LinkedHashMap<>(casts));
            }
        }
    }
}
