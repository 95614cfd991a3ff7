package io.quarry.engine.request;

import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.GraphQLError;
import graphql.execution.AbortExecutionException;
import graphql.execution.RawVariables;
import graphql.language.Argument;
import graphql.language.ArrayValue;
import graphql.language.AstTransformer;
import graphql.language.IntValue;
import graphql.language.Node;
import graphql.language.NodeVisitorStub;
import graphql.language.StringValue;
import graphql.language.Document;
import graphql.language.ObjectValue;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.language.OperationDefinition;
import graphql.normalized.ExecutableNormalizedField;
import graphql.normalized.ExecutableNormalizedOperation;
import graphql.normalized.ExecutableNormalizedOperationFactory;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import graphql.parser.ParserOptions;
import graphql.validation.ValidationError;
import graphql.validation.Validator;
import graphql.validation.rules.NoUnusedFragments;
import graphql.validation.rules.NoUnusedVariables;
import graphql.validation.rules.SubscriptionUniqueRootField;
import graphql.util.TraversalControl;
import graphql.util.TraverserContext;
import graphql.util.TreeTransformerUtil;
import io.quarry.engine.error.ApiError;
import io.quarry.engine.error.ErrorCode;
import io.quarry.engine.schema.RoleSchema;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prepares requests against one role's schema. Parsing and validation run once per distinct query text; the
 * parsed documents are kept in a small bounded cache that lives and dies with the schema.
 */
public final class OperationPreparer {
    private static final int CACHE_SIZE = 512;
    private static final Pattern VARIABLE = Pattern.compile("Variable '([^']+)'");
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");
    /** The longest document kept in the caches: larger ones are rare, and 512 of them would take a lot of memory. */
    static final int CACHED_DOCUMENT = 64 * 1024;
    /** The most tokens a document may have: parsing costs a few microseconds a token. */
    static final int MAX_TOKENS = 500_000;
    /**
     * graphql-java's defaults (15,000 tokens, 1 MB) refuse large documents such as a bulk insert written inline,
     * which Hasura accepts; the HTTP layer already bounds a body, and parsing stops at {@link #MAX_TOKENS}, about
     * a second and a half of one core.
     */
    private static final ParserOptions PARSER_OPTIONS = ParserOptions.getDefaultOperationParserOptions().transform(
            o -> o.maxCharacters(16 * 1024 * 1024).maxTokens(MAX_TOKENS).maxWhitespaceTokens(4 * MAX_TOKENS));

    private final RoleSchema schema;
    private final int maxFields;
    private final boolean writesElsewhere;
    private final IntrospectionAnswers introspection;
    /** Bounded, and read without a lock every request would wait on. */
    private final Map<String, Checked> documents = Caffeine.newBuilder().maximumSize(CACHE_SIZE)
            .<String, Checked>build().asMap();

    /** A preparer that refuses operations selecting more than {@code maxFields} fields, fragments expanded. */
    public OperationPreparer(RoleSchema schema, int maxFields) {
        this(schema, maxFields, false);
    }

    /**
     * A preparer for a schema of a role that writes elsewhere ({@code writesElsewhere}): its backend-only schema
     * may have no mutation left, yet the role has mutations, so Hasura names the missing field instead of saying
     * that no mutations exist.
     */
    public OperationPreparer(RoleSchema schema, int maxFields, boolean writesElsewhere) {
        this.writesElsewhere = writesElsewhere;
        if (maxFields < 1) {
            throw new IllegalArgumentException("maxFields must be positive, not " + maxFields);
        }
        this.schema = schema;
        this.maxFields = maxFields;
        this.introspection = new IntrospectionAnswers(schema);
    }

    public RoleSchema schema() {
        return schema;
    }

