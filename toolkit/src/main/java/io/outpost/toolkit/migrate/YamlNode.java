package io.outpost.toolkit.migrate;

import java.util.ArrayList;
import java.util.List;

/**
 * The YAML the migration prints: mappings in insertion order, sequences and scalars, each entry
 * or item with an optional comment written on the line above it. Jackson cannot write comments,
 * and the comments are what tell a reader where each value came from.
 */
public sealed interface YamlNode {
    record Scalar(Object value) implements YamlNode {}

    record Entry(String key, YamlNode value, String comment) {}

    record Item(YamlNode value, String comment) {}

    final class Mapping implements YamlNode {
        private final List<Entry> entries = new ArrayList<>();

        public Mapping put(String key, Object value, String comment) {
            entries.removeIf(e -> e.key().equals(key));
            entries.add(new Entry(key, node(value), comment));
            return this;
        }

        public Mapping put(String key, Object value) {
            return put(key, value, null);
        }

        /** The mapping under {@code key}, added (with {@code comment}) when absent. */
        public Mapping child(String key, String comment) {
            for (Entry e : entries) {
                if (e.key().equals(key) && e.value() instanceof Mapping m) {
                    return m;
                }
            }
            Mapping m = new Mapping();
            entries.add(new Entry(key, m, comment));
            return m;
        }

        public Mapping child(String key) {
            return child(key, null);
        }

        public List<Entry> entries() {
            return entries;
        }

        public boolean isEmpty() {
            return entries.isEmpty();
        }
    }

    final class Sequence implements YamlNode {
        private final List<Item> items = new ArrayList<>();

        public Sequence add(Object value, String comment) {
            items.add(new Item(node(value), comment));
            return this;
        }

        public List<Item> items() {
            return items;
        }

        public static Sequence of(List<?> values) {
            Sequence s = new Sequence();
            values.forEach(v -> s.add(v, null));
            return s;
        }
    }

    private static YamlNode node(Object value) {
        if (value instanceof YamlNode n) {
            return n;
        }
        if (value instanceof List<?> list) {
            return Sequence.of(list);
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return new Scalar(value);
        }
        throw new IllegalArgumentException("not a YAML value: " + value);
    }
}
