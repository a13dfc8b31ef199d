package io.outpost.common.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A parsed YAML or JSON document that remembers where each node came from, so that errors found
 * in the tree can name the file and line. Nodes are addressed by JSON Pointer (RFC 6901).
 */
public final class YamlDocument {
    private final String file;
    private final JsonNode root;
    private final Map<String, SourcePosition> positions;

    YamlDocument(String file, JsonNode root, Map<String, SourcePosition> positions) {
        this.file = file;
        this.root = root;
        this.positions = positions;
    }

    public String file() {
        return file;
    }

    public JsonNode root() {
        return root;
    }

    /** Where the node at {@code pointer} starts; the nearest ancestor's position when unknown. */
    public SourcePosition position(String pointer) {
        String p = pointer;
        while (true) {
            SourcePosition pos = positions.get(p);
            if (pos != null) {
                return pos;
            }
            if (p.isEmpty()) {
                return new SourcePosition(file, 1, 1);
            }
            int slash = p.lastIndexOf('/');
            p = slash <= 0 ? "" : p.substring(0, slash);
        }
    }

    /** Escapes one JSON Pointer reference token. */
    public static String token(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    public static String child(String pointer, String key) {
        return pointer + "/" + token(key);
    }

    public static String child(String pointer, int index) {
        return pointer + "/" + index;
    }
}
