package io.quarry.metadata;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A table's {@code insert_permissions}, {@code select_permissions}, {@code update_permissions}, {@code delete_permissions}. */
public record TablePermissions(List<Permission<PermissionRule.Insert>> insert,
        List<Permission<PermissionRule.Select>> select, List<Permission<PermissionRule.Update>> update,
        List<Permission<PermissionRule.Delete>> delete) {
    public static final TablePermissions NONE = new TablePermissions(List.of(), List.of(), List.of(), List.of());
    /** The kinds, in the order Hasura exports them. */
    public static final List<String> KINDS = List.of("insert", "select", "update", "delete");

    public TablePermissions {
        insert = List.copyOf(insert);
        select = List.copyOf(select);
        update = List.copyOf(update);
        delete = List.copyOf(delete);
    }

    /** The permissions of one kind ({@code select}, ...). */
    public List<Permission<? extends PermissionRule>> of(String kind) {
        return switch (kind) {
            case "insert" -> List.copyOf(insert);
            case "select" -> List.copyOf(select);
            case "update" -> List.copyOf(update);
            case "delete" -> List.copyOf(delete);
            default -> throw new IllegalArgumentException("no permissions of kind " + kind);
        };
    }

    public Optional<Permission<? extends PermissionRule>> find(String kind, String role) {
        return of(kind).stream().filter(p -> p.role().equals(role)).findFirst();
    }

    public boolean isEmpty() {
        return insert.isEmpty() && select.isEmpty() && update.isEmpty() && delete.isEmpty();
    }

    /** These permissions with {@code permission} added last among its kind. */
    public TablePermissions with(Permission<? extends PermissionRule> permission) {
        return replace(permission.rule().kind(), list -> list.add(permission));
    }

    /** These permissions without the one of {@code kind} for {@code role}. */
    public TablePermissions without(String kind, String role) {
        return replace(kind, list -> list.removeIf(p -> p.role().equals(role)));
    }

    /** These permissions with the one of {@code kind} for {@code role} changed. */
    public TablePermissions map(String kind, String role,
            java.util.function.UnaryOperator<Permission<? extends PermissionRule>> change) {
        return replace(kind, list -> list.replaceAll(p -> p.role().equals(role) ? change.apply(p) : p));
    }

    /** Every permission changed by {@code change}, which keeps each one's kind. */
    public TablePermissions mapAll(java.util.function.UnaryOperator<Permission<? extends PermissionRule>> change) {
        TablePermissions next = this;
        for (String kind : KINDS) {
            next = next.replace(kind, list -> list.replaceAll(change));
        }
        return next;
    }

    @SuppressWarnings("unchecked")
    private TablePermissions replace(String kind,
            java.util.function.Consumer<List<Permission<? extends PermissionRule>>> change) {
        List<Permission<? extends PermissionRule>> list = new ArrayList<>(of(kind));
        change.accept(list);
        for (Permission<? extends PermissionRule> p : list) {
            if (!p.rule().kind().equals(kind)) {
                throw new IllegalArgumentException("a " + p.rule().kind() + " permission among " + kind + " ones");
            }
        }
        List<?> items = list;
        return switch (kind) {
            case "insert" -> new TablePermissions((List<Permission<PermissionRule.Insert>>) items, select, update, delete);
            case "select" -> new TablePermissions(insert, (List<Permission<PermissionRule.Select>>) items, update, delete);
            case "update" -> new TablePermissions(insert, select, (List<Permission<PermissionRule.Update>>) items, delete);
            case "delete" -> new TablePermissions(insert, select, update, (List<Permission<PermissionRule.Delete>>) items);
            default -> throw new IllegalArgumentException("no permissions of kind " + kind);
        };
    }
}
