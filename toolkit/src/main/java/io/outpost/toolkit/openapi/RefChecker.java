package io.outpost.toolkit.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.yaml.YamlDocument;
import io.outpost.toolkit.validate.TreeReader;
import java.util.Iterator;
import java.util.Map;

/**
 * Every {@code $ref} of the raw definition must point at something in the same file. An artifact
 * is self-contained, so references to other files are refused too (with the line of the
 * {@code $ref}, which swagger-parser's own messages don't give).
 */
final class RefChecker {
    private final TreeReader reader;
    private final JsonNode root;

    RefChecker(TreeReader reader) {
        this.reader = reader;
        this.root = reader.doc().root();
    }

    void check() {
        walk(root, "", false);
    }

    private void walk(JsonNode node, String pointer, boolean namesOnly) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && !namesOnly) {
                checkRef(ref, YamlDocument.child(pointer, "$ref"));
            }
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String key = field.getKey();
                if (key.equals("$ref") && !namesOnly || key.startsWith("x-") || key.equals("example")
                        || key.equals("enum") || key.equals("default")) {
                    continue; // data, not definition
                }
                // Under "properties" the keys are property names: a property may be called "$ref".
                boolean childNamesOnly = key.equals("properties") || key.equals("patternProperties");
                walk(field.getValue(), YamlDocument.child(pointer, key), childNamesOnly);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), YamlDocument.child(pointer, i), false);
            }
        }
    }

    private void checkRef(JsonNode ref, String pointer) {
        if (!ref.isTextual()) {
            reader.error(pointer, "$ref must be a string, found " + TreeReader.describe(ref),
                    "write $ref: \"#/components/schemas/Name\"");
            return;
        }
        String value = ref.asText();
        if (!value.startsWith("#")) {
            reader.error(pointer, "$ref '" + value + "' points outside this file; an Outpost artifact must be self-contained",
                    "copy the referenced definition into this file (for example under components/schemas) and refer to it with '#/...'");
            return;
        }
        if (SchemaResolver.resolvePointer(root, value) == null) {
            reader.error(pointer, "unresolvable $ref '" + value + "': nothing is defined at that path in this file",
                    hintFor(value));
        }
    }

    private String hintFor(String ref) {
        int slash = ref.lastIndexOf('/');
        if (slash <= 1) {
            return "a local reference looks like '#/components/schemas/Name'";
        }
        JsonNode parent = SchemaResolver.resolvePointer(root, ref.substring(0, slash));
        if (parent != null && parent.isObject() && parent.size() > 0) {
            java.util.List<String> names = new java.util.ArrayList<>();
            parent.fieldNames().forEachRemaining(names::add);
            return io.outpost.toolkit.validate.Suggestions.hint(ref.substring(slash + 1), names);
        }
        return "define '" + ref.substring(slash + 1) + "' under " + ref.substring(2, slash) + ", or fix the reference";
    }
}
