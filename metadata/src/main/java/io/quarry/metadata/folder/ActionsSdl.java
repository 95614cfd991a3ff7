package io.quarry.metadata.folder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The GraphQL SDL of {@code actions.graphql}: the actions' arguments and output types (fields of {@code type
 * Mutation} and {@code type Query}) and the custom types. Parsed into Hasura's JSON shapes and printed back. Only
 * the SDL that Hasura accepts for actions is understood: object, input, enum and scalar types with descriptions.
 */
final class ActionsSdl {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Parsed SDL: action fields (name, definition parts, comment) and the custom types in file order. */
    record Parsed(List<ObjectNode> actions, ArrayNode enums, ArrayNode inputObjects, ArrayNode objects,
            ArrayNode scalars) {
    }

    private final String text;
    private final Path file;
    private int pos;
    private int line = 1;
    private int lineStart;

    private ActionsSdl(String text, Path file) {
        this.text = text;
        this.file = file;
    }

    static Parsed parse(String text, Path file) {
        return new ActionsSdl(text, file).document();
    }

    private Parsed document() {
        Parsed parsed = new Parsed(new ArrayList<>(), NODES.arrayNode(), NODES.arrayNode(), NODES.arrayNode(),
                NODES.arrayNode());
        skip();
        while (pos < text.length()) {
            String description = description();
            String keyword = name();
            if (keyword.equals("extend")) {
                keyword = name();
            }
            String typeName = name();
            ObjectNode type = NODES.objectNode().put("name", typeName);
            if (description != null) {
                type.put("description", description);
            }
            switch (keyword) {
                case "scalar" -> parsed.scalars().add(type);
                case "enum" -> {
                    expect('{');
                    ArrayNode values = type.putArray("values");
                    while (!peek('}')) {
                        String valueDescription = description();
                        ObjectNode value = values.addObject().put("value", name());
                        if (valueDescription != null) {
                            value.put("description", valueDescription);
                        }
                    }
                    expect('}');
                    parsed.enums().add(type);
                }
                case "input", "type" -> {
                    boolean root = keyword.equals("type") && (typeName.equals("Mutation") || typeName.equals("Query"));
                    expect('{');
                    ArrayNode fields = NODES.arrayNode();
                    while (!peek('}')) {
                        fields.add(field(keyword.equals("type")));
                    }
                    expect('}');
                    if (root) {
                        for (JsonNode f : fields) {
                            parsed.actions().add(action((ObjectNode) f, typeName.equals("Query") ? "query" : "mutation"));
                        }
                    } else {
                        type.set("fields", fields);
                        (keyword.equals("input") ? parsed.inputObjects() : parsed.objects()).add(type);
                    }
                }
                default -> throw error("expected type, input, enum or scalar but found \"" + keyword + "\"");
            }
        }
        return parsed;
    }

    private static ObjectNode action(ObjectNode field, String kind) {
        ObjectNode action = NODES.objectNode().put("name", field.get("name").asText());
        ObjectNode definition = action.putObject("definition");
        definition.set("arguments", field.has("arguments") ? field.get("arguments") : NODES.arrayNode());
        definition.put("output_type", field.get("type").asText());
        definition.put("type", kind);
        if (field.has("description")) {
            action.put("comment", field.get("description").asText());
        }
        return action;
    }

    private ObjectNode field(boolean withArguments) {
        String description = description();
        ObjectNode field = NODES.objectNode().put("name", name());
        if (withArguments && peek('(')) {
            expect('(');
            ArrayNode arguments = field.putArray("arguments");
            while (!peek(')')) {
                String argDescription = description();
                ObjectNode argument = arguments.addObject().put("name", name());
                expect(':');
                argument.put("type", typeRef());
                if (argDescription != null) {
                    argument.put("description", argDescription);
                }
                if (peek(',')) {
                    expect(',');
                }
            }
            expect(')');
        }
        expect(':');
        field.put("type", typeRef());
        if (description != null) {
            field.put("description", description);
        }
        if (peek(',')) {
            expect(',');
        }
        return field;
    }

    private String typeRef() {
        String type;
        if (peek('[')) {
            expect('[');
            type = "[" + typeRef() + "]";
            expect(']');
        } else {
            type = name();
        }
        if (peek('!')) {
            expect('!');
            type += "!";
        }
        return type;
    }