    /**
     * A parsed document with what its operations' checks found (by operation name, {@code ""} for an anonymous
     * one), and graphql-java's first validation error when those checks found nothing.
     */
    private record Checked(Document document, Map<String, OperationCheck> checks, Map<String, VariableShape> shapes,
            ApiError validationError, String onlyOperation) {
        /** The name under which the request's operation is checked, after checking the name against the document. */
        String checkedName(GraphQLRequest request) {
            if (onlyOperation != null && request.operationName().isEmpty()) {
                return onlyOperation;
            }
            String name = operation(document, request.operationName().orElse(null));
            return name == null ? first(document) : name;
        }
    }

    /** Whether an introspection-only query was answered before, so answering it again is no work. */
    public boolean answered(GraphQLRequest request) {
        return introspection.answered(request);
    }

    public Prepared prepare(GraphQLRequest request) {
        Checked checked = checked(request);
        Document document = checked.document();
        String operationName = operation(document, request.operationName().orElse(null));
        ExecutableNormalizedOperation operation;
        try {
            // The document is already bounded; graphql-java's own count is a second fence.
            operation = ExecutableNormalizedOperationFactory.createExecutableNormalizedOperationWithRawVariables(
                    schema.schema(), document, operationName, RawVariables.of(request.variables()),
                    ExecutableNormalizedOperationFactory.Options.defaultOptions().maxFieldsCount(maxFields));
        } catch (AbortExecutionException e) {
            throw ApiError.validation("$", "the operation selects more than " + maxFields
                    + " fields once its fragments are expanded");
        } catch (RuntimeException e) {
            if (e instanceof GraphQLError error) {
                throw variableError(error.getMessage());
            }
            throw e;
        }
        List<FieldNode> roots = new ArrayList<>();
        boolean introspects = false;
        for (ExecutableNormalizedField field : operation.getTopLevelFields()) {
            introspects |= IntrospectionAnswers.ROOTS.contains(field.getName());
            roots.add(node(field, "$", request.variables()));
        }
        if (operation.getOperation() == OperationDefinition.Operation.MUTATION) {
            return new Prepared.Mutation(roots);
        }
        if (operation.getOperation() == OperationDefinition.Operation.SUBSCRIPTION) {
            return new Prepared.Subscription(roots);
        }
        // A query of nothing but __typename is answered from the schema: it need not reach the database.
        if (introspects || roots.stream().allMatch(r -> "__typename".equals(r.name()))) {
            return introspection.answer(request, roots);
        }
        return new Prepared.Query(roots);
    }

    private Checked checked(GraphQLRequest request) {
        Checked checked = document(request.query());
        checked.checks().get(checked.checkedName(request)).checkVariables(request.variables());
        if (checked.validationError() != null) {
            throw checked.validationError();
        }
        return checked;
    }

    /**
     * Whether the request's operation is a subscription, once its document, operation name and variables are
     * checked as {@link #prepare} checks them first (throwing the first error).
     */
    public boolean subscribes(GraphQLRequest request) {
        Checked checked = checked(request);
        String name = operation(checked.document(), request.operationName().orElse(null));
        return definition(checked.document(), name).getOperation() == OperationDefinition.Operation.SUBSCRIPTION;
    }

    /**
     * Which of the request's variables shape its statement, once its document, operation name and variable values
     * are checked as {@link #prepare} checks them first (throwing the first error).
     */
    public VariableShape checkedShape(GraphQLRequest request) {
        Checked checked = checked(request);
        return checked.shapes().get(checked.checkedName(request));
    }

    /**
     * What API limits measure of the request's operation (see {@link OperationShape}); the document is parsed,
     * bounded and checked as {@link #prepare} would, and shares its cache. Its fragments must be sound (defined,
     * without cycles) to be measured.
     */
    public OperationShape shape(GraphQLRequest request) {
        Checked checked = document(request.query());
        Document document = checked.document();
        String name = operation(document, request.operationName().orElse(null));
        ApiError fragments = checked.checks().get(name == null ? first(document) : name).fragmentError();
        if (fragments != null) {
            throw fragments;
        }
        return OperationShape.of(document, definition(document, name));
    }

