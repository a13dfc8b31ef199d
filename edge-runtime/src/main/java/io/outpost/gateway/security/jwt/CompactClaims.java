package io.outpost.gateway.security.jwt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A verified token's claims as the cache keeps them: immutable maps and lists of flat arrays (the
 * parser's linked tree nodes cost 40 bytes an entry), claim names and short values interned
 * (10,000 tokens of one issuer repeat the same names, issuer, audience, tiers, API names), JSON
 * nulls left out. A WSO2 token with two subscriptions took 6.6 KB in the cache as parsed.
 * Only claims of verified tokens are interned: their issuer, not the sender, chose them.
 */
final class CompactClaims {
    /** Longer strings are rarely shared between tokens (jti, long scope lists). */
    private static final int INTERNED_CHARS = 64;

    private CompactClaims() {}

    static Map<String, Object> of(Map<String, Object> claims) {
        return map(claims);
    }

    private static Map<String, Object> map(Map<?, ?> raw) {
        Map<String, Object> out = new HashMap<>(raw.size() * 2);
        for (Map.Entry<?, ?> e : raw.entrySet()) {
            Object value = value(e.getValue());
            if (e.getKey() instanceof String key && value != null) {
                out.put(key.intern(), value);
            }
        }
        return Map.copyOf(out);
    }

    private static Object value(Object value) {
        if (value instanceof String s) {
            return s.length() <= INTERNED_CHARS ? s.intern() : s;
        }
        if (value instanceof Map<?, ?> m) {
            return map(m);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object item : list) {
                Object v = value(item);
                if (v != null) {
                    out.add(v);
                }
            }
            return List.copyOf(out);
        }
        return value;
    }
}
