package io.quarry.engine.sql;

import io.quarry.engine.introspect.PgType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** An immutable piece of SQL: text parts and parameters, numbered when the whole statement is rendered. */
public final class Sql {
    private static final Pattern SIMPLE_TYPE = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final Pattern KEY = Pattern.compile("[_A-Za-z][_0-9A-Za-z]*");
    private static final Pattern SESSION_VARIABLE = Pattern.compile("[a-z0-9_-]+");

    /** A parameter placeholder, sent as text; {@code array} sends a list as a text array. */
    private record Param(Object value) {
    }

    /** A session variable, read from the session JSON in {@code $1}; the whole session when the name is null. */
    private record SessionVariable(String name) {
    }

    /** The answer of the statement run before this one, as JSON. */
    private record Previous() {
    }

    /**
     * The bounds of a value computed once per run of a statement: a scalar subquery that reads nothing but the
     * statement's parameters, which Postgres runs once, where the same expression in a filter would parse the
     * session JSON again for every row it tests.
     */
    private record Once(boolean opens) {
    }

    private final List<Object> parts;

    private Sql(List<Object> parts) {
        this.parts = parts;
    }

    /**
     * A statement's answer, the column {@code data}: the JSON's text sent as bytes ({@code bytea}), which the client
     * hands on to the HTTP response as they are, never decoded into characters and encoded again.
     */
    static Sql answer(Sql json) {
        return of(raw("textsend("), json, raw("::text) AS data"));
    }

    /** Constant SQL text. Never pass anything that came from a request or the catalog. */
    public static Sql raw(String constant) {
        return new Sql(List.of(constant));
    }

    /** A quoted identifier, or a qualified one from several parts: {@code "public"."author"}. */
    public static Sql ident(String... names) {
        StringBuilder out = new StringBuilder();
        for (String name : names) {
            if (out.length() > 0) {
                out.append('.');
            }
            out.append('"').append(name.replace("\"", "\"\"")).append('"');
        }
        return new Sql(List.of(out.toString()));
    }

    /** A text parameter cast to {@code type}: {@code $n::text::int4}. */
    public static Sql param(String value, PgType type) {
        Sql placeholder = new Sql(List.of(new Param(Objects.requireNonNull(value, "value"))));
        return cast(placeholder, "text", type, "");
    }

    /** A text array parameter cast to an array of {@code type}: {@code $n::text[]::int4[]}. */
    public static Sql arrayParam(List<String> values, PgType type) {
        Sql placeholder = new Sql(List.of(new Param(values.toArray(new String[0]))));
        return cast(placeholder, "text[]", type, "[]");
    }

    /**
     * A session variable typed as {@code type} (or an array of it), read once per statement:
     * {@code (SELECT ($1::text::json->>'x-hasura-user-id')::text::int4)}. Session variable names come from metadata
     * and are checked to be plain names.
     */
    public static Sql session(String name, PgType type, boolean array) {
        if (!SESSION_VARIABLE.matcher(name).matches()) {
            throw new IllegalArgumentException("not a session variable name: " + name);
        }
        Sql read = new Sql(List.of("(", new SessionVariable(name), ")"));
        if (array) {
            // A list arrives as a Postgres array literal ({a,b}) or, as Hasura also reads it, a JSON array.
            Sql list = of(raw("(CASE WHEN left("), read, raw(", 1) = '[' THEN ARRAY(SELECT json_array_elements_text("),
                    read, raw("::json)) ELSE "), read, raw("::text[] END)"));
            // Inside ANY(...) a bare scalar subquery would read as a subquery of rows: the cast keeps it an array.
            return of(once(cast(list, "text[]", type, "[]")), raw("::"), type(type), raw("[]"));
        }
        return once(cast(read, "text", type, ""));
    }

    private static Sql once(Sql value) {
        return of(new Sql(List.of(new Once(true))), value, new Sql(List.of(new Once(false))));
    }

    /** The whole session as JSON ({@code $1::text::json}), for functions that take it. */
    public static Sql session() {
        return new Sql(List.of(new SessionVariable(null)));
    }

    /** The previous statement's answer ({@code $n::text::json}), for a read that follows a write. */
    public static Sql previous() {
        return new Sql(List.of(new Previous()));
    }

    /** An integer parameter: {@code $n::int8}, for limits and offsets. */
    public static Sql bigint(long value) {
        return of(new Sql(List.of(new Param(Long.toString(value)))), raw("::text::int8"));
    }

    /** A string literal for a JSON object key; keys are GraphQL names, which need no escaping. */
    public static Sql key(String name) {
        if (!KEY.matcher(name).matches()) {
            throw new IllegalArgumentException("not a GraphQL name: " + name);
        }
        return new Sql(List.of("'" + name + "'"));
    }

