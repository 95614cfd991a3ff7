package io.quarry.engine.request;

import com.fasterxml.jackson.core.JsonGenerator;
import graphql.GraphQLContext;
import graphql.execution.ValuesResolver;
import graphql.introspection.Introspection.TypeKind;
import graphql.language.AstPrinter;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLDirective;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLEnumValueDefinition;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLInterfaceType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLModifiedType;
import graphql.schema.GraphQLNamedSchemaElement;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLUnionType;
import graphql.schema.InputValueWithState;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Writes the answers of introspection root fields ({@code __schema}, {@code __type}, {@code __typename}) straight
 * to JSON, walking the selection over the role's schema: the same JSON graphql-java's execution gives, field for
 * field (see its {@code graphql.introspection.Introspection}), without building the answer as maps first, which
 * for a large database took gigabytes.
 */
final class IntrospectionWriter {
    private final GraphQLSchema schema;
    private final JsonGenerator out;

    IntrospectionWriter(GraphQLSchema schema, JsonGenerator out) {
        this.schema = schema;
        this.out = out;
    }

    /** The value of a root field of the query type. */
    void root(FieldNode root) throws IOException {
        switch (root.name()) {
            case "__schema" -> schema(root.children());
            case "__type" -> type(schema.getType((String) root.arguments().get("name")), root.children());
            case "__typename" -> out.writeString(root.parentType());
            default -> throw new AssertionError(root.name());
        }
    }

    /** Writes the value of one selected field of an introspection object. */
    @FunctionalInterface
    private interface Fields {
        void write(FieldNode field) throws IOException;
    }

    /** Writes an item of a list. */
    @FunctionalInterface
    private interface Items<T> {
        void write(T item) throws IOException;
    }

    /** An object of the introspection type {@code typeName}, its selected fields written by {@code fields}. */
    private void object(String typeName, List<FieldNode> selection, Fields fields) throws IOException {
        out.writeStartObject();
        for (FieldNode f : selection) {
            out.writeFieldName(f.key());
            if (f.name().equals("__typename")) {
                out.writeString(typeName);
            } else {
                fields.write(f);
            }
        }
        out.writeEndObject();
    }

    /** A list, or null for none. */
    private <T> void list(List<? extends T> items, Items<T> item) throws IOException {
        if (items == null) {
            out.writeNull();
            return;
        }
        out.writeStartArray();
        for (T t : items) {
            item.write(t);
        }
        out.writeEndArray();
    }

    private void schema(List<FieldNode> selection) throws IOException {
        object("__Schema", selection, f -> {
            switch (f.name()) {
                case "description" -> out.writeString(schema.getDescription());
                case "types" -> types(schema.getAllTypesAsList(), f.children());
                case "queryType" -> type(schema.getQueryType(), f.children());
                case "mutationType" -> type(schema.getMutationType(), f.children());
                case "subscriptionType" -> type(schema.getSubscriptionType(), f.children());
                case "directives" -> list(schema.getDirectives(), d -> directive(d, f.children()));
                default -> throw new AssertionError(f.name());
            }
        });
    }

    private void types(List<? extends GraphQLType> types, List<FieldNode> selection) throws IOException {
        list(types, t -> type(t, selection));
    }

    private void type(GraphQLType type, List<FieldNode> selection) throws IOException {
        if (type == null) {
            out.writeNull();
            return;
        }
        object("__Type", selection, f -> {
            switch (f.name()) {
                case "kind" -> out.writeString(kind(type).name());
                case "name" -> out.writeString(type instanceof GraphQLNamedSchemaElement n ? n.getName() : null);
                case "description" ->
                        out.writeString(type instanceof GraphQLNamedSchemaElement n ? n.getDescription() : null);
                case "fields" -> list(type instanceof GraphQLFieldsContainer c ? current(f,
                                schema.getCodeRegistry().getFieldVisibility().getFieldDefinitions(c),
                                GraphQLFieldDefinition::isDeprecated) : null,
                        d -> field(d, f.children()));
                case "interfaces" -> types(type instanceof GraphQLObjectType o ? o.getInterfaces()
                        : type instanceof GraphQLInterfaceType i ? i.getInterfaces() : null, f.children());
                case "possibleTypes" -> types(type instanceof GraphQLInterfaceType i ? schema.getImplementations(i)
                        : type instanceof GraphQLUnionType u ? u.getTypes() : null, f.children());
                case "enumValues" -> list(type instanceof GraphQLEnumType e
                                ? current(f, e.getValues(), GraphQLEnumValueDefinition::isDeprecated) : null,
                        v -> enumValue(v, f.children()));
                case "inputFields" -> list(type instanceof GraphQLInputObjectType i ? current(f,
                                schema.getCodeRegistry().getFieldVisibility().getFieldDefinitions(i),
                                GraphQLInputObjectField::isDeprecated) : null,
                        i -> inputValue(i, i.getType(), i.hasSetDefaultValue() ? i.getInputFieldDefaultValue() : null,
                                i.isDeprecated(), i.getDeprecationReason(), f.children()));
                case "ofType" -> type(type instanceof GraphQLModifiedType m ? m.getWrappedType() : null, f.children());
                case "isOneOf" -> {
                    if (type instanceof GraphQLInputObjectType i) {
                        out.writeBoolean(i.isOneOf());
                    } else {
                        out.writeNull();
                    }
                }
                case "specifiedByURL", "specifiedByUrl" ->
                        out.writeString(type instanceof GraphQLScalarType s ? s.getSpecifiedByUrl() : null);
                default -> throw new AssertionError(f.name());
            }
        });
    }

