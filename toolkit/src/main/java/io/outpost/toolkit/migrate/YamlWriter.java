package io.outpost.toolkit.migrate;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes a {@link YamlNode} in block style, two spaces per level, comments above what they are
 * about. Strings are quoted unless they are unmistakably plain (so {@code 0.0.0.0}, {@code on} or
 * a URL keep their type), and short lists of plain values go on one line.
 */
public final class YamlWriter {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_/][A-Za-z0-9_./+-]*");
    /** YAML 1.1 booleans and null, which a plain scalar would become. */
    private static final Set<String> RESERVED = Set.of("y", "n", "yes", "no", "true", "false", "on", "off", "null", "~");
    private static final int FLOW_WIDTH = 100;

    private final StringBuilder out = new StringBuilder();

    private YamlWriter() {}

    public static String write(List<String> headerComments, YamlNode.Mapping root) {
        YamlWriter w = new YamlWriter();
        headerComments.forEach(c -> w.comment(0, c));
        w.mapping(0, root);
        return w.out.toString();
    }

    private void mapping(int indent, YamlNode.Mapping m) {
        for (YamlNode.Entry e : m.entries()) {
            entry(indent, e, indent);
        }
    }

    /**
     * One entry; {@code keyIndent} -1 means its key continues a line already started (the first
     * entry of a sequence item, after "- ").
     */
    private void entry(int indent, YamlNode.Entry e, int keyIndent) {
        if (keyIndent >= 0) {
            comment(indent, e.comment());
            spaces(indent);
        }
        out.append(key(e.key())).append(':');
        value(indent, e.value());
    }

    /** A value after "key:" (or "-"): on the same line when it is a scalar or a short flow list. */
    private void value(int indent, YamlNode v) {
        if (v instanceof YamlNode.Scalar s) {
            out.append(' ').append(scalar(s.value())).append('\n');
        } else if (v instanceof YamlNode.Sequence seq) {
            String flow = flow(seq);
            if (flow != null) {
                out.append(' ').append(flow).append('\n');
                return;
            }
            out.append('\n');
            for (YamlNode.Item item : seq.items()) {
                item(indent + 2, item);
            }
        } else if (v instanceof YamlNode.Mapping m) {
            if (m.isEmpty()) {
                out.append(" {}\n");
                return;
            }
            out.append('\n');
            mapping(indent + 2, m);
        }
    }

    private void item(int indent, YamlNode.Item item) {
        comment(indent, item.comment());
        if (item.value() instanceof YamlNode.Mapping m && !m.isEmpty()) {
            List<YamlNode.Entry> entries = m.entries();
            comment(indent, entries.get(0).comment());
            spaces(indent);
            out.append("- ");
            entry(indent + 2, entries.get(0), -1);
            for (YamlNode.Entry e : entries.subList(1, entries.size())) {
                entry(indent + 2, e, indent + 2);
            }
            return;
        }
        spaces(indent);
        out.append('-');
        value(indent, item.value());
    }

    /** {@code [a, b]} when every item is a scalar without a comment and the line stays short, else null. */
    private static String flow(YamlNode.Sequence seq) {
        StringBuilder s = new StringBuilder("[");
        for (YamlNode.Item item : seq.items()) {
            if (item.comment() != null || !(item.value() instanceof YamlNode.Scalar scalar)) {
                return null;
            }
            if (s.length() > 1) {
                s.append(", ");
            }
            s.append(scalar(scalar.value()));
        }
        s.append(']');
        return s.length() <= FLOW_WIDTH ? s.toString() : null;
    }

    private void comment(int indent, String comment) {
        if (comment == null) {
            return;
        }
        for (String line : comment.split("\n")) {
            spaces(indent);
            out.append(line.isBlank() ? "#" : "# " + line.strip()).append('\n');
        }
    }

    private void spaces(int n) {
        out.append(" ".repeat(n));
    }

    private static String key(String key) {
        return plain(key) ? key : quoted(key);
    }

    static String scalar(Object value) {
        if (value instanceof String s) {
            return plain(s) ? s : quoted(s);
        }
        return String.valueOf(value);
    }

    private static boolean plain(String s) {
        return PLAIN.matcher(s).matches() && !RESERVED.contains(s.toLowerCase(Locale.ROOT));
    }

    private static String quoted(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\t' -> q.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        q.append(String.format("\\x%02x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}
