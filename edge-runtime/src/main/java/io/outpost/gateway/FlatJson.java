package io.outpost.gateway;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the admin port's answer to {@code POST /reload}, a flat JSON object of strings, numbers,
 * booleans and nulls, for the reload client without Jackson (a few hundred classes in a process that
 * runs inside the gateway's memory limit). A nested value or anything else is refused.
 */
final class FlatJson {
    private final String s;
    private int i;

    private FlatJson(String s) {
        this.s = s;
    }

    /** Each member's value as text (a string unescaped, a number or literal as written). */
    static Map<String, String> read(String json) {
        FlatJson p = new FlatJson(json);
        Map<String, String> members = new LinkedHashMap<>();
        p.expect('{');
        if (p.peek() == '}') {
            p.i++;
            return members;
        }
        do {
            String key = p.string();
            p.expect(':');
            members.put(key, p.peek() == '"' ? p.string() : p.literal());
        } while (p.comma());
        p.expect('}');
        return members;
    }

    private char peek() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        if (i >= s.length()) {
            throw new IllegalArgumentException("the admin port's answer ends early: " + s);
        }
        return s.charAt(i);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw new IllegalArgumentException("the admin port's answer is not a flat JSON object: " + s);
        }
        i++;
    }

    private boolean comma() {
        if (peek() == ',') {
            i++;
            return true;
        }
        return false;
    }

    private String literal() {
        int start = i;
        while (i < s.length() && ",} \t\r\n".indexOf(s.charAt(i)) < 0) {
            i++;
        }
        String v = s.substring(start, i);
        if (v.isEmpty() || v.startsWith("{") || v.startsWith("[")) {
            throw new IllegalArgumentException("the admin port's answer is not a flat JSON object: " + s);
        }
        return v;
    }

    private String string() {
        expect('"');
        StringBuilder b = new StringBuilder();
        while (true) {
            char c = s.charAt(i++);
            if (c == '"') {
                return b.toString();
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = s.charAt(i++);
            switch (e) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'u' -> {
                    b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                    i += 4;
                }
                default -> b.append(e); // \" \\ \/
            }
        }
    }
}
