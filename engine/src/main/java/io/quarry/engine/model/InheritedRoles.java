package io.quarry.engine.model;

import io.quarry.metadata.InheritedRole;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The graph of inherited roles ({@code inherited_roles}: {@code role_name} and its {@code role_set}). */
public final class InheritedRoles {
    private InheritedRoles() {
    }

    /**
     * Hasura's error for inherited roles that inherit from themselves, directly or through others:
     * {@code found cycle(s) in roles: ["a","b","a"]}; empty when there is none.
     */
    public static Optional<String> cycles(List<InheritedRole> inheritedRoles) {
        Map<String, List<String>> graph = graph(inheritedRoles);
        List<String> found = new ArrayList<>();
        for (String role : graph.keySet()) {
            Optional<List<String>> cycle = path(graph, role, role, new ArrayList<>());
            if (cycle.isPresent() && found.stream().noneMatch(c -> c.contains("\"" + role + "\""))) {
                List<String> names = new ArrayList<>(List.of(role));
                names.addAll(cycle.get());
                found.add(names.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(",", "[", "]")));
            }
        }
        return found.isEmpty() ? Optional.empty() : Optional.of("found cycle(s) in roles: " + String.join(", ", found));
    }

    /**
     * The inherited roles, each after the inherited roles in its role set, so that a role built from others that are
     * themselves inherited sees what they read whatever order the metadata lists them in (roles in a cycle keep
     * their place; they are reported, not served).
     */
    public static List<InheritedRole> parentsFirst(List<InheritedRole> inheritedRoles) {
        Map<String, InheritedRole> byName = new LinkedHashMap<>();
        inheritedRoles.forEach(role -> byName.put(role.roleName(), role));
        java.util.Set<String> placed = new java.util.LinkedHashSet<>();
        for (InheritedRole role : inheritedRoles) {
            place(role.roleName(), byName, placed, new java.util.HashSet<>());
        }
        return placed.stream().map(byName::get).toList();
    }

    private static void place(String role, Map<String, InheritedRole> byName, java.util.Set<String> placed,
            java.util.Set<String> visiting) {
        if (placed.contains(role) || !byName.containsKey(role) || !visiting.add(role)) {
            return;
        }
        for (String parent : byName.get(role).roleSet()) {
            place(parent, byName, placed, visiting);
        }
        placed.add(role);
    }

    /** Whether {@code role} reaches itself through the role sets. */
    public static boolean inCycle(List<InheritedRole> inheritedRoles, String role) {
        return path(graph(inheritedRoles), role, role, new ArrayList<>()).isPresent();
    }

    private static Map<String, List<String>> graph(List<InheritedRole> inheritedRoles) {
        Map<String, List<String>> graph = new LinkedHashMap<>();
        inheritedRoles.forEach(role -> graph.put(role.roleName(), role.roleSet()));
        return graph;
    }

    /** The roles walked from {@code from} to {@code goal} (ending with it), if {@code goal} is reachable. */
    private static Optional<List<String>> path(Map<String, List<String>> graph, String from, String goal,
            List<String> seen) {
        for (String parent : graph.getOrDefault(from, List.of())) {
            if (parent.equals(goal)) {
                return Optional.of(List.of(parent));
            }
            if (!seen.contains(parent)) {
                seen.add(parent);
                Optional<List<String>> rest = path(graph, parent, goal, seen);
                if (rest.isPresent()) {
                    List<String> out = new ArrayList<>(List.of(parent));
                    out.addAll(rest.get());
                    return Optional.of(out);
                }
            }
        }
        return Optional.empty();
    }
}
