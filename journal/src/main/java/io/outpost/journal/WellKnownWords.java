package io.outpost.journal;

import java.util.HashMap;
import java.util.Map;

/**
 * Text values common enough to be written as a one-byte code instead of their letters (methods,
 * key types, WSO2 throttle levels and tiers, usual authentication outcomes). The table is part of
 * record format version 1: it never changes, so any reader of version 1 decodes every code.
 * A value missing here is simply written as text; extending the table means a new format version.
 */
final class WellKnownWords {
    private static final String[] WORDS = {
        null, // code 0 is never used
        "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "CONNECT",
        "PRODUCTION", "SANDBOX",
        "api", "resource", "application", "subscription", "custom",
        "Unlimited", "Gold", "Silver", "Bronze", "Unauthenticated", "Default",
        "ok", "success", "none", "anonymous", "missing", "invalid", "expired", "revoked", "forbidden",
        "jwt", "oauth2", "api_key", "basic", "mtls",
    };
    private static final Map<String, Integer> CODES = new HashMap<>();

    static {
        for (int i = 1; i < WORDS.length; i++) {
            CODES.put(WORDS[i], i);
        }
    }

    private WellKnownWords() {}

    /** The word's code, or 0 if it is not in the table. */
    static int code(String word) {
        Integer code = CODES.get(word);
        return code == null ? 0 : code;
    }

    static String word(long code) {
        if (code <= 0 || code >= WORDS.length) {
            throw new MalformedRecordException("unknown word code " + code);
        }
        return WORDS[(int) code];
    }
}
