package io.outpost.toolkit.validate;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean …?" for misspelt keys and names, so that a hint can name the likely fix. */
public final class Suggestions {
    private Suggestions() {}

    public static Optional<String> closest(String typed, Collection<String> known) {
        String t = normalize(typed);
        return known.stream()
                .sorted()
                .min(Comparator.comparingInt(k -> distance(t, normalize(k))))
                .filter(k -> distance(t, normalize(k)) <= Math.max(2, k.length() / 3));
    }

    /** A hint naming the closest known value, else listing them all. */
    public static String hint(String typed, Collection<String> known) {
        return closest(typed, known)
                .map(k -> "did you mean '" + k + "'?")
                .orElse("expected one of: " + String.join(", ", known.stream().sorted().toList()));
    }

    // Case and separators don't count: kebab, snake and camel spellings of one key are near.
    private static String normalize(String s) {
        return s.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] swap = prev;
            prev = cur;
            cur = swap;
        }
        return prev[b.length()];
    }
}