    private String description() {
        if (!peek('"')) {
            return null;
        }
        String value;
        if (text.startsWith("\"\"\"", pos)) {
            int end = text.indexOf("\"\"\"", pos + 3);
            if (end < 0) {
                throw error("unterminated description");
            }
            value = blockString(text.substring(pos + 3, end));
            advance(end + 3);
        } else {
            int end = pos + 1;
            StringBuilder b = new StringBuilder();
            while (end < text.length() && text.charAt(end) != '"' && text.charAt(end) != '\n') {
                char c = text.charAt(end);
                if (c == '\\' && end + 1 < text.length()) {
                    end++;
                    char e = text.charAt(end);
                    b.append(switch (e) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        default -> e;
                    });
                } else {
                    b.append(c);
                }
                end++;
            }
            if (end >= text.length() || text.charAt(end) != '"') {
                throw error("unterminated description");
            }
            value = b.toString();
            advance(end + 1);
        }
        skip();
        return value;
    }

    private static String blockString(String raw) {
        String[] lines = raw.split("\n", -1);
        int common = Integer.MAX_VALUE;
        for (int i = 1; i < lines.length; i++) {
            String l = lines[i];
            int indent = l.length() - l.stripLeading().length();
            if (indent < l.length()) {
                common = Math.min(common, indent);
            }
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            out.add(i > 0 && common != Integer.MAX_VALUE && lines[i].length() >= common
                    ? lines[i].substring(common) : lines[i]);
        }
        while (!out.isEmpty() && out.get(0).isBlank()) {
            out.remove(0);
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isBlank()) {
            out.remove(out.size() - 1);
        }
        return String.join("\n", out);
    }

    private String name() {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        if (start == pos) {
            throw error(pos < text.length() ? "unexpected \"" + text.charAt(pos) + "\"" : "unexpected end of file");
        }
        String name = text.substring(start, pos);
        skip();
        return name;
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw error("expected \"" + c + "\"" + (pos < text.length() ? " but found \"" + text.charAt(pos) + "\""
                    : " but the file ended"));
        }
        pos++;
        skip();
    }

    private void advance(int to) {
        for (int i = pos; i < to; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        pos = to;
    }

    /** Skips white space, commas between definitions and comments. */
    private void skip() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '#') {
                int end = text.indexOf('\n', pos);
                advance(end < 0 ? text.length() : end);
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\ufeff') {
                advance(pos + 1);
            } else {
                return;
            }
        }
    }

    private FolderException error(String problem) {
        return new FolderException(file, line, pos - lineStart + 1, problem);
    }

    /** Prints actions and custom types as Hasura's CLI writes actions.graphql. */
    static String print(JsonNode actions, JsonNode customTypes) {
        StringBuilder b = new StringBuilder();
        for (JsonNode action : actions) {
            JsonNode definition = action.path("definition");
            String root = "query".equals(definition.path("type").asText()) ? "Query" : "Mutation";
            b.append("type ").append(root).append(" {\n");
            description(b, action.path("comment"), "  ");
            b.append("  ").append(action.path("name").asText());
            JsonNode arguments = definition.path("arguments");
            if (arguments.isArray() && !arguments.isEmpty()) {
                b.append("(\n");
                for (JsonNode argument : arguments) {
                    description(b, argument.path("description"), "    ");
                    b.append("    ").append(argument.path("name").asText()).append(": ")
                            .append(argument.path("type").asText()).append('\n');
                }
                b.append("  )");
            }
            b.append(": ").append(definition.path("output_type").asText()).append("\n}\n\n");
        }
        for (JsonNode scalar : customTypes.path("scalars")) {
            description(b, scalar.path("description"), "");
            b.append("scalar ").append(scalar.path("name").asText()).append("\n\n");
        }
        for (JsonNode type : customTypes.path("enums")) {
            description(b, type.path("description"), "");
            b.append("enum ").append(type.path("name").asText()).append(" {\n");
            for (JsonNode value : type.path("values")) {
                description(b, value.path("description"), "  ");
                b.append("  ").append(value.path("value").asText()).append('\n');
            }
            b.append("}\n\n");
        }
        fields(b, "input", customTypes.path("input_objects"));
        fields(b, "type", customTypes.path("objects"));
        return b.toString();
    }

    private static void fields(StringBuilder b, String keyword, JsonNode types) {
        for (JsonNode type : types) {
            description(b, type.path("description"), "");
            b.append(keyword).append(' ').append(type.path("name").asText()).append(" {\n");
            for (JsonNode field : type.path("fields")) {
                description(b, field.path("description"), "  ");
                b.append("  ").append(field.path("name").asText()).append(": ").append(field.path("type").asText())
                        .append('\n');
            }
            b.append("}\n\n");
        }
    }

    private static void description(StringBuilder b, JsonNode description, String indent) {
        if (description.isTextual() && !description.asText().isEmpty()) {
            b.append(indent).append("\"\"\"").append(description.asText().replace("\n", "\n" + indent))
                    .append("\"\"\"\n");
        }
    }
}
