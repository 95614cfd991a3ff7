package io.quarry.engine.metadataapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.quarry.engine.error.ApiError;
import io.quarry.engine.error.ErrorCode;
import io.quarry.engine.introspect.Catalog;
import io.quarry.engine.model.ModelBuilder;
import io.quarry.metadata.ComputedField;
import io.quarry.metadata.InheritedRole;
import io.quarry.metadata.Metadata;
import io.quarry.metadata.MetadataException;
import io.quarry.metadata.MetadataJson;
import io.quarry.metadata.Permission;
import io.quarry.metadata.PermissionRule;
import io.quarry.metadata.QualifiedTable;
import io.quarry.metadata.Source;
import io.quarry.metadata.TableEntry;
import io.quarry.metadata.TablePermissions;
import io.quarry.metadata.TrackedFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Table permissions, computed fields, tracked functions and inherited roles: adding, commenting and dropping them.
 * Permissions are typed records; the other entries are kept in Hasura's format, so metadata written for Hasura
 * round-trips whole.
 */
final class KeptEntries {
    private KeptEntries() {
    }

    /** {@code create_<kind>_permission}: adds {@code {role, permission, comment}} to {@code <kind>_permissions}. */
    static Metadata createPermission(Metadata metadata, Catalog catalog, Args args, String kind) {
        Source source = TableCommands.source(metadata, args.source());
        QualifiedTable table = args.table();
        TableEntry entry = TableCommands.tracked(source, table);
        String role = nonEmpty(args, "role");
        if ("admin".equals(role)) {
            throw new ApiError(ErrorCode.BAD_REQUEST, Args.PATH + ".role", "admin role can not be given permissions");
        }
        JsonNode columns = args.get("permission") == null ? null : args.get("permission").get("columns");
        if (columns != null && columns.isArray()) {
            var relation = catalog.relation(ModelBuilder.pgName(table)).orElseThrow();
            for (JsonNode column : columns) {
                if (relation.column(column.asText()).isEmpty()) {
                    throw new ApiError(ErrorCode.NOT_EXISTS, Args.PATH + ".permission.columns",
                            "no such column exists: \"" + column.asText() + "\"");
                }
            }
        }
        if (entry.permissions().find(kind, role).isPresent()) {
            throw new ApiError(ErrorCode.ALREADY_EXISTS, Args.PATH, kind + " permission already defined on table \""
                    + table + "\" with role \"" + role + "\"");
        }
        JsonNode permission = args.get("permission");
        if (permission == null || !permission.isObject()) {
            throw Args.missing("permission");
        }
        PermissionRule rule;
        try {
            rule = MetadataJson.readPermissionRule(kind, permission, Args.PATH + ".permission");
        } catch (MetadataException e) {
            throw new ApiError(ErrorCode.PARSE_FAILED, e.path(), e.getMessage());
        }
        Permission<PermissionRule> item = new Permission<>(role, rule, comment(args), List.of());
        return metadata.updateSource(source.name(), s -> s.updateTable(table,
                t -> t.withPermissions(t.permissions().with(item))));
    }

    /** {@code set_permission_comment}: sets or clears the comment of a role's permission of a {@code type}. */
    static Metadata setPermissionComment(Metadata metadata, Args args) {
        Source source = TableCommands.source(metadata, args.source());
        QualifiedTable table = args.table();
        TableEntry entry = TableCommands.tracked(source, table);
        String role = args.text("role");
        String kind = args.text("type");
        if (!TablePermissions.KINDS.contains(kind) || entry.permissions().find(kind, role).isEmpty()) {
            throw new ApiError(ErrorCode.NOT_EXISTS, Args.PATH, kind + " permission on table \"" + table
                    + "\" for role \"" + role + "\" does not exist");
        }
        return metadata.updateSource(source.name(), s -> s.updateTable(table, t -> t.withPermissions(
                t.permissions().map(kind, role, p -> p.withComment(comment(args))))));
    }

