package io.outpost.gateway.security.jwt;

import io.outpost.gateway.security.ClockFloor;
import io.outpost.gateway.security.CredentialCheck;
import io.outpost.gateway.security.SecurityMaterial;
import io.outpost.gateway.security.bundles.TrustBundles;

/** The JWT checks of one generation. Placeholder of the contract; the JWT work fills it in. */
public final class JwtChecks {
    private JwtChecks() {}

    /** A bearer JWT from one of the configured issuers (each check of the returned instance shares its token cache). */
    public static CredentialCheck bearer(JwtSettings settings, TrustBundles bundles, ClockFloor clock) {
        return SecurityMaterial.NOT_CONFIGURED;
    }

    /** A WSO2 JWT API key, signed by a configured API-key issuer, its allowedAPIs honoured. */
    public static CredentialCheck apiKey(JwtSettings settings, TrustBundles bundles, ClockFloor clock) {
        return SecurityMaterial.NOT_CONFIGURED;
    }
}
