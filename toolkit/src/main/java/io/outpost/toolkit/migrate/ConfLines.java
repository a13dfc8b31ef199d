package io.outpost.toolkit.migrate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each table and key of a micro-gw.conf is, by line. The TOML parser gives a tree without
 * positions; notes and errors must still name the line a user edits. The text has already parsed,
 * so this scan only has to follow headers and {@code key =} lines, not to judge them.
 * Paths are dotted, with {@code [i]} after an array of tables: {@code jwtTokenConfig[1].issuer}.
 */
final class ConfLines {
    private final Map<String, Integer> lines = new HashMap<>();

    private ConfLines() {}

    static ConfLines of(String text) {
        ConfLines index = new ConfLines();
        Map<String, Integer> arrayCounts = new HashMap<>();
        String table = "";
        String[] all = text.split("\r?\n", -1);
        for (int i = 0; i < all.length; i++) {
            String line = all[i].strip();
            int number = i + 1;
            if (line.startsWith("[[")) {
                List<String> keys = keys(line.substring(2, Math.max(2, line.indexOf("]]"))));
                String array = resolve(keys, arrayCounts);
                int n = arrayCounts.merge(array, 1, Integer::sum);
                table = array + "[" + (n - 1) + "]";
                index.lines.putIfAbsent(table, number);
                index.lines.putIfAbsent(array, number);
            } else if (line.startsWith("[")) {
                table = resolve(keys(line.substring(1, Math.max(1, line.indexOf(']')))), arrayCounts);
                index.lines.putIfAbsent(table, number);
                // [a.b.c] also defines a and a.b when no header of theirs came first.
                for (int dot = table.indexOf('.'); dot > 0; dot = table.indexOf('.', dot + 1)) {
                    index.lines.putIfAbsent(table.substring(0, dot), number);
                }
            } else if (!line.isEmpty() && !line.startsWith("#") && line.indexOf('=') > 0) {
                String key = String.join(".", keys(line.substring(0, line.indexOf('='))));
                index.lines.putIfAbsent(table.isEmpty() ? key : table + "." + key, number);
                i = skipMultiLineValue(all, i, line.substring(line.indexOf('=') + 1).strip());
            }
        }
        return index;
    }

    /** The line of {@code path}, else of its nearest enclosing table that has one; 0 when none does. */
    int line(String path) {
        String p = path;
        while (!p.isEmpty()) {
            Integer n = lines.get(p);
            if (n != null) {
                return n;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
        return 0;
    }

    /** The dotted path of a header, with the current element of every enclosing array of tables. */
    private static String resolve(List<String> keys, Map<String, Integer> arrayCounts) {
        StringBuilder path = new StringBuilder();
        for (int k = 0; k < keys.size(); k++) {
            if (k > 0) {
                path.append('.');
            }
            path.append(keys.get(k));
            Integer n = arrayCounts.get(path.toString());
            if (n != null && k < keys.size() - 1) {
                path.append('[').append(n - 1).append(']');
            }
        }
        return path.toString();
    }

    /** A dotted key's parts: bare keys trimmed, quoted keys unquoted. */
    private static List<String> keys(String dotted) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        char quote = 0;
        for (char c : dotted.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    part.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '.') {
                parts.add(part.toString().strip());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString().strip());
        return parts;
    }

    /** Skips the lines of a value that goes on past its key's line (a multi-line string or array). */
    private static int skipMultiLineValue(String[] all, int i, String value) {
        for (String delimiter : new String[] {"\"\"\"", "'''"}) {
            if (value.startsWith(delimiter) && value.indexOf(delimiter, 3) < 0) {
                int j = i + 1;
                while (j < all.length && !all[j].contains(delimiter)) {
                    j++;
                }
                return j;
            }
        }
        int depth = bracketDepth(value);
        int j = i;
        while (depth > 0 && j + 1 < all.length) {
            j++;
            depth += bracketDepth(all[j]);
        }
        return j;
    }

    /** Opening minus closing brackets outside strings and comments. */
    private static int bracketDepth(String text) {
        int depth = 0;
        char quote = 0;
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            if (quote != 0) {
                if (c == '\\' && quote == '"') {
                    k++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#') {
                break;
            } else if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            }
        }
        return depth;
    }
}
