package io.outpost.common.bundle.content;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads one bundle's content and collects every problem with the path of its field
 * ({@code issuers[0].keys}, {@code [3].expiresAt}), so a publisher sees the whole list at once.
 * Getters return null after recording a problem; {@link #failIfProblems} ends the read.
 */
final class ContentReader {
    /** Enough to fix a file by; a table of 100,000 bad rows should not make a 100,000-line message. */
    private static final int MAX_PROBLEMS = 20;

    private final String type;
    private final List<String> problems = new ArrayList<>();
    private final Map<Object, Object> shared = new HashMap<>();
    private int more;

    ContentReader(String type) {
        this.type = type;
    }

    static String field(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String item(String path, int index) {
        return path + "[" + index + "]";
    }

    /**
     * One instance of each equal value (a scope list, an application, a subscription list) for the
     * whole content: a table of thousands of tokens of a few applications holds each once.
     */
    @SuppressWarnings("unchecked")
    <T> T shared(T value) {
        return value == null ? null : (T) shared.computeIfAbsent(value, v -> v);
    }

    void problem(String path, String reason) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add((path.isEmpty() ? "(content)" : path) + ": " + reason);
        } else {
            more++;
        }
    }

    void failIfProblems() {
        if (!problems.isEmpty()) {
            List<String> all = new ArrayList<>(problems);
            if (more > 0) {
                all.add("and " + more + " more problems");
            }
            throw new InvalidContentException(type, all);
        }
    }

    /** Fields outside the schema are refused: an ignored field could be a restriction the publisher meant. */
    void known(String path, JsonNode node, Set<String> keys) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!keys.contains(key)) {
                problem(field(path, key), "unknown field; expected one of " + String.join(", ", new TreeSet<>(keys)));
            }
        }
    }

    /** The content itself, or an item of a list, as an object. */
    boolean isObject(String path, JsonNode node) {
        if (node == null || !node.isObject()) {
            problem(path, "must be an object (got " + kind(node) + ")");
            return false;
        }
        return true;
    }

    JsonNode object(String path, JsonNode parent, String key, boolean required) {
        JsonNode node = present(path, parent, key, required);
        return node == null || isObject(field(path, key), node) ? node : null;
    }

    JsonNode array(String path, JsonNode parent, String key, boolean required) {
        JsonNode node = present(path, parent, key, required);
        return node == null || isArray(field(path, key), node) ? node : null;
    }

    boolean isArray(String path, JsonNode node) {
        if (node == null || !node.isArray()) {
            problem(path, "must be a list (got " + kind(node) + ")");
            return false;
        }
        return true;
    }

    /** A non-empty string. */
    String text(String path, JsonNode parent, String key, boolean required) {
        JsonNode node = present(path, parent, key, required);
        if (node == null) {
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            problem(field(path, key), "must be a non-empty string (got " + kind(node) + ")");
            return null;
        }
        return node.asText();
    }

    /** A list of non-empty strings; empty when absent and not required. */
    List<String> texts(String path, JsonNode parent, String key, boolean required) {
        JsonNode node = array(path, parent, key, required);
        if (node == null) {
            return required ? null : List.of();
        }
        List<String> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode e = node.get(i);
            if (!e.isTextual() || e.asText().isBlank()) {
                problem(item(field(path, key), i), "must be a non-empty string (got " + kind(e) + ")");
            } else {
                out.add(e.asText());
            }
        }
        return out;
    }

    /** A point in time: whole seconds since the epoch (as a JWT's {@code exp}) or an ISO-8601 instant. */
    Long instant(String path, JsonNode parent, String key) {
        JsonNode node = present(path, parent, key, true);
        if (node == null) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToLong() && node.asLong() >= 0) {
            return node.asLong();
        }
        if (node.isTextual()) {
            try {
                return Instant.parse(node.asText()).getEpochSecond();
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        problem(field(path, key), "must be seconds since the epoch or an ISO-8601 instant such as "
                + "\"2030-01-01T00:00:00Z\" (got " + kind(node) + ")");
        return null;
    }

    private JsonNode present(String path, JsonNode parent, String key, boolean required) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            if (required) {
                problem(field(path, key), "is required");
            }
            return null;
        }
        return node;
    }

    static String kind(JsonNode node) {
        if (node == null || node.isNull()) {
            return "nothing";
        }
        String text = node.toString();
        return node.getNodeType().name().toLowerCase() + " " + (text.length() > 40 ? text.substring(0, 40) + "..." : text);
    }
}
