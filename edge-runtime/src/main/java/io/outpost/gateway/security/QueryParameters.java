package io.outpost.gateway.security;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Reading and taking out one parameter of a raw query string (an API key sent in the query). */
public final class QueryParameters {
    private QueryParameters() {}

    /** The decoded value of the first parameter of that name, or null. */
    public static String find(String rawQuery, String name) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        int start = 0;
        while (start <= rawQuery.length()) {
            int end = rawQuery.indexOf('&', start);
            if (end < 0) {
                end = rawQuery.length();
            }
            int eq = rawQuery.indexOf('=', start);
            int nameEnd = eq >= 0 && eq < end ? eq : end;
            if (decode(rawQuery.substring(start, nameEnd)).equals(name)) {
                return nameEnd == end ? "" : decode(rawQuery.substring(nameEnd + 1, end));
            }
            start = end + 1;
        }
        return null;
    }

    /** The raw query without every parameter of that name, or null when nothing is left. */
    static String remove(String rawQuery, String name) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        StringBuilder kept = new StringBuilder(rawQuery.length());
        for (String part : rawQuery.split("&", -1)) {
            int eq = part.indexOf('=');
            String partName = decode(eq >= 0 ? part.substring(0, eq) : part);
            if (!partName.equals(name)) {
                if (kept.length() > 0) {
                    kept.append('&');
                }
                kept.append(part);
            }
        }
        return kept.length() == 0 ? null : kept.toString();
    }

    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return raw; // a malformed escape: compared as sent
        }
    }
}
