package io.quarry.metadata.folder;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes JSON as YAML the way Hasura's CLI does (go-yaml with an indent of 2): keys in the order given, block
 * style, empty collections as {@code {}} and {@code []}, multi-line strings as literal blocks, and a string quoted
 * only when it would otherwise read back as something else (double quotes when it would read as a number, boolean
 * or null; single quotes when it starts with or holds a YAML indicator). {@code "!include ..."} references are
 * double-quoted, as the CLI writes them.
 */
final class YamlWriting {
    private static final Pattern NUMBER = Pattern.compile(
            "[-+]?(0|[1-9][0-9_]*|0b[01_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+)"
                    + "|[-+]?(\\.[0-9]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?"
                    + "|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\\.[0-9_]*)?");
    private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?");
    private static final Set<String> NON_STRINGS = Set.of("", "~", "null", "Null", "NULL", "true", "True", "TRUE",
            "false", "False", "FALSE", "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON",
            "off", "Off", "OFF", "<<");

    private final boolean indentedSequences;
    private final StringBuilder out = new StringBuilder();

    private YamlWriting(boolean indentedSequences) {
        this.indentedSequences = indentedSequences;
    }

    static String write(JsonNode node, boolean indentedSequences) {
        YamlWriting writer = new YamlWriting(indentedSequences);
        if (isEmptyOrScalar(node)) {
            writer.out.append(writer.inline(node, 0)).append('\n');
        } else if (node.isObject()) {
            writer.mapping(node, 0);
        } else {
            writer.sequence(node, 0);
        }
        return writer.out.toString();
    }

    /** Writes the entries of a mapping, each starting at column {@code indent} (the first one already placed). */
    private void mapping(JsonNode object, int indent) {
        boolean first = true;
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!first || !endsMidLine()) {
                out.append(" ".repeat(indent));
            }
            first = false;
            out.append(scalar(entry.getKey(), indent)).append(':');
            JsonNode value = entry.getValue();
            if (isEmptyOrScalar(value)) {
                out.append(' ').append(inline(value, indent)).append('\n');
            } else if (value.isObject()) {
                out.append('\n');
                mapping(value, indent + 2);
            } else {
                out.append('\n');
                sequence(value, indentedSequences ? indent + 2 : indent);
            }
        }
    }

    private void sequence(JsonNode array, int indent) {
        for (JsonNode item : array) {
            if (!endsMidLine()) {
                out.append(" ".repeat(indent));
            }
            out.append("- ");
            if (isEmptyOrScalar(item)) {
                out.append(inline(item, indent + 2)).append('\n');
            } else if (item.isObject()) {
                mapping(item, indent + 2);
            } else {
                sequence(item, indent + 2);
            }
        }
    }

    private boolean endsMidLine() {
        return out.length() > 0 && out.charAt(out.length() - 1) != '\n';
    }

    private static boolean isEmptyOrScalar(JsonNode node) {
        return !node.isContainerNode() || node.isEmpty();
    }

    private String inline(JsonNode node, int indent) {
        if (node.isObject()) {
            return "{}";
        }
        if (node.isArray()) {
            return "[]";
        }
        if (node.isNull()) {
            return "null";
        }
        if (node.isTextual()) {
            return scalar(node.textValue(), indent);
        }
        if (node.isBigDecimal()) {
            return node.decimalValue().toString();
        }
        return node.asText();
    }

    /** A string scalar as go-yaml chooses its style; {@code indent} is the column of the enclosing node. */
    private static String scalar(String value, int indent) {
        if (value.startsWith("!include ")) {
            return doubleQuoted(value);
        }
        if (value.indexOf('\n') >= 0) {
            return literalAllowed(value) ? literal(value, indent) : doubleQuoted(value);
        }
        if (!resolvesToString(value) || !isPrintable(value)) {
            return doubleQuoted(value);
        }
        if (plainAllowed(value)) {
            return value;
        }
        return "'" + value.replace("'", "''") + "'";
    }

    private static boolean resolvesToString(String value) {
        return !NON_STRINGS.contains(value) && !NUMBER.matcher(value).matches() && !TIMESTAMP.matcher(value).matches();
    }

    /** libyaml's rules for a plain scalar in block context. */
    private static boolean plainAllowed(String value) {
        if (value.startsWith(" ") || value.endsWith(" ") || value.startsWith("---") || value.startsWith("...")) {
            return false;
        }
        char first = value.charAt(0);
        boolean followedBySpace = value.length() == 1 || value.charAt(1) == ' ';
        if ("#,[]{}&*!|>'\"%@`".indexOf(first) >= 0 || ("-?:".indexOf(first) >= 0 && followedBySpace)) {
            return false;
        }
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ':' && (i + 1 == value.length() || value.charAt(i + 1) == ' ')) {
                return false;
            }
            if (c == '#' && value.charAt(i - 1) == ' ') {
                return false;
            }
            if (c == '\t') {
                return false;
            }
        }
        return true;
    }

    private static boolean literalAllowed(String value) {
        if (!isPrintable(value.replace("\n", ""))) {
            return false;
        }
        // A space at the end of a line, or a line break followed by a space, cannot be kept by a literal block.
        return !value.contains(" \n") && !value.endsWith(" ") && !value.contains("\t");
    }

    private static String literal(String value, int indent) {
        StringBuilder b = new StringBuilder("|");
        if (value.startsWith(" ") || value.startsWith("\n")) {
            b.append('2');
        }
        if (!value.endsWith("\n")) {
            b.append('-');
        } else if (value.endsWith("\n\n") || value.equals("\n")) {
            b.append('+');
        }
        String body = value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
        String pad = " ".repeat(indent + 2);
        for (String line : body.split("\n", -1)) {
            b.append('\n');
            if (!line.isEmpty()) {
                b.append(pad).append(line);
            }
        }
        return b.toString();
    }

    private static boolean isPrintable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' || c == 0x7f || c == '\ufeff') {
                return false;
            }
        }
        return true;
    }

    private static String doubleQuoted(String value) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\ufeff') {
                        b.append(String.format("\\x%02X", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
