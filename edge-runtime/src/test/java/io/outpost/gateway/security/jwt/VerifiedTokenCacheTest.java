package io.outpost.gateway.security.jwt;

import static io.outpost.gateway.security.jwt.JwtFixture.PETS;
import static io.outpost.gateway.security.jwt.JwtFixture.PIZZA;
import static io.outpost.gateway.security.jwt.JwtFixture.accepted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import io.outpost.gateway.security.Check;
import io.outpost.gateway.security.Revocations;
import io.outpost.gateway.security.SecurityMaterial;
import io.outpost.gateway.security.bundles.TrustBundles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verified-token cache: a hit gives the same answer without verifying again, yet never past
 * {@code exp} and never once revoked; it holds no more than cacheSize tokens; event loops share it.
 */
class VerifiedTokenCacheTest {
    static final TestKeys.Signing KEY = TestKeys.ec("k", Curve.P_256);

    @TempDir
    Path dir;
    JwtFixture fx;
    final Set<String> revokedJtis = ConcurrentHashMap.newKeySet();
    final AtomicInteger revocationLookups = new AtomicInteger();

    @BeforeEach
    void setUp() throws Exception {
        fx = new JwtFixture(dir);
        TestKeys.jwks(dir, "k.jwks", KEY);
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private JwtCheck check(int cacheSize, int skew) throws Exception {
        JwtSettings settings = fx.settings("""
                security:
                  jwt:
                    cacheSize: %d
                    skewSeconds: %d
                    issuers:
                      - issuer: https://idp.test/oauth2/token
                        jwks: [k.jwks]
                """.formatted(cacheSize, skew));
        Revocations revocations = (jti, sub, client, now) -> {
            revocationLookups.incrementAndGet();
            return revokedJtis.contains(jti);
        };
        return (JwtCheck) fx.bearer(settings, new TrustBundles(Map.of(), revocations, SecurityMaterial.NOT_CONFIGURED));
    }

    @Test
    void aHitGivesTheSameIdentityAndStillAsksTheRevocations() throws Exception {
        JwtCheck check = check(100, 0);
        String token = Tokens.sign(KEY, Tokens.claims(fx.now()));
        Check first = check.check(token, PIZZA);
        Check second = check.check(token, PIZZA);
        assertTrue(accepted(first));
        assertSame(first, second, "the kept decision, nothing allocated");
        assertEquals(1, check.cached());
        assertEquals(2, revocationLookups.get());
        assertTrue(accepted(check.check(token, PETS)));
        assertSame(((Check.Accepted) first).identity(), ((Check.Accepted) check.check(token, PETS)).identity());
    }

    @Test
    void aCachedTokenIsRefusedOnceExpired() throws Exception {
        JwtCheck check = check(100, 30);
        var claims = Tokens.claims(fx.now());
        claims.put("exp", fx.now() + 100);
        String token = Tokens.sign(KEY, claims);
        assertTrue(accepted(check.check(token, PIZZA)));
        fx.advanceSeconds(130);
        assertTrue(accepted(check.check(token, PIZZA)), "exp + skew is the last good second");
        fx.advanceSeconds(1);
        assertFalse(accepted(check.check(token, PIZZA)));
        assertEquals(0, check.cached(), "dropped");
        assertFalse(accepted(check.check(token, PIZZA)), "and not verified back in");
    }

    @Test
    void anotherTokenWithTheCachedOnesSignatureIsNoHit() throws Exception {
        JwtCheck check = check(100, 0);
        String token = Tokens.sign(KEY, Tokens.claims(fx.now()));
        assertTrue(accepted(check.check(token, PIZZA)));
        var more = Tokens.claims(fx.now());
        more.put("scope", "admin");
        String forged = token.substring(0, token.indexOf('.') + 1) + Tokens.b64(com.nimbusds.jose.util.JSONObjectUtils.toJSONString(more))
                + token.substring(token.lastIndexOf('.'));
        assertFalse(accepted(check.check(forged, PIZZA)));
        assertEquals(1, check.cached());
    }

    @Test
    void aCachedTokenIsRefusedOnceRevoked() throws Exception {
        JwtCheck check = check(100, 0);
        var claims = Tokens.claims(fx.now());
        String token = Tokens.sign(KEY, claims);
        assertTrue(accepted(check.check(token, PIZZA)));
        revokedJtis.add((String) claims.get("jti"));
        assertFalse(accepted(check.check(token, PIZZA)));
        assertFalse(accepted(check.check(token, PETS)));
    }

    @Test
    void theCacheHoldsNoMoreThanItsSize() throws Exception {
        JwtCheck check = check(8, 0);
        for (int i = 0; i < 50; i++) {
            assertTrue(accepted(check.check(Tokens.sign(KEY, Tokens.claims(fx.now())), PIZZA)));
            assertTrue(check.cached() <= 8, "cached " + check.cached());
        }
        JwtCheck none = check(0, 0);
        assertTrue(accepted(none.check(Tokens.sign(KEY, Tokens.claims(fx.now())), PIZZA)));
        assertEquals(0, none.cached());
    }

    @Test
    void eventLoopsShareItSafely() throws Exception {
        JwtCheck check = check(64, 0);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            tokens.add(Tokens.sign(KEY, Tokens.claims(fx.now())));
        }
        ExecutorService loops = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t * 37;
                results.add(loops.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < 2000; i++) {
                        ok += accepted(check.check(tokens.get((offset + i * 7) % tokens.size()), i % 2 == 0 ? PIZZA : PETS)) ? 1 : 0;
                    }
                    return ok;
                }));
            }
            for (Future<Integer> result : results) {
                assertEquals(2000, result.get());
            }
        } finally {
            loops.shutdownNow();
        }
        assertTrue(check.cached() <= 64 + 4, "cached " + check.cached());
    }
}