    /** {@code drop_<kind>_permission}. */
    static Metadata dropPermission(Metadata metadata, Args args, String kind) {
        Source source = TableCommands.source(metadata, args.source());
        QualifiedTable table = args.table();
        TableEntry entry = TableCommands.tracked(source, table);
        String role = args.text("role");
        if (entry.permissions().find(kind, role).isEmpty()) {
            throw new ApiError(ErrorCode.NOT_EXISTS, Args.PATH, kind + " permission on table \"" + table
                    + "\" for role \"" + role + "\" does not exist");
        }
        return metadata.updateSource(source.name(), s -> s.updateTable(table,
                t -> t.withPermissions(t.permissions().without(kind, role))));
    }

    private static Optional<String> comment(Args args) {
        JsonNode comment = args.get("comment");
        return comment == null || comment.isNull() ? Optional.empty() : Optional.of(comment.asText());
    }

    /** {@code add_computed_field}: adds {@code {name, definition, comment}} to {@code computed_fields}. */
    static Metadata addComputedField(Metadata metadata, Args args) {
        Source source = TableCommands.source(metadata, args.source());
        QualifiedTable table = args.table();
        TableEntry entry = TableCommands.tracked(source, table);
        String name = args.text("name");
        if (entry.computedField(name).isPresent() || entry.relationship(name).isPresent()) {
            throw new ApiError(ErrorCode.ALREADY_EXISTS, Args.PATH,
                    "field with name \"" + name + "\" already exists in table \"" + table + "\"");
        }
        JsonNode definition = args.get("definition");
        if (definition == null || definition.isNull()) {
            throw Args.missing("definition");
        }
        ComputedField field;
        try {
            field = new ComputedField(name, MetadataJson.readComputedFieldDefinition(definition,
                    Args.PATH + ".definition"), comment(args), List.of());
        } catch (MetadataException e) {
            throw new ApiError(ErrorCode.PARSE_FAILED, e.path(), e.getMessage());
        }
        return metadata.updateSource(source.name(), s -> s.updateTable(table, t -> {
            List<ComputedField> fields = new java.util.ArrayList<>(t.computedFields());
            fields.add(field);
            return t.withComputedFields(fields);
        }));
    }

    /**
     * {@code drop_computed_field}: permissions that name the field refuse the drop with a {@code dependency-error},
     * unless {@code cascade} drops them too.
     */
    static Metadata dropComputedField(Metadata metadata, Args args) {
        Source source = TableCommands.source(metadata, args.source());
        QualifiedTable table = args.table();
        TableEntry entry = TableCommands.tracked(source, table);
        String name = args.text("name");
        if (entry.computedField(name).isEmpty()) {
            throw new ApiError(ErrorCode.NOT_EXISTS, Args.PATH, "computed field \"" + name
                    + "\" does not exist in table \"" + table + "\"");
        }
        // The permissions of the table that name the field, in their columns or expressions, depend on it.
        java.util.List<String> dependents = new java.util.ArrayList<>();
        for (String kind : java.util.List.of("select", "insert", "update", "delete")) {
            for (Permission<? extends PermissionRule> p : entry.permissions().of(kind)) {
                if (PermissionNames.names(p.rule(), name)) {
                    dependents.add(kind + ":" + p.role());
                }
            }
        }
        if (!dependents.isEmpty() && !args.flag("cascade")) {
            throw new ApiError(ErrorCode.DEPENDENCY_ERROR, Args.PATH, "cannot drop due to the following dependent "
                    + "objects : " + String.join(", ", dependents.stream().map(d -> "permission " + table + "."
                    + d.substring(d.indexOf(':') + 1) + "." + d.substring(0, d.indexOf(':')) + " in source \""
                    + source.name() + "\"").sorted().toList()));
        }
        return metadata.updateSource(source.name(), s -> s.updateTable(table, t -> {
            TableEntry next = Dependents.withoutItem(t, "computed_fields", "name", name);
            for (String d : dependents) {
                next = Dependents.withoutItem(next, d.substring(0, d.indexOf(':')) + "_permissions", "role",
                        d.substring(d.indexOf(':') + 1));
            }
            return next;
        }));
    }

