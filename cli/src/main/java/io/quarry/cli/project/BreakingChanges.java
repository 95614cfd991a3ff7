package io.quarry.cli.project;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.cli.project.RoleSchemas.Element;
import io.quarry.cli.project.RoleSchemas.FunctionView;
import io.quarry.cli.project.RoleSchemas.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The changes from one metadata to another that break clients of a role: a field the role could use before (a root
 * field, a column, a relationship, a computed field, an input field) that it cannot use after, or the role itself
 * gone. Additions and changes that keep every field (a filter, a limit, a new column) are not breaking.
 *
 * <p>Both sides are read from metadata ({@link RoleSchemas}); where metadata alone cannot tell whether a field was
 * served (a {@code _by_pk} field needs a primary key, an inferred function permission needs a select permission on
 * the function's table, a relationship needs one on its target), the engine's introspection for that role decides
 * for the "before" side, which is the engine's current metadata.
 */
final class BreakingChanges {
    private static final int SHOWN = 8;

    private BreakingChanges() {
    }

    /**
     * One way a role's clients break: what changed, and the fields that clients selecting (or, for input fields,
     * sending) them lose.
     */
    record Breaking(String role, String what, List<String> fields, boolean input) {
        Breaking {
            fields = List.copyOf(fields);
        }

        /** {@code BREAKING <role>: <what> (clients selecting <field>, ... fail)}. */
        String line() {
            if (fields.isEmpty()) {
                return "BREAKING " + role + ": " + what;
            }
            String shown = String.join(", ", fields.subList(0, Math.min(SHOWN, fields.size())))
                    + (fields.size() > SHOWN ? " and " + (fields.size() - SHOWN) + " more" : "");
            return "BREAKING " + role + ": " + what + " (clients " + (input ? "setting " : "selecting ") + shown
                    + " fail)";
        }
    }

    /**
     * @param from the engine's metadata (export JSON)
     * @param to the folder's metadata
     * @param databaseColumns each table's columns in the database, or an empty map when unknown
     * @param live the coordinates each role can use on the engine now, when its introspection is available
     */
    static List<Breaking> of(JsonNode from, JsonNode to, Map<String, List<String>> databaseColumns,
            Function<String, Optional<Set<String>>> live) {
        Map<String, List<String>> columns = databaseColumns.isEmpty() ? namedColumns(from, to) : databaseColumns;
        RoleSchemas before = RoleSchemas.of(from, columns);
        RoleSchemas after = RoleSchemas.of(to, columns);
        List<Breaking> out = new ArrayList<>();
        for (String role : roles(before)) {
            Optional<Set<String>> served = before.roles().get(role).isEmpty() ? Optional.empty() : live.apply(role);
            List<Element> lost = new ArrayList<>();
            Map<String, Element> kept = after.roles().getOrDefault(role, Map.of());
            for (Element e : before.roles().get(role).values()) {
                if (!kept.containsKey(e.coordinate()) && served.map(s -> s.contains(e.coordinate())).orElse(true)) {
                    lost.add(e);
                }
            }
            if (!after.roles().containsKey(role)) {
                Set<String> all = new LinkedHashSet<>();
                before.roles().get(role).values().stream()
                        .filter(e -> !e.input() && served.map(s -> s.contains(e.coordinate())).orElse(true))
                        .forEach(e -> all.add(e.clientField()));
                out.add(new Breaking(role, "role removed (no permission names it any more)", List.copyOf(all), false));
                continue;
            }
            Map<String, List<Element>> byReason = new LinkedHashMap<>();
            for (Element e : lost) {
                byReason.computeIfAbsent(reason(role, e, before, after), k -> new ArrayList<>()).add(e);
            }
            byReason.forEach((what, elements) -> {
                List<String> outputs = elements.stream().filter(e -> !e.input()).map(Element::clientField).distinct()
                        .toList();
                List<String> inputs = elements.stream().filter(Element::input).map(Element::clientField).distinct()
                        .toList();
                out.add(outputs.isEmpty() ? new Breaking(role, what, inputs, true)
                        : new Breaking(role, what, outputs, false));
            });
        }
        return out;
    }

    /** The admin first, then the other roles by name. */
    private static List<String> roles(RoleSchemas schemas) {
        List<String> roles = new ArrayList<>();
        roles.add(RoleSchemas.ADMIN);
        new TreeSet<>(schemas.roles().keySet()).stream().filter(r -> !r.equals(RoleSchemas.ADMIN)).forEach(roles::add);
        return roles;
    }

    /** Why a role lost a field, in the terms of the metadata that changed. */
    static String reason(String role, Element e, RoleSchemas before, RoleSchemas after) {
        boolean admin = role.equals(RoleSchemas.ADMIN);
        if (e.kind() == Kind.FUNCTION_ROOT) {
            FunctionView a = before.functions().get(e.owner());
            FunctionView b = after.functions().get(e.owner());
            if (b == null) {
                return "function " + e.owner() + " untracked";
            }
            String was = e.key().equals("function") ? a.rootField() : a.aggregateField();
            String now = e.key().equals("function") ? b.rootField() : b.aggregateField();
            if (!was.equals(now)) {
                return "root field " + was + " of function " + e.owner() + " renamed to " + now;
            }
            if (a.mutation() != b.mutation()) {
                return "function " + e.owner() + " moved to " + (b.mutation() ? "mutation_root" : "query_root")
                        + " (exposed_as)";
            }
            if (!admin && b.permissions().map(p -> !p.contains(role)).orElse(false)) {
                return "function permission on " + e.owner() + " dropped";
            }
            return "root field " + e.clientField() + " of function " + e.owner() + " removed";
        }
        TableView a = before.tables().get(e.owner());
        TableView b = after.tables().get(e.owner());
        if (b == null) {
            return e.owner() + " untracked";
        }
        String permission = switch (e.kind()) {
            case INSERT_ROOT, INSERT_COLUMN -> "insert";
            case UPDATE_ROOT, UPDATE_COLUMN -> "update";
            case DELETE_ROOT -> "delete";
            default -> "select";
        };
        boolean has = admin || switch (permission) {
            case "insert" -> b.insert().containsKey(role);
            case "update" -> b.update().containsKey(role);
            case "delete" -> b.delete().contains(role);
            default -> b.select().containsKey(role);
        };
        if (!has) {
            return permission + " permission on " + e.owner() + " dropped";
        }
        return switch (e.kind()) {
            case SELECT_ROOT, INSERT_ROOT, UPDATE_ROOT, DELETE_ROOT -> rootReason(role, e, a, b);
            case COLUMN, INSERT_COLUMN, UPDATE_COLUMN -> {
                if (!a.typeName().equals(b.typeName())) {
                    yield typeRenamed(a, b);
                }
                if (!a.field(e.key()).equals(b.field(e.key()))) {
                    yield "column " + e.key() + " of " + e.owner() + " renamed from " + a.field(e.key()) + " to "
                            + b.field(e.key()) + " (custom column name)";
                }
                if (admin) {
                    yield "column " + e.key() + " of " + e.owner() + " no longer exposed";
                }
                yield "column " + e.key() + " removed from the " + permission + " permission on " + e.owner();
            }
            case RELATIONSHIP -> {
                if (!a.typeName().equals(b.typeName())) {
                    yield typeRenamed(a, b);
                }
                if (b.relationships().containsKey(e.key())) {
                    yield "relationship " + e.key() + " of " + e.owner() + " hidden: no select permission on "
                            + RoleSchemas.target(b.relationships().get(e.key())).orElse("its target");
                }
                JsonNode using = a.relationships().get(e.key());
                Optional<String> renamed = b.relationships().entrySet().stream()
                        .filter(r -> !a.relationships().containsKey(r.getKey()) && r.getValue().equals(using))
                        .map(Map.Entry::getKey).findFirst();
                yield renamed.map(n -> "relationship " + e.key() + " of " + e.owner() + " renamed to " + n)
                        .orElse("relationship " + e.key() + " of " + e.owner() + " removed");
            }
            case COMPUTED_FIELD -> {
                if (!a.typeName().equals(b.typeName())) {
                    yield typeRenamed(a, b);
                }
                yield b.computedFields().contains(e.key())
                        ? "computed field " + e.key() + " removed from the select permission on " + e.owner()
                        : "computed field " + e.key() + " of " + e.owner() + " removed";
            }
            case FUNCTION_ROOT -> throw new AssertionError(e);
        };
    }

    private static String rootReason(String role, Element e, TableView a, TableView b) {
        String was = a.rootFields().get(e.key());
        String now = b.rootFields().get(e.key());
        if (!was.equals(now)) {
            return "root field " + was + " of " + e.owner() + " renamed to " + now;
        }
        TableView.Select select = b.select().get(role);
        if (e.kind() == Kind.SELECT_ROOT && select != null) {
            if (e.key().equals("select_aggregate") && !select.aggregations()) {
                return "aggregations disabled in the select permission on " + e.owner();
            }
            if (!select.exposes(e.root(), e.key())) {
                return (e.root().equals("query_root") ? "query_root_fields" : "subscription_root_fields")
                        + " of the select permission on " + e.owner() + " leave out " + e.key();
            }
        }
        return "root field " + was + " of " + e.owner() + " removed";
    }

    private static String typeRenamed(TableView a, TableView b) {
        return "type " + a.typeName() + " of " + a.key() + " renamed to " + b.typeName() + " (custom_name)";
    }

    /** When the database's columns are unknown: every column either metadata names, per table. */
    private static Map<String, List<String>> namedColumns(JsonNode from, JsonNode to) {
        Map<String, Set<String>> named = new LinkedHashMap<>();
        for (JsonNode metadata : List.of(from, to)) {
            for (JsonNode source : metadata.path("sources")) {
                for (JsonNode table : source.path("tables")) {
                    named.computeIfAbsent(TableView.key(table), k -> new LinkedHashSet<>())
                            .addAll(TableView.namedColumns(table));
                }
            }
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        named.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return out;
    }
}
