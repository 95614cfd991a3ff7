package io.quarry.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarry.engine.introspect.Catalog;
import io.quarry.engine.introspect.PgFunction;
import io.quarry.engine.introspect.PgName;
import io.quarry.metadata.ComputedField;
import io.quarry.metadata.MetadataJson;
import io.quarry.metadata.QualifiedTable;
import io.quarry.metadata.Source;
import io.quarry.metadata.TableEntry;
import io.quarry.metadata.TrackedFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Resolves tracked functions and computed fields against the catalog's functions, Hasura's rules applied. */
final class FunctionResolver {
    private final Catalog catalog;
    private final List<Inconsistency> inconsistencies;

    FunctionResolver(Catalog catalog, List<Inconsistency> inconsistencies) {
        this.catalog = catalog;
        this.inconsistencies = inconsistencies;
    }

    /** The tracked functions of a source that return rows of a tracked table, as queries or mutations. */
    List<FunctionInfo> functions(Source source, Set<QualifiedTable> tables) {
        List<FunctionInfo> out = new ArrayList<>();
        for (TrackedFunction entry : source.functions()) {
            QualifiedTable name = entry.function();
            Optional<TrackedFunction.Configuration> config = entry.configuration();
            String problem = null;
            Optional<PgFunction> function = single(name);
            Optional<Integer> sessionArgument = Optional.empty();
            if (function.isEmpty()) {
                problem = catalog.functions(pgName(name)).isEmpty()
                        ? "no such function exists: \"" + name + "\""
                        : "function \"" + name + "\" is overloaded, which is not supported";
            } else if (!function.get().returnsSet() || function.get().returnRelation().isEmpty()) {
                problem = "the function \"" + name + "\" must return SETOF a tracked table";
            } else if (!tables.contains(table(function.get().returnRelation().get()))) {
                problem = "the function \"" + name + "\" returns rows of an untracked table";
            } else {
                problem = FunctionConfiguration.problem(config, function.get()).map(p -> "the function \"" + name
                        + "\" cannot be tracked because " + p).orElse(null);
                Optional<String> session = config.flatMap(TrackedFunction.Configuration::sessionArgument);
                if (problem == null && session.isPresent()) {
                    sessionArgument = Optional.of(argument(function.get(), session.get(), -1));
                }
            }
            if (problem != null) {
                report("function", "function " + name + " in source " + source.name(), problem,
                        MetadataJson.writeTable(name));
                continue;
            }
            PgFunction f = function.get();
            String exposedAs = config.flatMap(TrackedFunction.Configuration::exposedAs)
                    .orElse(f.volatility() == 'v' ? "mutation" : "query");
            String given = GraphqlNames.typeName(name);
            Optional<String> customName = config.flatMap(TrackedFunction.Configuration::customName);
            Optional<TrackedFunction.RootFields> rootFields =
                    config.flatMap(TrackedFunction.Configuration::customRootFields);
            String root = rootFields.flatMap(TrackedFunction.RootFields::function).or(() -> customName).orElse(given);
            String aggregate = rootFields.flatMap(TrackedFunction.RootFields::functionAggregate)
                    .orElse(customName.orElse(given) + "_aggregate");
            Set<String> roles = new java.util.TreeSet<>(entry.permissions());
            out.add(new FunctionInfo(name, f, root, aggregate, customName.orElse(given) + "_args",
                    table(f.returnRelation().get()), argumentNames(f, -1, sessionArgument.orElse(null)),
                    sessionArgument, "mutation".equals(exposedAs), roles));
        }
        return out;
    }

