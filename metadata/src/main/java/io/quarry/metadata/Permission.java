package io.quarry.metadata;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One role's permission of one kind on a table: an entry of {@code <kind>_permissions}. {@code keys} are the entry's
 * keys in the order written ({@code role, permission, comment} from the server, alphabetical in a project folder),
 * so that it is written back as read; an entry made here has none and is written in Hasura's order.
 */
public record Permission<R extends PermissionRule>(String role, R rule, Optional<String> comment, List<String> keys) {
    public Permission {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(comment, "comment");
        keys = List.copyOf(keys);
    }

    public Permission(String role, R rule) {
        this(role, rule, Optional.empty(), List.of());
    }

    /** This permission with its comment set, or cleared (then the key goes too, as Hasura drops it). */
    public Permission<R> withComment(Optional<String> text) {
        return new Permission<>(role, rule, text,
                text.isPresent() ? keys : keys.stream().filter(k -> !k.equals("comment")).toList());
    }

    public Permission<R> withRule(R next) {
        return new Permission<>(role, next, comment, keys);
    }
}
