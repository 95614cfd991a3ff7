package io.quarry.engine.model;

import io.quarry.engine.introspect.PgFunction;
import io.quarry.metadata.QualifiedTable;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A tracked function returning rows of a tracked table. A query function is served as the root field
 * {@code rootField} and {@code aggregateField} of {@code query_root}; a mutation function (volatile, or configured
 * {@code exposed_as: mutation}) as {@code rootField} of {@code mutation_root}. {@code argumentNames} name its input
 * arguments in GraphQL ({@code arg_N} when unnamed, null for the {@code sessionArgument}); their input object type
 * is {@code argumentsType}. {@code permissions} are the roles its function permissions name.
 */
public record FunctionInfo(QualifiedTable name, PgFunction function, String rootField, String aggregateField,
        String argumentsType, QualifiedTable returnTable, List<String> argumentNames,
        Optional<Integer> sessionArgument, boolean mutation, Set<String> permissions) {
    public FunctionInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(rootField, "rootField");
        Objects.requireNonNull(aggregateField, "aggregateField");
        Objects.requireNonNull(argumentsType, "argumentsType");
        Objects.requireNonNull(returnTable, "returnTable");
        argumentNames = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(argumentNames));
        Objects.requireNonNull(sessionArgument, "sessionArgument");
        permissions = Set.copyOf(permissions);
    }

    /**
     * This function with {@code role} permitted when one of its {@code parents} is, as Hasura gives inherited roles
     * function permissions (a permission of the role's own stays).
     */
    public FunctionInfo inheritedBy(String role, java.util.Collection<String> parents) {
        if (permissions.contains(role) || parents.stream().noneMatch(permissions::contains)) {
            return this;
        }
        Set<String> roles = new java.util.TreeSet<>(permissions);
        roles.add(role);
        return new FunctionInfo(name, function, rootField, aggregateField, argumentsType, returnTable, argumentNames,
                sessionArgument, mutation, roles);
    }

    /**
     * Whether a role (not the admin) sees this function, as Hasura decides: a mutation only with a function
     * permission; a query with one, or, when permissions are inferred, whenever the role may read the returned
     * table (which the caller checks).
     */
    public boolean visibleTo(String role, boolean inferPermissions) {
        return permissions.contains(role) || !mutation && inferPermissions;
    }
}
