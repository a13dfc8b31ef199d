package io.outpost.common.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Parses YAML (and JSON, its subset) into a Jackson tree while recording the line and column of
 * every node. Duplicate keys, multiple documents and alias bombs are refused with a position.
 */
public final class LocatedYaml {
    private static final int MAX_DEPTH = 200;
    private static final int MAX_NODES = 2_000_000;

    private LocatedYaml() {}

    public static YamlDocument parse(Path file) throws YamlException, IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new YamlException(new SourcePosition(file.toString(), 0, 0), "not valid UTF-8 text");
        }
        return parse(file.toString(), text);
    }

    public static YamlDocument parse(String fileName, String text) throws YamlException {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(50);
        options.setAllowRecursiveKeys(false);
        options.setCodePointLimit(16 * 1024 * 1024);
        Yaml yaml = new Yaml(options);
        Node node;
        try {
            Iterator<Node> docs = yaml.composeAll(new StringReader(text)).iterator();
            if (!docs.hasNext()) {
                return new YamlDocument(fileName, JsonNodeFactory.instance.missingNode(), Map.of());
            }
            node = docs.next();
            if (docs.hasNext()) {
                Node second = docs.next();
                throw new YamlException(position(fileName, second == null ? null : second.getStartMark()),
                        "more than one YAML document in the file; keep one definition per file");
            }
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            throw new YamlException(position(fileName, mark), "malformed YAML: " + problem.trim());
        } catch (YAMLException e) {
            throw new YamlException(new SourcePosition(fileName, 0, 0), "malformed YAML: " + e.getMessage());
        }
        Map<String, SourcePosition> positions = new HashMap<>();
        int[] budget = {MAX_NODES};
        JsonNode root = convert(fileName, node, "", positions, 0, budget);
        return new YamlDocument(fileName, root, positions);
    }

    private static JsonNode convert(String file, Node node, String pointer, Map<String, SourcePosition> positions,
                                    int depth, int[] budget) throws YamlException {
        if (node == null) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (depth > MAX_DEPTH || --budget[0] < 0) {
            throw new YamlException(position(file, node.getStartMark()), "document nested too deeply or too large");
        }
        positions.put(pointer, position(file, node.getStartMark()));
        if (node instanceof MappingNode mapping) {
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            for (NodeTuple tuple : mapping.getValue()) {
                if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                    throw new YamlException(position(file, tuple.getKeyNode().getStartMark()),
                            "mapping keys must be plain strings");
                }
                String key = keyNode.getValue();
                if (object.has(key)) {
                    throw new YamlException(position(file, keyNode.getStartMark()),
                            "duplicate key '" + key + "'; remove one of them");
                }
                String childPointer = YamlDocument.child(pointer, key);
                object.set(key, convert(file, tuple.getValueNode(), childPointer, positions, depth + 1, budget));
                // A key's own line is more useful than its value's (a block value starts below).
                positions.put(childPointer, position(file, keyNode.getStartMark()));
            }
            return object;
        }
        if (node instanceof SequenceNode sequence) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            int i = 0;
            for (Node item : sequence.getValue()) {
                array.add(convert(file, item, YamlDocument.child(pointer, i++), positions, depth + 1, budget));
            }
            return array;
        }
        return scalar((ScalarNode) node);
    }

    private static JsonNode scalar(ScalarNode scalar) {
        String value = scalar.getValue();
        Tag tag = scalar.getTag();
        JsonNodeFactory f = JsonNodeFactory.instance;
        try {
            if (Tag.NULL.equals(tag)) {
                return f.nullNode();
            }
            if (Tag.BOOL.equals(tag)) {
                return f.booleanNode(value.equalsIgnoreCase("true") || value.equalsIgnoreCase("yes")
                        || value.equalsIgnoreCase("on") || value.equalsIgnoreCase("y"));
            }
            if (Tag.INT.equals(tag)) {
                String digits = value.replace("_", "");
                BigInteger big = digits.startsWith("0x") ? new BigInteger(digits.substring(2), 16) : new BigInteger(digits);
                return big.bitLength() < 64 ? f.numberNode(big.longValue()) : f.numberNode(big);
            }
            if (Tag.FLOAT.equals(tag)) {
                return f.numberNode(Double.parseDouble(value.replace("_", "")));
            }
        } catch (NumberFormatException e) {
            return f.textNode(value);
        }
        return f.textNode(value);
    }

    private static SourcePosition position(String file, Mark mark) {
        return mark == null ? new SourcePosition(file, 0, 0)
                : new SourcePosition(file, mark.getLine() + 1, mark.getColumn() + 1);
    }
}
