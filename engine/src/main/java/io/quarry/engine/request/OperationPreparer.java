package io.quarry.engine.request;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.execution.RawVariables;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.normalized.ExecutableNormalizedField;
import graphql.normalized.ExecutableNormalizedOperation;
import graphql.normalized.ExecutableNormalizedOperationFactory;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.validation.ValidationError;
import graphql.validation.Validator;
import io.quarry.engine.error.ApiError;
import io.quarry.engine.error.ErrorCode;
import io.quarry.engine.schema.RoleSchema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prepares requests against one role's schema. Parsing and validation run once per distinct query text; the
 * parsed documents are kept in a small LRU cache that lives and dies with the schema.
 */
public final class OperationPreparer {
    private static final int CACHE_SIZE = 512;
    private static final Set<String> INTROSPECTION = Set.of("__schema", "__type");
    private static final Pattern VARIABLE = Pattern.compile("Variable '([^']+)'");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RoleSchema schema;
    private final GraphQL introspection;
    private final Map<String, Document> documents = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Document> eldest) {
                    return size() > CACHE_SIZE;
                }
            });

    public OperationPreparer(RoleSchema schema) {
        this.schema = schema;
        this.introspection = GraphQL.newGraphQL(schema.schema()).build();
    }

    public RoleSchema schema() {
        return schema;
    }

    public Prepared prepare(GraphQLRequest request) {
        Document document = document(request.query());
        String operationName = operation(document, request.operationName().orElse(null));
        ExecutableNormalizedOperation operation;
        try {
            operation = ExecutableNormalizedOperationFactory.createExecutableNormalizedOperationWithRawVariables(
                    schema.schema(), document, operationName, RawVariables.of(request.variables()));
        } catch (RuntimeException e) {
            if (e instanceof GraphQLError error) {
                throw variableError(error.getMessage());
            }
            throw e;
        }
        List<FieldNode> roots = new ArrayList<>();
        boolean introspects = false;
        for (ExecutableNormalizedField field : operation.getTopLevelFields()) {
            introspects |= INTROSPECTION.contains(field.getName());
            roots.add(node(field, "$"));
        }
        if (introspects) {
            return introspect(request, roots);
        }
        return new Prepared.Query(roots);
    }

    private Document document(String query) {
        Document cached = documents.get(query);
        if (cached != null) {
            return cached;
        }
        Document document;
        try {
            document = Parser.parse(query);
        } catch (InvalidSyntaxException e) {
            throw new ApiError(ErrorCode.PARSE_FAILED, "$.query", "not a valid graphql query");
        }
        for (OperationDefinition op : document.getDefinitionsOfType(OperationDefinition.class)) {
            if (op.getOperation() == OperationDefinition.Operation.MUTATION) {
                throw ApiError.validation("$", "no mutations exist");
            }
            if (op.getOperation() == OperationDefinition.Operation.SUBSCRIPTION) {
                throw ApiError.validation("$", "no subscriptions exist");
            }
        }
        List<ValidationError> errors = new Validator().validateDocument(schema.schema(), document, Locale.ENGLISH);
        if (!errors.isEmpty()) {
            throw ValidationErrors.toApiError(errors.get(0));
        }
        documents.put(query, document);
        return document;
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

    private static FieldNode node(ExecutableNormalizedField field, String parentPath) {
        String path = parentPath + ".selectionSet." + field.getResultKey();
        List<FieldNode> children = new ArrayList<>(field.getChildren().size());
        for (ExecutableNormalizedField child : field.getChildren()) {
            children.add(node(child, path));
        }
        return new FieldNode(field.getResultKey(), field.getName(), field.getSingleObjectTypeName(),
                field.getResolvedArguments(), children, path);
    }

    private Prepared introspect(GraphQLRequest request, List<FieldNode> roots) {
        for (FieldNode root : roots) {
            if (!INTROSPECTION.contains(root.name()) && !"__typename".equals(root.name())) {
                throw ApiError.validation(root.path(),
                        "introspection fields cannot be selected together with other root fields");
            }
        }
        ExecutionResult result = introspection.execute(ExecutionInput.newExecutionInput(request.query())
                .operationName(request.operationName().orElse(null)).variables(request.variables()).build());
        if (!result.getErrors().isEmpty()) {
            throw ApiError.validation("$", result.getErrors().get(0).getMessage());
        }
        try {
            return new Prepared.Introspection(JSON.writeValueAsString(result.getData()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("introspection result is not JSON", e);
        }
    }
}
