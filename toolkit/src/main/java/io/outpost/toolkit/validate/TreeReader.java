package io.outpost.toolkit.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.yaml.SourcePosition;
import io.outpost.common.yaml.YamlDocument;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed reads from a located YAML tree. A value of the wrong shape becomes an error at its
 * position (and the read returns null) instead of an exception, so that one bad value never
 * hides the others. Nodes are addressed by JSON Pointer so every message can name its line.
 */
public final class TreeReader {
    private final YamlDocument doc;
    private final Diagnostics diagnostics;

    public TreeReader(YamlDocument doc, Diagnostics diagnostics) {
        this.doc = doc;
        this.diagnostics = diagnostics;
    }

    public YamlDocument doc() {
        return doc;
    }

    public Diagnostics diagnostics() {
        return diagnostics;
    }

    public SourcePosition at(String pointer) {
        return doc.position(pointer);
    }

    public void error(String pointer, String message, String hint) {
        diagnostics.error(at(pointer), message, hint);
    }

    public void warning(String pointer, String message, String hint) {
        diagnostics.warning(at(pointer), message, hint);
    }

    /** "a number", "a list", … for messages. */
    public static String describe(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return "nothing (null)";
        }
        if (n.isObject()) {
            return "a map";
        }
        if (n.isArray()) {
            return "a list";
        }
        if (n.isBoolean()) {
            return "true/false";
        }
        if (n.isNumber()) {
            return "a number (" + n.asText() + ")";
        }
        return "a string ('" + n.asText() + "')";
    }

    private void wrongShape(String pointer, String what, String expected, JsonNode found, String hint) {
        error(pointer, what + " must be " + expected + ", found " + describe(found), hint);
    }

    public boolean isObject(JsonNode n, String pointer, String what, String hint) {
        if (n != null && n.isObject()) {
            return true;
        }
        wrongShape(pointer, what, "a map", n, hint);
        return false;
    }

    public String string(JsonNode n, String pointer, String what, String hint) {
        if (n != null && n.isTextual()) {
            return n.asText();
        }
        wrongShape(pointer, what, "a string", n, hint);
        return null;
    }

    /** A non-empty string without surrounding blanks. */
    public String name(JsonNode n, String pointer, String what, String hint) {
        String s = string(n, pointer, what, hint);
        if (s != null && (s.isBlank() || !s.strip().equals(s))) {
            error(pointer, what + " must not be empty or start/end with blanks", hint);
            return null;
        }
        return s;
    }

    public Boolean bool(JsonNode n, String pointer, String what) {
        if (n != null && n.isBoolean()) {
            return n.booleanValue();
        }
        wrongShape(pointer, what, "true or false", n, null);
        return null;
    }

    public Long nonNegativeLong(JsonNode n, String pointer, String what) {
        if (n != null && n.isIntegralNumber() && n.canConvertToLong() && n.longValue() >= 0) {
            return n.longValue();
        }
        wrongShape(pointer, what, "a whole number of 0 or more", n, null);
        return null;
    }

    public Integer nonNegativeInt(JsonNode n, String pointer, String what) {
        if (n != null && n.isIntegralNumber() && n.canConvertToInt() && n.intValue() >= 0) {
            return n.intValue();
        }
        wrongShape(pointer, what, "a whole number of 0 or more", n, null);
        return null;
    }

    public Double nonNegativeNumber(JsonNode n, String pointer, String what) {
        if (n != null && n.isNumber() && n.doubleValue() >= 0 && Double.isFinite(n.doubleValue())) {
            return n.doubleValue();
        }
        wrongShape(pointer, what, "a number of 0 or more", n, null);
        return null;
    }

    public List<String> stringList(JsonNode n, String pointer, String what, String hint) {
        if (n == null || !n.isArray()) {
            wrongShape(pointer, what, "a list of strings", n, hint);
            return null;
        }
        List<String> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < n.size(); i++) {
            String s = string(n.get(i), YamlDocument.child(pointer, i), what + " item", hint);
            if (s == null) {
                ok = false;
            } else {
                out.add(s);
            }
        }
        return ok ? List.copyOf(out) : null;
    }

    /** HTTP status codes, 100–599. */
    public List<Integer> statusCodes(JsonNode n, String pointer, String what) {
        String hint = "write " + what + " as a list such as [500, 503]";
        if (n == null || !n.isArray()) {
            wrongShape(pointer, what, "a list of HTTP status codes", n, hint);
            return null;
        }
        List<Integer> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < n.size(); i++) {
            JsonNode item = n.get(i);
            String p = YamlDocument.child(pointer, i);
            if (item.isIntegralNumber() && item.canConvertToInt() && item.intValue() >= 100 && item.intValue() <= 599) {
                out.add(item.intValue());
            } else if (item.isTextual() && item.asText().matches("[1-5][0-9][0-9]")) {
                out.add(Integer.parseInt(item.asText()));
            } else {
                error(p, what + " item must be an HTTP status code (100-599), found " + describe(item), hint);
                ok = false;
            }
        }
        return ok ? List.copyOf(out) : null;
    }

    /**
     * Reports keys of {@code object} not in {@code known} as errors (a misspelt key silently
     * ignored is worse than a refused build), with the closest known key as the hint.
     */
    public void rejectUnknownKeys(JsonNode object, String pointer, Set<String> known, String context) {
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            String key = fields.next().getKey();
            if (!known.contains(key)) {
                error(YamlDocument.child(pointer, key), "unknown key '" + key + "' in " + context,
                        Suggestions.hint(key, known));
            }
        }
    }
}
