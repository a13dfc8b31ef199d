package io.outpost.toolkit.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One table of micro-gw.conf. Getters return null for an absent key and record a problem (with
 * the key's line) for a value of the wrong type; the keys read are remembered, so that every key
 * no mapping knows can be named as not carried over.
 */
public final class Table {
    private final MicroGwConf conf;
    private final String path;
    private final String label;
    private final ObjectNode node;
    private final Set<String> read = new LinkedHashSet<>();

    Table(MicroGwConf conf, String path, String label, ObjectNode node) {
        this.conf = conf;
        this.path = path;
        this.label = label;
        this.node = node;
    }

    /** How notes name this table: {@code [listenerConfig]}, {@code [[jwtTokenConfig]] #2}. */
    String label() {
        return label;
    }

    /** How notes name one of its keys: {@code [listenerConfig] httpsPort}. */
    String label(String key) {
        return label.isEmpty() ? key : label + " " + key;
    }

    int line() {
        return conf.line(path);
    }

    int line(String key) {
        return conf.line(child(key));
    }

    boolean has(String key) {
        return node.has(key);
    }

    /**
     * This table's path, or that of its only sub-table when it holds nothing else, and so on down:
     * {@code apim.eventHub} for {@code [apim.eventHub]}, which is how the user wrote it.
     */
    String singlePath() {
        if (node.size() == 1) {
            String only = node.fieldNames().next();
            if (node.get(only).isObject()) {
                return new Table(conf, path + "." + only, label, (ObjectNode) node.get(only)).singlePath();
            }
        }
        return path;
    }

    /** Whether {@code key} holds a table (not reading it). */
    boolean isTable(String key) {
        return node.has(key) && node.get(key).isObject();
    }

    Set<String> keys() {
        Set<String> keys = new LinkedHashSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** Marks keys as handled without reading them (they are named in a note of their own). */
    void ignore(String... keys) {
        read.addAll(List.of(keys));
    }

    /** The keys present that no getter read and nobody {@link #ignore}d. */
    List<String> unread() {
        List<String> left = new ArrayList<>();
        for (String key : keys()) {
            if (!read.contains(key)) {
                left.add(key);
            }
        }
        return left;
    }

    String text(String key) {
        JsonNode v = value(key);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            wrongType(key, "a string in quotes", v);
            return null;
        }
        return v.textValue();
    }

    Boolean bool(String key) {
        JsonNode v = value(key);
        if (v == null) {
            return null;
        }
        if (!v.isBoolean()) {
            wrongType(key, "true or false", v);
            return null;
        }
        return v.booleanValue();
    }

    /** An integer within [min, max]. */
    Long integer(String key, long min, long max) {
        JsonNode v = value(key);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
            wrongType(key, "a whole number from " + min + " to " + max, v);
            return null;
        }
        return v.longValue();
    }

    /** A list given either as a TOML array of strings or as one string split at {@code separators} (a regex). */
    List<String> list(String key, String separators) {
        JsonNode v = value(key);
        if (v == null) {
            return null;
        }
        List<String> items = new ArrayList<>();
        if (v.isTextual()) {
            for (String item : v.textValue().split(separators)) {
                if (!item.isBlank()) {
                    items.add(item.strip());
                }
            }
            return items;
        }
        if (v.isArray()) {
            for (JsonNode item : v) {
                if (!item.isTextual()) {
                    wrongType(key, "a string or an array of strings", v);
                    return null;
                }
                items.add(item.textValue().strip());
            }
            return items;
        }
        wrongType(key, "a string or an array of strings", v);
        return null;
    }

    /** A sub-table, or null when absent (a problem when {@code key} is not a table). */
    Table table(String key) {
        JsonNode v = value(key);
        if (v == null) {
            return null;
        }
        if (!v.isObject()) {
            wrongType(key, "a table ([" + child(key) + "])", v);
            return null;
        }
        return new Table(conf, child(key), "[" + child(key) + "]", (ObjectNode) v);
    }

    /**
     * An array of tables ({@code [[key]]}); a single table ({@code [key]}, as Microgateway 3.0 wrote
     * {@code [jwtTokenConfig]}) counts as an array of one.
     */
    List<Table> tables(String key) {
        JsonNode v = value(key);
        List<Table> tables = new ArrayList<>();
        if (v == null) {
            return tables;
        }
        if (v.isObject()) {
            tables.add(new Table(conf, child(key), "[" + child(key) + "]", (ObjectNode) v));
            return tables;
        }
        if (!v.isArray()) {
            wrongType(key, "an array of tables ([[" + child(key) + "]])", v);
            return tables;
        }
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isObject()) {
                wrongType(key, "an array of tables ([[" + child(key) + "]])", v);
                return List.of();
            }
            String label = "[[" + child(key) + "]]" + (v.size() > 1 ? " #" + (i + 1) : "");
            tables.add(new Table(conf, child(key) + "[" + i + "]", label, (ObjectNode) v.get(i)));
        }
        return tables;
    }

    /** Every sub-table by name, in file order ({@code [b7a.users.NAME]}); other keys are left unread. */
    Map<String, Table> subtables() {
        Map<String, Table> tables = new LinkedHashMap<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (node.get(key).isObject()) {
                tables.put(key, table(key));
            }
        }
        return tables;
    }

    void note(Note.Kind kind, String key, String text) {
        conf.note(kind, key == null ? line() : line(key), text);
    }

    void problem(String key, String message) {
        conf.problem(key == null ? line() : line(key), (key == null ? label : label(key)) + ": " + message);
    }

    private JsonNode value(String key) {
        read.add(key);
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v;
    }

    private void wrongType(String key, String expected, JsonNode got) {
        problem(key, "must be " + expected + " (got " + shorten(got.toString()) + ")");
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    private String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
