package io.outpost.gateway.security.jwt;

import static io.outpost.gateway.security.jwt.JwtFixture.PIZZA;
import static io.outpost.gateway.security.jwt.JwtFixture.accepted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.gateway.security.bundles.TrustBundles;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the metrics read of the verified-token caches: hits and misses counted across generations,
 * entries of the newest cache of a kind (the serving generation's).
 */
class TokenCacheStatsTest {
    @TempDir
    Path dir;
    JwtFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new JwtFixture(dir);
        TestKeys.jwks(dir, "k.jwks", VerifiedTokenCacheTest.KEY);
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    @Test
    void countsHitsAndMissesAcrossGenerationsAndShowsTheNewestCachesEntries() throws Exception {
        TokenCacheStats stats = TokenCacheStats.BEARER;
        long hits = stats.hits();
        long misses = stats.misses();
        JwtCheck first = generation();
        assertEquals(0, stats.entries());
        String a = Tokens.sign(VerifiedTokenCacheTest.KEY, Tokens.claims(fx.now()));
        Map<String, Object> other = new HashMap<>(Tokens.claims(fx.now()));
        other.put("jti", "another-token");
        String b = Tokens.sign(VerifiedTokenCacheTest.KEY, other);
        assertTrue(accepted(first.check(a, PIZZA)));
        assertTrue(accepted(first.check(a, PIZZA)));
        assertTrue(accepted(first.check(b, PIZZA)));
        assertTrue(accepted(first.check(a, PIZZA)));
        assertEquals(hits + 2, stats.hits());
        assertEquals(misses + 2, stats.misses());
        assertEquals(2, stats.entries());

        JwtCheck second = generation(); // a reload: a new cache, empty; the counts go on
        assertEquals(0, stats.entries());
        assertTrue(accepted(second.check(a, PIZZA)));
        assertEquals(1, stats.entries());
        assertEquals(misses + 3, stats.misses());
        assertTrue(accepted(first.check(a, PIZZA)), "an exchange still on the old generation");
        assertEquals(hits + 3, stats.hits());
    }

    private JwtCheck generation() throws Exception {
        return (JwtCheck) fx.bearer(fx.settings("""
                security:
                  jwt:
                    issuers:
                      - issuer: https://idp.test/oauth2/token
                        jwks: [k.jwks]
                """), TrustBundles.NONE);
    }
}
