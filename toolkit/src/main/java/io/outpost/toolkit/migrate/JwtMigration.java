package io.outpost.toolkit.migrate;

import java.util.List;

/**
 * {@code security.jwt}: the verified-token cache from {@code [caching]}, the clock skew from
 * {@code [server] timestampSkew} (milliseconds in WSO2, seconds here) and one issuer per
 * {@code [[jwtTokenConfig]]}.
 */
final class JwtMigration {
    private JwtMigration() {}

    static void migrate(Migration m) {
        YamlNode.Mapping jwt = new YamlNode.Mapping();
        caching(m, jwt);
        skew(m, jwt);
        YamlNode.Sequence issuers = new YamlNode.Sequence();
        for (Table t : m.conf.root().tables("jwtTokenConfig")) {
            YamlNode.Mapping issuer = IssuerMigration.migrate(m, t, false);
            if (issuer != null) {
                issuers.add(issuer, null);
            }
        }
        if (!issuers.items().isEmpty()) {
            jwt.put("issuers", issuers);
        }
        if (!jwt.isEmpty()) {
            m.security().put("jwt", jwt);
        }
    }

    private static void caching(Migration m, YamlNode.Mapping jwt) {
        Table c = m.section("caching");
        m.sweep(c);
        if (c == null) {
            return;
        }
        Boolean enabled = c.bool("enabled");
        Long capacity = c.integer("tokenCacheCapacity", 1, Integer.MAX_VALUE);
        if (Boolean.FALSE.equals(enabled)) {
            jwt.put("cacheSize", 0L, "[caching] enabled false: every use of a token is verified");
        } else if (capacity != null) {
            jwt.put("cacheSize", capacity, "[caching] tokenCacheCapacity");
        }
        for (String key : List.of("tokenCacheExpiryTime", "tokenCacheEvictionFactor")) {
            if (c.has(key)) {
                c.ignore(key);
                c.note(Note.Kind.SKIPPED, key, c.label(key) + ": nothing to set: a verified token stays cached until its "
                        + "exp at most, and security.jwt.cacheSize is the cache's only bound");
            }
        }
    }

    private static void skew(Migration m, YamlNode.Mapping jwt) {
        Table server = m.section("server");
        m.sweep(server);
        Table km = m.section("keyManager");
        Table from = server != null && server.has("timestampSkew") ? server : km != null && km.has("timestampSkew") ? km : null;
        if (from == null) {
            return;
        }
        Long millis = from.integer("timestampSkew", 0, 86_400_000);
        if (millis != null) {
            // Rounded up: a skew WSO2 tolerated must not start refusing tokens.
            jwt.put("skewSeconds", (millis + 999) / 1000, from.label("timestampSkew") + " " + millis + " ms");
        }
    }
}