    private Checked document(String query) {
        Checked cached = documents.get(query);
        if (cached != null) {
            return cached;
        }
        Document document;
        try {
            document = integerOffsets(parse(query));
        } catch (graphql.parser.exceptions.ParseCancelledException e) {
            throw new ApiError(ErrorCode.VALIDATION_FAILED, "$.query",
                    "the document is too large: it has more than " + MAX_TOKENS + " tokens");
        } catch (InvalidSyntaxException e) {
            throw new ApiError(ErrorCode.PARSE_FAILED, "$.query", "not a valid graphql query");
        }
        for (OperationDefinition op : document.getDefinitionsOfType(OperationDefinition.class)) {
            if (op.getOperation() == OperationDefinition.Operation.MUTATION && schema.schema().getMutationType() == null) {
                String first = op.getSelectionSet().getSelections().stream()
                        .filter(graphql.language.Field.class::isInstance).map(f -> ((graphql.language.Field) f).getName())
                        .findFirst().orElse(null);
                if (writesElsewhere && first != null) {
                    throw ApiError.validation("$.selectionSet." + first,
                            "field \"" + first + "\" not found in type: 'mutation_root'");
                }
                throw ApiError.validation("$", "no mutations exist");
            }
            if (op.getOperation() == OperationDefinition.Operation.SUBSCRIPTION
                    && schema.schema().getSubscriptionType() == null) {
                throw ApiError.validation("$", "no subscriptions exist");
            }
        }
        DocumentBounds.check(document, maxFields);
        Map<String, OperationCheck> checks = new LinkedHashMap<>();
        for (OperationDefinition op : document.getDefinitionsOfType(OperationDefinition.class)) {
            checks.putIfAbsent(op.getName() == null ? "" : op.getName(), OperationCheck.of(schema.schema(), document, op));
        }
        ApiError validationError = null;
        if (checks.values().stream().allMatch(OperationCheck::clean)) {
            // What Hasura's own checks leave to graphql-java (fragments on unknown types, duplicate names, ...).
            // Hasura accepts variables and fragments a document declares and never uses, and live queries of
            // several root fields.
            List<ValidationError> errors = new Validator().validateDocument(schema.schema(), document,
                    rule -> rule != NoUnusedVariables.class && rule != NoUnusedFragments.class
                            && rule != SubscriptionUniqueRootField.class, Locale.ENGLISH);
            validationError = errors.isEmpty() ? null : ValidationErrors.toApiError(errors.get(0));
        }
        Map<String, VariableShape> shapes = new LinkedHashMap<>();
        checks.forEach((name, check) -> shapes.put(name, VariableShape.of(check)));
        // Most documents hold one operation, asked for without a name: found without searching the document.
        String only = checks.size() == 1 && document.getDefinitionsOfType(OperationDefinition.class).size() == 1
                ? checks.keySet().iterator().next() : null;
        Checked checked = new Checked(document, checks, shapes, validationError, only);
        if (query.length() <= CACHED_DOCUMENT) {
            documents.put(query, checked);
        }
        return checked;
    }

    /** The operation named {@code name} (already checked against the document), or its only one when null. */
    private static OperationDefinition definition(Document document, String name) {
        return document.getDefinitionsOfType(OperationDefinition.class).stream()
                .filter(op -> name == null || name.equals(op.getName())).findFirst().orElseThrow();
    }

    /** The name under which the document's only operation is checked. */
    private static String first(Document document) {
        String name = document.getDefinitionsOfType(OperationDefinition.class).get(0).getName();
        return name == null ? "" : name;
    }

    private static Document parse(String query) {
        return Parser.parse(ParserEnvironment.newParserEnvironment().document(query).parserOptions(PARSER_OPTIONS)
                .build());
    }