    /** The name of a Postgres type as SQL: built-in names bare ({@code int4}), others quoted and qualified. */
    public static Sql type(PgType type) {
        if (type.isArray()) {
            return of(type(type.element().orElseThrow()), raw("[]"));
        }
        String schema = type.name().schema();
        String name = type.name().name();
        // Bare "char" would mean character(1), not the internal "char" type.
        if ("pg_catalog".equals(schema) && SIMPLE_TYPE.matcher(name).matches() && !"char".equals(name)) {
            return new Sql(List.of(name));
        }
        return ident(schema, name);
    }

    private static Sql cast(Sql placeholder, String sentAs, PgType type, String suffix) {
        Sql target = of(type(type), raw(suffix));
        if (target.constantText().equals(sentAs)) {
            return of(placeholder, raw("::" + sentAs));
        }
        return of(placeholder, raw("::" + sentAs + "::"), target);
    }

    public static Sql of(Sql... pieces) {
        int size = 0;
        for (Sql piece : pieces) {
            size += piece.parts.size();
        }
        List<Object> all = new ArrayList<>(size);
        for (Sql piece : pieces) {
            all.addAll(piece.parts);
        }
        return new Sql(all);
    }

    public static Sql join(String separator, List<Sql> pieces) {
        int size = pieces.size();
        for (Sql piece : pieces) {
            size += piece.parts.size();
        }
        List<Object> all = new ArrayList<>(size);
        for (int i = 0; i < pieces.size(); i++) {
            if (i > 0) {
                all.add(separator);
            }
            all.addAll(pieces.get(i).parts);
        }
        return new Sql(all);
    }

    /** The text of a piece made of constants and names only (a type), without rendering a statement. */
    private String constantText() {
        StringBuilder text = new StringBuilder();
        for (Object part : parts) {
            text.append((String) part);
        }
        return text.toString();
    }

    /** The statement: text with parameters numbered {@code $1..$n} in order of appearance. */
    public SqlStatement render() {
        java.util.Set<String> session = new java.util.TreeSet<>();
        boolean usesSession = false;
        boolean usesPrevious = false;
        for (Object part : parts) {
            if (part instanceof SessionVariable v) {
                usesSession = true;
                if (v.name() != null) {
                    session.add(v.name());
                }
            }
            usesPrevious |= part instanceof Previous;
        }
        int previous = usesSession ? 2 : 1;
        int offset = (usesSession ? 1 : 0) + (usesPrevious ? 1 : 0);
        StringBuilder text = new StringBuilder();
        List<Object> params = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof Param p) {
                params.add(p.value());
                text.append('$').append(params.size() + offset);
            } else if (part instanceof Previous) {
                text.append('$').append(previous).append("::text::json");
            } else if (part instanceof Once once) {
                text.append(once.opens() ? "(SELECT " : ")");
            } else if (part instanceof SessionVariable v && v.name() == null) {
                text.append("$1::text::json");
            } else if (part instanceof SessionVariable v) {
                // Array variables hold Postgres array literals, so ->> (text) suits both.
                text.append("$1::text::json->>'").append(v.name()).append('\'');
            } else {
                text.append((String) part);
            }
        }
        return new SqlStatement(text.toString(), params, session, usesSession, usesPrevious);
    }

    /**
     * The text of this piece as one row of a multiplexed statement reads it: each parameter from the JSON array
     * {@code <row>.params} (a list as a JSON array of texts), the session from {@code <row>.session}; with the
     * values of the parameters in order, as the row would hold them.
     */
    MultiplexedQuery.Lateral multiplex(String row) {
        StringBuilder text = new StringBuilder();
        List<Object> values = new ArrayList<>();
        java.util.Set<String> session = new java.util.TreeSet<>();
        boolean wholeSession = false;
        for (Object part : parts) {
            if (part instanceof Param p) {
                String item = row + ".params::json->" + values.size();
                text.append(p.value() instanceof String[] ? "ARRAY(SELECT json_array_elements_text(" + item + "))"
                        : "(" + row + ".params::json->>" + values.size() + ")");
                values.add(p.value());
            } else if (part instanceof SessionVariable v) {
                text.append(row).append(".session::json");
                if (v.name() == null) {
                    wholeSession = true;
                } else {
                    session.add(v.name());
                    text.append("->>'").append(v.name()).append('\'');
                }
            } else if (part instanceof Previous) {
                throw new IllegalStateException("a multiplexed statement reads no previous answer");
            } else if (part instanceof Once) {
                // Each row of a multiplexed statement has a session of its own: its variables are read per row.
                continue;
            } else {
                text.append((String) part);
            }
        }
        return new MultiplexedQuery.Lateral(text.toString(), values, session, wholeSession);
    }

    @Override
    public String toString() {
        return render().text();
    }
}
