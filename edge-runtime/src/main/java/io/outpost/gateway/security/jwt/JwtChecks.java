package io.outpost.gateway.security.jwt;

import com.nimbusds.jose.jwk.JWKSet;
import io.outpost.gateway.security.ClockFloor;
import io.outpost.gateway.security.CredentialCheck;
import io.outpost.gateway.security.SecurityMaterial;
import io.outpost.gateway.security.bundles.TrustBundles;
import java.util.List;
import java.util.Map;

/**
 * The JWT checks of one generation (docs/security.md, "JWT and JWT API keys"). Each returned check
 * has its own verified-token cache, which lives as long as the generation: a new keys or revocations
 * bundle makes a new generation, so no token outlives the keys it was verified with.
 */
public final class JwtChecks {
    private JwtChecks() {}

    /** A bearer JWT from one of the configured issuers (each check of the returned instance shares its token cache). */
    public static CredentialCheck bearer(JwtSettings settings, TrustBundles bundles, ClockFloor clock) {
        return check(settings, settings.issuers(), bundles.issuerKeys(), bundles, clock, TokenCacheStats.BEARER);
    }

    /** A WSO2 JWT API key, signed by a configured API-key issuer (keys bundle: its apiKeyIssuers), its allowedAPIs honoured. */
    public static CredentialCheck apiKey(JwtSettings settings, TrustBundles bundles, ClockFloor clock) {
        return check(settings, settings.apiKeyIssuers(), bundles.apiKeyIssuerKeys(), bundles, clock, TokenCacheStats.API_KEY);
    }

    private static CredentialCheck check(JwtSettings settings, List<JwtIssuer> issuers, Map<String, JWKSet> bundleKeys,
                                         TrustBundles bundles, ClockFloor clock, TokenCacheStats stats) {
        if (issuers.isEmpty()) {
            return SecurityMaterial.NOT_CONFIGURED;
        }
        return new JwtCheck(new TokenVerifier(IssuerTable.of(issuers, bundleKeys), settings.skewSeconds()),
                new TokenCache(settings.cacheSize(), stats), bundles.revocations(), clock);
    }
}
