package io.outpost.toolkit.openapi;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Inlines local {@code $ref}s so that the gateway gets self-contained JSON schemas and never needs
 * the definition. A recursive schema cannot be inlined: its cycle is cut with a
 * {@code {"$ref": "#/$defs/NAME"}} pointing into a {@code $defs} map added to the top of the
 * resolved schema, which is valid JSON Schema and bounded in size. Output depends only on the input
 * tree (sorted {@code $defs}), so builds stay reproducible.
 *
 * <p>Unresolvable references were already reported by {@link RefChecker}; here they become the
 * permissive empty schema.
 */
final class SchemaResolver {
    private static final int MAX_REF_HOPS = 32;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonNode root;

    SchemaResolver(JsonNode root) {
        this.root = root;
    }

    /** Follows a chain of {@code $ref}s at the top of a node (parameters, bodies, responses). */
    JsonNode deref(JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; hops < MAX_REF_HOPS && isLocalRef(current); hops++) {
            current = target(current.get("$ref").asText());
        }
        return current == null ? MissingNode.getInstance() : current;
    }

    /** A copy of {@code schema} with every local reference inlined; null stays null. */
    JsonNode resolveSchema(JsonNode schema) {
        if (schema == null || schema.isMissingNode() || schema.isNull()) {
            return null;
        }
        Set<String> recursive = new TreeSet<>();
        JsonNode out = copy(schema, new ArrayDeque<>(), recursive);
        if (recursive.isEmpty() || !out.isObject()) {
            return out;
        }
        Map<String, JsonNode> defs = new TreeMap<>();
        // Resolving one recursive definition can reveal another: repeat until none is missing.
        while (defs.size() < recursive.size()) {
            for (String ref : Set.copyOf(recursive)) {
                if (!defs.containsKey(defName(ref))) {
                    Deque<String> stack = new ArrayDeque<>();
                    stack.push(ref);
                    defs.put(defName(ref), copy(target(ref), stack, recursive));
                }
            }
        }
        ObjectNode defsNode = NODES.objectNode();
        defs.forEach(defsNode::set);
        ((ObjectNode) out).set("$defs", defsNode);
        return out;
    }

    private JsonNode copy(JsonNode node, Deque<String> stack, Set<String> recursive) {
        if (node == null || node.isMissingNode()) {
            return NODES.objectNode();
        }
        if (isLocalRef(node)) {
            String ref = node.get("$ref").asText();
            if (stack.contains(ref)) {
                recursive.add(ref);
                return NODES.objectNode().put("$ref", "#/$defs/" + defName(ref));
            }
            JsonNode target = target(ref);
            if (target == null) {
                return NODES.objectNode();
            }
            stack.push(ref);
            JsonNode resolved = copy(target, stack, recursive);
            stack.pop();
            return resolved;
        }
        if (node.isObject()) {
            ObjectNode out = NODES.objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                // Examples are data, not schema: a "$ref" inside one is not a reference.
                boolean literal = field.getKey().equals("example") || field.getKey().equals("examples")
                        || field.getKey().equals("enum") || field.getKey().equals("default")
                        || field.getKey().startsWith("x-");
                out.set(field.getKey(), literal ? field.getValue().deepCopy() : copy(field.getValue(), stack, recursive));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode();
            node.forEach(item -> out.add(copy(item, stack, recursive)));
            return out;
        }
        return node.deepCopy();
    }

    static boolean isLocalRef(JsonNode node) {
        return node != null && node.isObject() && node.path("$ref").isTextual() && node.get("$ref").asText().startsWith("#");
    }

    /** The node a local reference points at, or null. */
    JsonNode target(String ref) {
        return resolvePointer(root, ref);
    }

    static JsonNode resolvePointer(JsonNode root, String ref) {
        String pointer = ref.substring(1);
        if (pointer.contains("%")) {
            pointer = URLDecoder.decode(pointer.replace("+", "%2B"), StandardCharsets.UTF_8);
        }
        if (pointer.isEmpty()) {
            return root;
        }
        try {
            JsonNode found = root.at(JsonPointer.compile(pointer));
            return found.isMissingNode() ? null : found;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** {@code #/components/schemas/Node} → {@code components.schemas.Node}: unique and readable. */
    private static String defName(String ref) {
        String pointer = ref.startsWith("#/") ? ref.substring(2) : ref.substring(1);
        return pointer.replace('/', '.').replace("~1", "/").replace("~0", "~");
    }
}