    /** The computed fields of a table entry; {@code tables} are the tracked tables. */
    List<ComputedFieldInfo> computedFields(Source source, TableEntry entry, Set<QualifiedTable> tables,
            Set<String> taken) {
        List<ComputedFieldInfo> out = new ArrayList<>();
        for (ComputedField field : entry.computedFields()) {
            String name = field.name();
            ComputedField.Definition definition = field.definition();
            QualifiedTable functionName = definition.function();
            Optional<PgFunction> function = single(functionName);
            String problem = null;
            int tableArgument = -1;
            Optional<Integer> sessionArgument = Optional.empty();
            if (!GraphqlNames.isValid(name) || !taken.add(name)) {
                problem = "field with name \"" + name + "\" already exists in table \"" + entry.table() + "\"";
            } else if (function.isEmpty()) {
                problem = "no such function exists (or it is overloaded): \"" + functionName + "\"";
            } else {
                PgFunction f = function.get();
                tableArgument = argument(f, definition.tableArgument().orElse(null), 0);
                if (definition.sessionArgument().isPresent()) {
                    int index = argument(f, definition.sessionArgument().get(), -1);
                    sessionArgument = index < 0 ? Optional.empty() : Optional.of(index);
                    if (index < 0) {
                        problem = "the session argument \"" + definition.sessionArgument().get()
                                + "\" is not an argument of \"" + functionName + "\"";
                    }
                }
                if (problem == null && (tableArgument < 0 || !isRowOf(f.arguments().get(tableArgument).type().name(),
                        entry.table()))) {
                    problem = "the function \"" + functionName + "\" does not take a row of \"" + entry.table() + "\"";
                } else if (problem == null && f.returnsSet() && (f.returnRelation().isEmpty()
                        || !tables.contains(table(f.returnRelation().get())))) {
                    problem = "the function \"" + functionName + "\" must return a scalar or SETOF a tracked table";
                } else if (problem == null && !f.returnsSet() && f.returnType().kind() == 'c') {
                    problem = "the function \"" + functionName + "\" returns a row, which is not supported";
                }
            }
            if (problem != null) {
                ObjectNode def = JsonNodeFactory.instance.objectNode().put("name", name);
                def.set("definition", MetadataJson.writeComputedFieldDefinition(definition));
                def.set("table", MetadataJson.writeTable(entry.table()));
                report("computed_field", "computed_field " + name + " of table " + entry.table() + " in source "
                        + source.name(), problem, def);
                continue;
            }
            PgFunction f = function.get();
            Optional<QualifiedTable> returns = f.returnsSet() ? f.returnRelation().map(FunctionResolver::table)
                    : Optional.empty();
            out.add(new ComputedFieldInfo(name, f, tableArgument, sessionArgument, returns,
                    argumentNames(f, tableArgument, sessionArgument.orElse(null))));
        }
        return out;
    }

    /** GraphQL names of a function's arguments, null for the row and session ones: named, or {@code arg_N}. */
    private static List<String> argumentNames(PgFunction f, int tableArgument, Integer sessionArgument) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < f.arguments().size(); i++) {
            boolean hidden = i == tableArgument || (sessionArgument != null && i == sessionArgument);
            names.add(hidden ? null : f.arguments().get(i).name().orElse("arg_" + (i + 1)));
        }
        return names;
    }

    /** The index of the argument called {@code name}, or {@code fallback} when no name is given. */
    private static int argument(PgFunction f, String name, int fallback) {
        if (name == null) {
            return f.arguments().isEmpty() ? -1 : fallback;
        }
        for (int i = 0; i < f.arguments().size(); i++) {
            if (f.arguments().get(i).name().map(name::equals).orElse(false)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isRowOf(PgName type, QualifiedTable table) {
        return type.schema().equals(table.schema()) && type.name().equals(table.name());
    }

    private Optional<PgFunction> single(QualifiedTable name) {
        List<PgFunction> overloads = catalog.functions(pgName(name));
        return overloads.size() == 1 ? Optional.of(overloads.get(0)) : Optional.empty();
    }

    private void report(String type, String name, String problem, JsonNode definition) {
        inconsistencies.add(new Inconsistency(type, name, "Inconsistent object: " + problem, definition));
    }

    private static PgName pgName(QualifiedTable name) {
        return new PgName(name.schema(), name.name());
    }

    private static QualifiedTable table(PgName name) {
        return new QualifiedTable(name.schema(), name.name());
    }

}