    /**
     * Hasura reads {@code offset} as a 64-bit integer that may also be written as a string ({@code offset: "20"}),
     * though the schema calls it {@code Int}: such strings become integer literals before validation.
     */
    private static Document integerOffsets(Document document) {
        NodeVisitorStub visitor = new NodeVisitorStub() {
            @Override
            public TraversalControl visitArgument(Argument node, TraverserContext<Node> context) {
                if (node.getName().equals("offset") && node.getValue() instanceof StringValue s
                        && INTEGER.matcher(s.getValue()).matches()) {
                    return TreeTransformerUtil.changeNode(context,
                            node.transform(b -> b.value(new IntValue(new BigInteger(s.getValue())))));
                }
                return TraversalControl.CONTINUE;
            }
        };
        return (Document) new AstTransformer().transform(document, visitor);
    }

    /** Checks the operation name against the document, in Hasura's words. */
    private static String operation(Document document, String name) {
        List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
        if (name == null) {
            if (operations.size() != 1) {
                throw ApiError.validation("$", "exactly one operation has to be present in the document when "
                        + "operationName is not specified");
            }
            return null;
        }
        if (operations.stream().noneMatch(op -> name.equals(op.getName()))) {
            throw ApiError.validation("$", "no such operation found in the document: \"" + name + "\"");
        }
        return name;
    }

    private static ApiError variableError(String message) {
        Matcher m = VARIABLE.matcher(message == null ? "" : message);
        String name = m.find() ? m.group(1) : null;
        if (name != null && message.contains("coerced Null value for NonNull type")) {
            return ApiError.validation("$", "expecting a value for non-nullable variable: \"" + name + "\"");
        }
        return ApiError.validation(name == null ? "$" : "$.variableValues." + name, message);
    }

    private static FieldNode node(ExecutableNormalizedField field, String parentPath, Map<String, Object> variables) {
        String path = parentPath + ".selectionSet." + field.getResultKey();
        List<FieldNode> children = new ArrayList<>(field.getChildren().size());
        for (ExecutableNormalizedField child : field.getChildren()) {
            children.add(node(child, path, variables));
        }
        Map<String, Object> arguments = new LinkedHashMap<>();
        Map<String, Value<?>> written = new LinkedHashMap<>();
        field.getAstArguments().forEach(a -> written.putIfAbsent(a.getName(), a.getValue()));
        field.getResolvedArguments().forEach((name, value) ->
                arguments.put(name, inQueryOrder(value, template(written.get(name), variables))));
        return new FieldNode(field.getResultKey(), field.getName(), field.getSingleObjectTypeName(), arguments,
                children, path);
    }

    /** The shape of an argument as the request wrote it: maps and lists in written order. */
    private static Object template(Value<?> value, Map<String, Object> variables) {
        if (value instanceof VariableReference v) {
            return variables.get(v.getName());
        }
        if (value instanceof ObjectValue o) {
            Map<String, Object> out = new LinkedHashMap<>();
            o.getObjectFields().forEach(f -> out.put(f.getName(), template(f.getValue(), variables)));
            return out;
        }
        if (value instanceof ArrayValue a) {
            return a.getValues().stream().map(v -> template(v, variables)).toList();
        }
        return null;
    }

    /**
     * Coerced input objects list their keys in schema order, but order matters to Hasura
     * ({@code order_by: {name: desc, id: asc}} sorts by name first): restore the order the request wrote them in.
     */
    private static Object inQueryOrder(Object coerced, Object written) {
        if (coerced instanceof Map<?, ?> map && written instanceof Map<?, ?> order) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Object key : order.keySet()) {
                if (map.containsKey(key)) {
                    out.put(key, inQueryOrder(map.get(key), order.get(key)));
                }
            }
            map.forEach(out::putIfAbsent);
            return out;
        }
        if (coerced instanceof List<?> list) {
            // A single value written where a list is expected is coerced to a list of one.
            List<?> order = written instanceof List<?> l ? l : List.of(written == null ? List.of() : written);
            List<Object> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                out.add(inQueryOrder(list.get(i), i < order.size() ? order.get(i) : null));
            }
            return out;
        }
        return coerced;
    }
}
