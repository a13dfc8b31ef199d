package io.outpost.gateway.security.bundles;

import com.nimbusds.jose.jwk.JWKSet;
import io.outpost.common.bundle.content.TrustKeys;
import io.outpost.gateway.security.ClockFloor;
import io.outpost.gateway.security.CredentialCheck;
import io.outpost.gateway.security.Revocations;
import io.outpost.gateway.security.SecurityMaterial;
import io.outpost.gateway.updates.AppliedUpdates;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the applied update bundles ({@code keys}, {@code revocations}, {@code opaque-tokens}) give
 * a generation's security (docs/security.md, "Trust bundles"). Everything here is added to what
 * gateway.yaml provisions, which stays the baseline: a bundle can trust more, never less of it.
 *
 * @param issuerKeys         per JWT issuer ({@code iss}), the keys the {@code keys} bundle adds to gateway.yaml's;
 *                           only issuers gateway.yaml configures are used (their audiences and claims are set there)
 * @param revocations        the {@code revocations} bundle
 * @param opaqueTokens       the check of a bearer token that is not a JWT, by the {@code opaque-tokens} table:
 *                           an unknown token is refused (401 / 900901), never asked about over the network
 * @param apiKeyIssuerKeys   per WSO2 JWT API-key issuer, the keys the bundle adds
 * @param clientCas          mutual TLS: client CAs added to gateway.yaml's
 * @param pinnedFingerprints mutual TLS: per API ({@code Name:Version}), client-certificate SHA-256
 *                           fingerprints (lower-case hex) added to those the API allows
 */
public record TrustBundles(Map<String, JWKSet> issuerKeys, Revocations revocations, CredentialCheck opaqueTokens,
                           Map<String, JWKSet> apiKeyIssuerKeys, List<X509Certificate> clientCas,
                           Map<String, Set<String>> pinnedFingerprints) {
    public static final TrustBundles NONE = new TrustBundles(Map.of(), Revocations.NONE, SecurityMaterial.NOT_CONFIGURED);

    /** Only JWT keys, revocations and opaque tokens (tests of a mechanism that needs no more). */
    public TrustBundles(Map<String, JWKSet> issuerKeys, Revocations revocations, CredentialCheck opaqueTokens) {
        this(issuerKeys, revocations, opaqueTokens, Map.of(), List.of(), Map.of());
    }

    /** Built for a new generation from what is applied now; time checks go by {@code clock}. */
    public static TrustBundles from(AppliedUpdates updates, ClockFloor clock) {
        AppliedUpdates.Contents contents = updates.contents();
        TrustKeys keys = contents.keys() == null ? TrustKeys.NONE : contents.keys();
        RevocationTable revocations = RevocationTable.of(contents.revocations(), clock.nowSeconds());
        return new TrustBundles(keys.issuers(), revocations, OpaqueTokenTable.of(contents.opaqueTokens(), revocations, clock),
                keys.apiKeyIssuers(), keys.clientCas(), keys.pinnedFingerprints());
    }
}
