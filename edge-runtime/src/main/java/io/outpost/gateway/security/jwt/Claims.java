package io.outpost.gateway.security.jwt;

import java.util.ArrayList;
import java.util.List;

/** Reading claim values as the JSON parser gave them, strictly: a wrong type is never coerced into a pass. */
final class Claims {
    static final long ABSENT = -1;
    static final long INVALID = -2;
    /** Year 5138: a NumericDate beyond it is not a date (and would overflow in milliseconds). */
    private static final double MAX_SECONDS = 1e11;

    private Claims() {}

    /** A NumericDate (RFC 7519: seconds, maybe fractional) as whole seconds; {@link #ABSENT} or {@link #INVALID}. */
    static long numericDate(Object value) {
        if (value == null) {
            return ABSENT;
        }
        if (!(value instanceof Number number)) {
            return INVALID;
        }
        double seconds = number.doubleValue();
        return seconds >= 0 && seconds < MAX_SECONDS ? (long) seconds : INVALID;
    }

    /** A string, or an id given as a number; null otherwise. */
    static String text(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Long || value instanceof Integer) {
            return value.toString();
        }
        return null;
    }

    /** A list of strings, or one string (split at spaces when {@code split}); empty when absent. */
    static List<String> strings(Object value, boolean split) {
        List<String> out = new ArrayList<>(4);
        add(out, value, split);
        return out;
    }

    /** Adds the strings of {@code value} (a list, or one string split at spaces when {@code split}) not yet in {@code out}. */
    static void add(List<String> out, Object value, boolean split) {
        if (value instanceof String s) {
            if (split) {
                for (String part : s.split(" ")) {
                    addOnce(out, part);
                }
            } else {
                addOnce(out, s);
            }
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof String s) {
                    addOnce(out, s);
                }
            }
        }
    }

    private static void addOnce(List<String> out, String value) {
        if (!value.isEmpty() && !out.contains(value)) {
            out.add(value);
        }
    }
}