    /** {@code track_function}: {@code {schema, name}} (v1) or {@code {function, configuration}}. */
    static Metadata trackFunction(Metadata metadata, Args args) {
        Source source = TableCommands.source(metadata, args.source());
        JsonNode function = args.get("function");
        QualifiedTable name = MetadataJson.readTable(function != null ? function : args.node(), Args.PATH);
        JsonNode configuration = args.get("configuration");
        Optional<TrackedFunction.Configuration> config;
        try {
            config = configuration == null || configuration.isNull() ? Optional.empty()
                    : Optional.of(MetadataJson.readFunctionConfiguration(configuration, Args.PATH + ".configuration"));
        } catch (MetadataException e) {
            throw new ApiError(ErrorCode.PARSE_FAILED, e.path(), e.getMessage());
        }
        if (source.function(name).isPresent()) {
            throw new ApiError(ErrorCode.ALREADY_TRACKED, Args.PATH, "function already tracked: \"" + name + "\"");
        }
        List<TrackedFunction> functions = new ArrayList<>(source.functions());
        functions.add(TrackedFunction.of(name, config));
        return metadata.updateSource(source.name(), s -> s.withFunctions(functions));
    }

    /** {@code add_inherited_role}: {@code {role_name, role_set}} in the top-level {@code inherited_roles}. */
    static Metadata addInheritedRole(Metadata metadata, Args args) {
        String name = nonEmpty(args, "role_name");
        JsonNode roleSet = args.get("role_set");
        if (roleSet == null || !roleSet.isArray() || roleSet.isEmpty()) {
            throw new ApiError(ErrorCode.PARSE_FAILED, Args.PATH + ".role_set", "expected a non-empty list of roles");
        }
        for (int i = 0; i < roleSet.size(); i++) {
            if (!roleSet.get(i).isTextual() || roleSet.get(i).asText().isEmpty()) {
                throw new ApiError(ErrorCode.PARSE_FAILED, Args.PATH + ".role_set[" + i + "]", "empty string not allowed");
            }
        }
        if (metadata.inheritedRole(name).isPresent()) {
            throw new ApiError(ErrorCode.ALREADY_EXISTS, Args.PATH, "the inherited role \"" + name + "\" already exists");
        }
        List<String> parents = new ArrayList<>();
        roleSet.forEach(r -> parents.add(r.asText()));
        List<InheritedRole> roles = new ArrayList<>(metadata.inheritedRoles());
        roles.add(InheritedRole.of(name, parents));
        // A role that inherits from itself, directly or through others, can never be resolved.
        java.util.Optional<String> cycles = io.quarry.engine.model.InheritedRoles.cycles(roles);
        if (cycles.isPresent()) {
            throw new ApiError(ErrorCode.CYCLIC_DEPENDENCY, "$", cycles.get());
        }
        return metadata.withInheritedRoles(roles);
    }

    static Metadata dropInheritedRole(Metadata metadata, Args args) {
        String name = args.text("role_name");
        if (metadata.inheritedRole(name).isEmpty()) {
            throw new ApiError(ErrorCode.NOT_EXISTS, Args.PATH, "the inherited role \"" + name + "\" does not exist");
        }
        return metadata.withInheritedRoles(metadata.inheritedRoles().stream().filter(r -> !r.roleName().equals(name))
                .toList());
    }

    /** A role name: Hasura's role names are non-empty text. */
    private static String nonEmpty(Args args, String key) {
        String value = args.text(key);
        if (value.isEmpty()) {
            throw new ApiError(ErrorCode.PARSE_FAILED, Args.PATH + "." + key, "empty string not allowed");
        }
        return value;
    }

    private static int find(JsonNode items, String key, String value) {
        return find(items, key, value, null);
    }

    private static int find(JsonNode items, String key, String text, JsonNode node) {
        if (items instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode v = array.get(i).get(key);
                if (v != null && (text != null ? text.equals(v.asText()) : v.equals(node))) {
                    return i;
                }
            }
        }
        return -1;
    }
}