    private void field(GraphQLFieldDefinition definition, List<FieldNode> selection) throws IOException {
        object("__Field", selection, f -> {
            switch (f.name()) {
                case "name" -> out.writeString(definition.getName());
                case "description" -> out.writeString(definition.getDescription());
                case "args" -> arguments(definition.getArguments(), f);
                case "type" -> type(definition.getType(), f.children());
                case "isDeprecated" -> out.writeBoolean(definition.isDeprecated());
                case "deprecationReason" -> out.writeString(definition.getDeprecationReason());
                default -> throw new AssertionError(f.name());
            }
        });
    }

    private void arguments(List<GraphQLArgument> arguments, FieldNode field) throws IOException {
        list(current(field, arguments, GraphQLArgument::isDeprecated), a -> inputValue(a, a.getType(),
                a.hasSetDefaultValue() ? a.getArgumentDefaultValue() : null, a.isDeprecated(),
                a.getDeprecationReason(), field.children()));
    }

    /** An argument or an input object's field; {@code defaultValue} is null when none is set. */
    private void inputValue(GraphQLNamedSchemaElement value, GraphQLInputType type, InputValueWithState defaultValue,
            boolean deprecated, String deprecationReason, List<FieldNode> selection) throws IOException {
        object("__InputValue", selection, f -> {
            switch (f.name()) {
                case "name" -> out.writeString(value.getName());
                case "description" -> out.writeString(value.getDescription());
                case "type" -> type(type, f.children());
                case "defaultValue" -> out.writeString(defaultValue == null ? null : AstPrinter.printAst(
                        ValuesResolver.valueToLiteral(defaultValue, type, GraphQLContext.getDefault(),
                                Locale.getDefault())));
                case "isDeprecated" -> out.writeBoolean(deprecated);
                case "deprecationReason" -> out.writeString(deprecationReason);
                default -> throw new AssertionError(f.name());
            }
        });
    }

    private void enumValue(GraphQLEnumValueDefinition value, List<FieldNode> selection) throws IOException {
        object("__EnumValue", selection, f -> {
            switch (f.name()) {
                case "name" -> out.writeString(value.getName());
                case "description" -> out.writeString(value.getDescription());
                case "isDeprecated" -> out.writeBoolean(value.isDeprecated());
                case "deprecationReason" -> out.writeString(value.getDeprecationReason());
                default -> throw new AssertionError(f.name());
            }
        });
    }

    private void directive(GraphQLDirective directive, List<FieldNode> selection) throws IOException {
        object("__Directive", selection, f -> {
            switch (f.name()) {
                case "name" -> out.writeString(directive.getName());
                case "description" -> out.writeString(directive.getDescription());
                case "isRepeatable" -> out.writeBoolean(directive.isRepeatable());
                case "locations" -> list(List.copyOf(directive.validLocations()), l -> out.writeString(l.name()));
                case "args" -> arguments(directive.getArguments(), f);
                default -> throw new AssertionError(f.name());
            }
        });
    }

    /** The items a field lists: all of them with {@code includeDeprecated: true}, else those not deprecated. */
    private static <T> List<T> current(FieldNode field, List<T> items, Predicate<T> deprecated) {
        return includeDeprecated(field) ? items : items.stream().filter(deprecated.negate()).toList();
    }

    /**
     * The {@code includeDeprecated} argument, false by default. graphql-java failed on an explicit null (its
     * fetchers unbox it); it reads as false here, as the argument's absence does.
     */
    private static boolean includeDeprecated(FieldNode field) {
        return Boolean.TRUE.equals(field.arguments().get("includeDeprecated"));
    }

    private static TypeKind kind(GraphQLType type) {
        if (type instanceof GraphQLScalarType) {
            return TypeKind.SCALAR;
        } else if (type instanceof GraphQLObjectType) {
            return TypeKind.OBJECT;
        } else if (type instanceof GraphQLInterfaceType) {
            return TypeKind.INTERFACE;
        } else if (type instanceof GraphQLUnionType) {
            return TypeKind.UNION;
        } else if (type instanceof GraphQLEnumType) {
            return TypeKind.ENUM;
        } else if (type instanceof GraphQLInputObjectType) {
            return TypeKind.INPUT_OBJECT;
        } else if (type instanceof GraphQLList) {
            return TypeKind.LIST;
        } else if (type instanceof GraphQLNonNull) {
            return TypeKind.NON_NULL;
        }
        throw new AssertionError(type);
    }
}
