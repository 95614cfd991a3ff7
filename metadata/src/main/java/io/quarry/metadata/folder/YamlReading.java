package io.quarry.metadata.folder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads one YAML file of a metadata folder into JSON, following {@code !include} references (written as the
 * quoted string {@code "!include file.yaml"}, as Hasura's CLI writes them, or as a tag) relative to the including
 * file. Plain scalars are resolved as YAML 1.2 does (so {@code yes} stays a string), as Hasura's CLI (yaml.v3)
 * reads them. Keys are checked against {@link FolderKeys} where the format is closed.
 */
final class YamlReading {
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final Pattern INT = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
    private static final String INCLUDE = "!include";

    private final Path root;
    private final Set<Path> visited = new LinkedHashSet<>();
    /** The includes being read, innermost last: an include of one of them is a cycle. */
    private final Set<Path> including = new LinkedHashSet<>();

    /** @param root the metadata folder: includes may not leave it */
    YamlReading(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** Reads a file; a missing file is null. {@code shape} names the key rules of its root (see FolderKeys). */
    JsonNode readIfPresent(Path file, String shape) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        return read(file, shape, null, null);
    }

    /** Every file read so far, includes too: the files the folder's metadata is made of. */
    Set<Path> visited() {
        return visited;
    }

    private JsonNode read(Path file, String shape, Path from, Mark at) {
        visited.add(file.toAbsolutePath().normalize());
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new FolderException(from, line(at), column(at), "the included file " + rel(file) + " does not exist");
        } catch (IOException e) {
            throw new FolderException(file, 0, 0, "cannot read: " + e.getMessage());
        }
        Node node;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setProcessComments(false);
            Composer composer = new Composer(new ParserImpl(new StreamReader(new StringReader(text)), options),
                    new Resolver(), options);
            node = composer.getSingleNode();
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            throw new FolderException(file, line(mark), column(mark), "malformed YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new FolderException(file, 0, 0, "malformed YAML: " + e.getMessage());
        }
        return node == null ? NODES.nullNode() : convert(node, file, shape);
    }

    private JsonNode convert(Node node, Path file, String shape) {
        if (node instanceof ScalarNode scalar) {
            if (scalar.getTag().getValue().equals(INCLUDE)) {
                return include(scalar.getValue().trim(), file, scalar.getStartMark(), shape);
            }
            if (scalar.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN) {
                return plain(scalar.getValue());
            }
            String value = scalar.getValue();
            if (value.startsWith(INCLUDE + " ")) {
                return include(value.substring(INCLUDE.length()).trim(), file, scalar.getStartMark(), shape);
            }
            return NODES.textNode(value);
        }
        if (node instanceof SequenceNode sequence) {
            ArrayNode array = NODES.arrayNode();
            for (Node item : sequence.getValue()) {
                array.add(convert(item, file, shape == null ? null : shape + "[]"));
            }
            return array;
        }
        if (node instanceof MappingNode mapping) {
            ObjectNode object = NODES.objectNode();
            Set<String> allowed = shape == null ? null : FolderKeys.allowed(shape);
            for (NodeTuple tuple : mapping.getValue()) {
                Node keyNode = tuple.getKeyNode();
                if (!(keyNode instanceof ScalarNode keyScalar)) {
                    throw error(file, keyNode.getStartMark(), "a key must be a plain value");
                }
                String key = keyScalar.getValue();
                if (object.has(key)) {
                    throw error(file, keyNode.getStartMark(), "duplicate key \"" + key + "\"");
                }
                if (allowed != null && !allowed.contains(key)) {
                    throw error(file, keyNode.getStartMark(), "unknown key \"" + key + "\" (expected one of "
                            + String.join(", ", allowed.stream().sorted().toList()) + ")");
                }
                object.set(key, convert(tuple.getValueNode(), file, shape == null ? null : shape + "." + key));
            }
            return object;
        }
        throw error(file, node.getStartMark(), "anchors and aliases are not supported in metadata");
    }

    private JsonNode include(String target, Path file, Mark mark, String shape) {
        if (target.isEmpty()) {
            throw error(file, mark, "!include needs a file name");
        }
        Path included = file.toAbsolutePath().getParent().resolve(target).normalize();
        if (!included.startsWith(root)) {
            throw error(file, mark, "the included file " + target + " is outside the metadata folder");
        }
        if (!Files.isRegularFile(included)) {
            throw error(file, mark, "the included file " + target + " does not exist");
        }
        try {
            // A link inside the folder may not lead out of it either.
            if (!included.toRealPath().startsWith(root.toRealPath())) {
                throw error(file, mark, "the included file " + target + " is outside the metadata folder");
            }
        } catch (java.io.IOException e) {
            throw error(file, mark, "the included file " + target + " cannot be read: " + e.getMessage());
        }
        if (!including.add(included)) {
            throw error(file, mark, "the included file " + target + " includes itself");
        }
        try {
            return read(included, FolderKeys.includedShape(shape), file, mark);
        } finally {
            including.remove(included);
        }
    }

    private static JsonNode plain(String value) {
        switch (value) {
            case "", "~", "null", "Null", "NULL" -> {
                return NODES.nullNode();
            }
            case "true", "True", "TRUE" -> {
                return NODES.booleanNode(true);
            }
            case "false", "False", "FALSE" -> {
                return NODES.booleanNode(false);
            }
            default -> {
                if (INT.matcher(value).matches()) {
                    BigInteger big = new BigInteger(value);
                    return big.bitLength() < 64 ? NODES.numberNode(big.longValue()) : NODES.numberNode(big);
                }
                if (FLOAT.matcher(value).matches()) {
                    return NODES.numberNode(new BigDecimal(value));
                }
                return NODES.textNode(value);
            }
        }
    }

    private String rel(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        return abs.startsWith(root) ? root.relativize(abs).toString() : file.toString();
    }

    private static FolderException error(Path file, Mark mark, String problem) {
        return new FolderException(file, line(mark), column(mark), problem);
    }

    private static int line(Mark mark) {
        return mark == null ? 0 : mark.getLine() + 1;
    }

    private static int column(Mark mark) {
        return mark == null ? 0 : mark.getColumn() + 1;
    }
}
