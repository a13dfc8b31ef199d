package io.outpost.gateway.security;

import io.outpost.gateway.config.GatewayConfig;
import io.outpost.gateway.security.basic.BasicChecks;
import io.outpost.gateway.security.bundles.TrustBundles;
import io.outpost.gateway.security.introspection.Introspection;
import io.outpost.gateway.security.jwt.JwtChecks;

/**
 * Builds a generation's {@link SecurityMaterial} from gateway.yaml and the applied trust bundles:
 * the one place the mechanisms' checks are put together (docs/security.md). A bearer token or an
 * API key in JWS compact form goes to the JWT checks; anything else to the opaque-token table (then,
 * when configured, to the key manager's introspection) or the static keys.
 */
public final class SecurityMaterials {
    private SecurityMaterials() {}

    /** @throws IllegalArgumentException when a configured key, certificate or user cannot be used */
    public static SecurityMaterial build(GatewayConfig config, TrustBundles bundles, ClockFloor clock) {
        SecuritySettings settings = config.security();
        CredentialCheck jwt = JwtChecks.bearer(settings.jwt(), bundles, clock);
        CredentialCheck jwtApiKey = JwtChecks.apiKey(settings.jwt(), bundles, clock);
        CredentialCheck staticKey = BasicChecks.staticApiKey(settings.basic());
        CredentialCheck opaque = Introspection.after(bundles.opaqueTokens(), settings.introspection(), bundles.revocations(), clock);
        return new SecurityMaterial(settings, config.tls().withBundleTrust(bundles.clientCas(), bundles.pinnedFingerprints()),
                (token, api) -> AuthenticationStage.isJwt(token) ? jwt.check(token, api) : opaque.check(token, api),
                (key, api) -> AuthenticationStage.isJwt(key) ? jwtApiKey.check(key, api) : staticKey.check(key, api),
                BasicChecks.basic(settings.basic()), clock);
    }
}
