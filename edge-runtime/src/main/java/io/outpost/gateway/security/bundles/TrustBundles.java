package io.outpost.gateway.security.bundles;

import com.nimbusds.jose.jwk.JWKSet;
import io.outpost.gateway.security.CredentialCheck;
import io.outpost.gateway.security.Revocations;
import io.outpost.gateway.security.SecurityMaterial;
import java.util.Map;

/**
 * What the applied update bundles ({@code keys}, {@code revocations}, {@code opaque-tokens}) give
 * a generation's security. Placeholder of the contract: the bundles work fills it from
 * {@code AppliedUpdates}.
 *
 * @param issuerKeys   per JWT issuer ({@code iss}), the keys the {@code keys} bundle adds to gateway.yaml's
 * @param revocations  the {@code revocations} bundle
 * @param opaqueTokens the check of a bearer token that is not a JWT, by the {@code opaque-tokens} table
 */
public record TrustBundles(Map<String, JWKSet> issuerKeys, Revocations revocations, CredentialCheck opaqueTokens) {
    public static final TrustBundles NONE = new TrustBundles(Map.of(), Revocations.NONE, SecurityMaterial.NOT_CONFIGURED);
}
