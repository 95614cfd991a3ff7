package io.quarry.engine.request;

import graphql.language.Argument;
import graphql.language.AstPrinter;
import graphql.language.BooleanValue;
import graphql.language.Directive;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.Node;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.TypeName;
import graphql.language.VariableDefinition;
import graphql.language.VariableReference;
import graphql.introspection.Introspection.DirectiveLocation;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLDirective;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import io.quarry.engine.error.ApiError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An operation checked against a role's schema in Hasura's order and words (see the package's notes): fragments
 * are inlined first, then variables are resolved, then the selection is parsed field by field. What depends only
 * on the document is found once, when the document is first seen; what depends on the variables' values is
 * checked by {@link #checkVariables} for each request.
 *
 * @param fragmentError the first fragment error (an undefined fragment, a cycle), or null
 * @param parseError the first error of the selection, or null
 * @param usages the variables met before {@code parseError}, in document order, with where they are used
 * @param referenced every variable the operation refers to
 * @param definitions the operation's variable definitions
 * @param declared each variable's declared type (an unknown type by its name alone)
 */
record OperationCheck(ApiError fragmentError, ApiError parseError, List<InputCheck.Usage> usages,
        Set<String> referenced, List<VariableDefinition> definitions, Map<String, GraphQLType> declared) {

    OperationCheck {
        usages = List.copyOf(usages);
        referenced = Set.copyOf(referenced);
        definitions = List.copyOf(definitions);
        declared = Map.copyOf(declared);
    }

    boolean clean() {
        return fragmentError == null && parseError == null;
    }

    /** Checks one operation of a document. */
    static OperationCheck of(GraphQLSchema schema, Document document, OperationDefinition operation) {
        Map<String, FragmentDefinition> fragments = new LinkedHashMap<>();
        document.getDefinitionsOfType(FragmentDefinition.class).forEach(f -> fragments.putIfAbsent(f.getName(), f));
        Map<String, GraphQLType> declared = new LinkedHashMap<>();
        for (VariableDefinition v : operation.getVariableDefinitions()) {
            declared.putIfAbsent(v.getName(), toType(schema, v.getType()));
        }
        Walker walker = new Walker(schema, fragments, declared);
        ApiError fragmentError = null;
        try {
            walker.inline(operation.getSelectionSet(), "$", new ArrayList<>());
        } catch (ApiError e) {
            fragmentError = e;
        }
        ApiError parseError = null;
        if (fragmentError == null) {
            GraphQLObjectType root = switch (operation.getOperation()) {
                case MUTATION -> schema.getMutationType();
                case SUBSCRIPTION -> schema.getSubscriptionType();
                default -> schema.getQueryType();
            };
            try {
                walker.directives(operation.getDirectives(), DirectiveLocation.valueOf(operation.getOperation().name()),
                        "$");
                if (root != null) {
                    walker.selectionSet(operation.getSelectionSet().getSelections(), root, "$");
                }
            } catch (ApiError e) {
                parseError = e;
            }
        }
        return new OperationCheck(fragmentError, parseError, walker.usages, walker.referenced,
                operation.getVariableDefinitions(), declared);
    }

    /**
     * Resolves the variables as Hasura does, then checks each value where it is used, then reports the
     * selection's first error, if any.
     */
    void checkVariables(Map<String, Object> values) {
        if (fragmentError != null) {
            throw fragmentError;
        }
        for (VariableDefinition v : definitions) {
            boolean nonNull = v.getType() instanceof graphql.language.NonNullType;
            if (values.containsKey(v.getName())) {
                if (nonNull && values.get(v.getName()) == null) {
                    throw ApiError.validation("$", "null value found for non-nullable type: \""
                            + AstPrinter.printAst(v.getType()) + "\"");
                }
            } else if (nonNull && v.getDefaultValue() == null) {
                throw ApiError.validation("$", "expecting a value for non-nullable variable: \"" + v.getName() + "\"");
            }
        }
        for (String name : referenced) {
            if (!declared.containsKey(name)) {
                throw ApiError.validation("$", "unbound variable \"" + name + "\"");
            }
        }
        List<String> unexpected = values.keySet().stream().filter(k -> !referenced.contains(k)).toList();
        if (!unexpected.isEmpty()) {
            throw ApiError.validation("$", "unexpected variables in variableValues: " + String.join(", ", unexpected));
        }
        for (InputCheck.Usage usage : usages) {
            if (values.containsKey(usage.variable())) {
                InputCheck.json(values.get(usage.variable()), usage.type(), usage.kind(), usage.path(),
                        usage.variable());
            }
        }
        if (parseError != null) {
            throw parseError;
        }
    }

    private static GraphQLType toType(GraphQLSchema schema, graphql.language.Type<?> type) {
        if (type instanceof graphql.language.NonNullType n) {
            return graphql.schema.GraphQLNonNull.nonNull(toType(schema, n.getType()));
        }
        if (type instanceof graphql.language.ListType l) {
            return graphql.schema.GraphQLList.list(toType(schema, l.getType()));
        }
        String name = ((TypeName) type).getName();
        GraphQLType named = schema.getType(name);
        // A type that is no input type (or none at all) is kept by name: no location accepts it.
        return GraphQLTypeUtil.isInput(named) ? named : graphql.schema.GraphQLTypeReference.typeRef(name);
    }

    /** Walks one operation, collecting the variables it meets; throws its first error. */
    private static final class Walker {
        private final GraphQLSchema schema;
        private final Map<String, FragmentDefinition> fragments;
        private final Map<String, GraphQLType> declared;
        private final List<InputCheck.Usage> usages = new ArrayList<>();
        private final Set<String> referenced = new LinkedHashSet<>();

        Walker(GraphQLSchema schema, Map<String, FragmentDefinition> fragments, Map<String, GraphQLType> declared) {
            this.schema = schema;
            this.fragments = fragments;
            this.declared = declared;
        }

        /** Hasura's fragment inlining: every spread names a fragment, and no fragment spreads itself. */
        void inline(SelectionSet set, String path, List<String> stack) {
            if (set == null) {
                return;
            }
            for (Selection<?> selection : set.getSelections()) {
                variables(selection);
                if (selection instanceof Field f) {
                    inline(f.getSelectionSet(), path + ".selectionSet." + f.getName(), stack);
                } else if (selection instanceof InlineFragment i) {
                    inline(i.getSelectionSet(), path, stack);
                } else if (selection instanceof FragmentSpread s) {
                    String at = path + ".selectionSet";
                    int seen = stack.indexOf(s.getName());
                    if (seen >= 0) {
                        List<String> via = new ArrayList<>(stack.subList(seen + 1, stack.size()));
                        via.add(s.getName());
                        throw ApiError.validation(at, "cannot spread fragment \"" + s.getName()
                                + "\" within itself via " + String.join(",", via));
                    }
                    FragmentDefinition definition = fragments.get(s.getName());
                    if (definition == null) {
                        throw ApiError.validation(at, "reference to undefined fragment \"" + s.getName() + "\"");
                    }
                    variables(definition);
                    stack.add(s.getName());
                    inline(definition.getSelectionSet(), at + "." + s.getName(), stack);
                    stack.remove(stack.size() - 1);
                }
            }
        }

        /** Records the variables a node refers to, outside nested selection sets. */
        private void variables(Node<?> node) {
            for (Node<?> child : node.getChildren()) {
                if (child instanceof VariableReference v) {
                    referenced.add(v.getName());
                } else if (!(child instanceof SelectionSet)) {
                    variables(child);
                }
            }
        }

        /** Hasura's selection set parser: fields merged by response key, then each field parsed in order. */
        void selectionSet(List<Selection> selections, GraphQLObjectType type, String parent) {
            String path = parent + ".selectionSet";
            Map<String, List<Field>> byKey = new LinkedHashMap<>();
            flatten(selections, type, byKey, path);
            for (Map.Entry<String, List<Field>> entry : byKey.entrySet()) {
                Field first = entry.getValue().get(0);
                for (Field other : entry.getValue()) {
                    if (!other.getName().equals(first.getName())) {
                        throw ApiError.validation(path, "selection of both \"" + first.getName() + "\" and \""
                                + other.getName() + "\" specify the same response name, \"" + entry.getKey() + "\"");
                    }
                    if (!sameArguments(first.getArguments(), other.getArguments())) {
                        throw ApiError.validation(path, "inconsistent arguments between multiple selections of "
                                + "field \"" + first.getName() + "\"");
                    }
                }
            }
            for (List<Field> merged : byKey.values()) {
                field(merged, type, path);
            }
        }

        private void field(List<Field> merged, GraphQLObjectType type, String path) {
            Field field = merged.get(0);
            String name = field.getName();
            if (name.equals("__typename")) {
                return;
            }
            String at = path + "." + name;
            GraphQLFieldDefinition definition = type.getFieldDefinition(name);
            if (type == schema.getQueryType() && name.equals("__schema")) {
                definition = graphql.introspection.Introspection.SchemaMetaFieldDef;
            } else if (type == schema.getQueryType() && name.equals("__type")) {
                definition = graphql.introspection.Introspection.TypeMetaFieldDef;
            }
            if (definition == null) {
                throw ApiError.validation(at, "field \"" + name + "\" not found in type: '" + type.getName() + "'");
            }
            arguments(field.getArguments(), definition.getArguments(), at, name);
            GraphQLType result = GraphQLTypeUtil.unwrapAll(definition.getType());
            List<Selection> children = new ArrayList<>();
            merged.forEach(f -> {
                if (f.getSelectionSet() != null) {
                    children.addAll(f.getSelectionSet().getSelections());
                }
            });
            if (result instanceof GraphQLObjectType object) {
                if (children.isEmpty()) {
                    throw ApiError.validation(at + ".selectionSet", "missing selection set for '"
                            + object.getName() + "'");
                }
                selectionSet(children, object, at);
            } else if (!(result instanceof GraphQLFieldsContainer) && !children.isEmpty()) {
                throw ApiError.validation(at, "unexpected subselection set for non-object field");
            }
        }

        private static InputCheck.IntKind intKind(GraphQLArgument argument) {
            if (!"Int".equals(((graphql.schema.GraphQLNamedType) GraphQLTypeUtil.unwrapAll(argument.getType()))
                    .getName())) {
                return InputCheck.IntKind.INT;
            }
            return switch (argument.getName()) {
                case "limit" -> InputCheck.IntKind.NON_NEGATIVE;
                case "offset" -> InputCheck.IntKind.BIG;
                default -> InputCheck.IntKind.INT;
            };
        }

        /** Fields of a selection set with fragments that apply to {@code type} flattened, by response key. */
        private void flatten(List<Selection> selections, GraphQLObjectType type, Map<String, List<Field>> byKey,
                String path) {
            for (Selection<?> selection : selections) {
                if (selection instanceof Field f) {
                    if (included(directives(f.getDirectives(), DirectiveLocation.FIELD, path))) {
                        byKey.computeIfAbsent(f.getResultKey(), k -> new ArrayList<>()).add(f);
                    }
                } else if (selection instanceof InlineFragment i) {
                    if (included(directives(i.getDirectives(), DirectiveLocation.INLINE_FRAGMENT, path))
                            && applies(i.getTypeCondition(), type)) {
                        flatten(i.getSelectionSet().getSelections(), type, byKey, path);
                    }
                } else if (selection instanceof FragmentSpread s) {
                    FragmentDefinition definition = fragments.get(s.getName());
                    if (included(directives(s.getDirectives(), DirectiveLocation.FRAGMENT_SPREAD, path))
                            && applies(definition.getTypeCondition(), type)) {
                        flatten(definition.getSelectionSet().getSelections(), type, byKey, path);
                    }
                }
            }
        }

        /**
         * Hasura's directive checks: each is known ({@code @cached} too), allowed where it is, given once, with
         * its arguments as its definition says.
         */
        List<Directive> directives(List<Directive> given, DirectiveLocation location, String path) {
            List<String> seen = new ArrayList<>();
            Set<String> repeated = new LinkedHashSet<>();
            for (Directive d : given) {
                String name = d.getName();
                GraphQLDirective definition = schema.getDirective(name);
                if (definition == null && !name.equals("cached")) {
                    throw ApiError.validation(path, "directive \"" + name + "\" is not defined in the schema");
                }
                boolean allowed = definition == null ? location == DirectiveLocation.QUERY
                        : definition.validLocations().contains(location);
                if (!allowed) {
                    throw ApiError.validation(path, "directive \"" + name + "\" is not allowed on " + switch (location) {
                        case QUERY -> "a query";
                        case MUTATION -> "a mutation";
                        case SUBSCRIPTION -> "a subscription";
                        case FIELD -> "a field";
                        case FRAGMENT_SPREAD -> "a fragment spread";
                        case INLINE_FRAGMENT -> "an inline fragment";
                        default -> location.name().toLowerCase(java.util.Locale.ROOT);
                    });
                }
                if (seen.contains(name)) {
                    repeated.add("\"" + name + "\"");
                }
                seen.add(name);
                if (definition != null) {
                    arguments(d.getArguments(), definition.getArguments(), path + "." + name, name);
                }
            }
            if (!repeated.isEmpty()) {
                throw ApiError.validation(path, "the following directives are used more than once: " + repeated);
            }
            return given;
        }

        /** Checks the arguments given against those defined: none unknown, the required ones there, each valid. */
        private void arguments(List<Argument> arguments, List<GraphQLArgument> defined, String at, String owner) {
            Map<String, Argument> given = new LinkedHashMap<>();
            arguments.forEach(a -> given.putIfAbsent(a.getName(), a));
            for (String argument : given.keySet()) {
                if (defined.stream().noneMatch(a -> a.getName().equals(argument))) {
                    throw ApiError.validation(at, "\"" + owner + "\" has no argument named \"" + argument + "\"");
                }
            }
            for (GraphQLArgument argument : defined) {
                String argPath = at + ".args." + argument.getName();
                Argument value = given.get(argument.getName());
                if (value == null) {
                    if (GraphQLTypeUtil.isNonNull(argument.getType()) && !argument.hasSetDefaultValue()) {
                        throw ApiError.validation(argPath, "missing required field \"" + argument.getName() + "\"");
                    }
                    continue;
                }
                InputCheck.literal(value.getValue(), argument.getType(), intKind(argument), argPath, declared,
                        usages::add);
            }
        }

        private static boolean applies(TypeName condition, GraphQLObjectType type) {
            return condition == null || condition.getName().equals(type.getName());
        }

        /** {@code @skip} and {@code @include} with a literal condition; one given by a variable counts as included. */
        private static boolean included(List<Directive> directives) {
            for (Directive d : directives) {
                Argument condition = d.getArgument("if");
                if (condition != null && condition.getValue() instanceof BooleanValue b) {
                    if (d.getName().equals("skip") && b.isValue() || d.getName().equals("include") && !b.isValue()) {
                        return false;
                    }
                }
            }
            return true;
        }

        private static boolean sameArguments(List<Argument> a, List<Argument> b) {
            if (a.size() != b.size()) {
                return false;
            }
            Map<String, String> left = new LinkedHashMap<>();
            a.forEach(x -> left.put(x.getName(), AstPrinter.printAstCompact(x.getValue())));
            for (Argument x : b) {
                if (!AstPrinter.printAstCompact(x.getValue()).equals(left.get(x.getName()))) {
                    return false;
                }
            }
            return true;
        }
    }
}
