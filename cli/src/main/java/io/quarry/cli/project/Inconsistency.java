package io.quarry.cli.project;

/** One line of {@code metadata inconsistency list}: an inconsistent object, or a part Quarry does not serve. */
public record Inconsistency(String name, String type, String description, String reason, boolean unsupported) {
}
