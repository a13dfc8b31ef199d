package io.outpost.gateway.security;

import io.outpost.gateway.http.Faults;
import io.outpost.gateway.security.tls.TlsSettings;

/**
 * The credential checks of one generation, built from gateway.yaml and the applied trust bundles
 * (keys, revocations, opaque tokens). A new bundle makes a new generation with new material, so a
 * verified-token cache never outlives the keys it was verified with (docs/architecture.md,
 * "Security").
 *
 * @param tls    the HTTPS listener's client CAs and fingerprints (mutual TLS)
 * @param bearer a bearer token: a JWT from a configured issuer, or an opaque token of the table
 * @param apiKey an API key: a WSO2 JWT API key, or a static key stored as a salted hash
 * @param basic  the base64 {@code user:password} of basic authentication
 * @param clock  the time every check judges by (never below the last known good time)
 */
public record SecurityMaterial(SecuritySettings settings, TlsSettings tls, CredentialCheck bearer, CredentialCheck apiKey,
                               CredentialCheck basic, ClockFloor clock) {

    /** A check for a mechanism nothing is configured for: every credential is invalid (fail closed). */
    public static final CredentialCheck NOT_CONFIGURED = (credential, api) -> new Check.Refused(Faults.invalidCredentials());

    /** No issuer, key or user configured: secured resources accept nothing. */
    public static SecurityMaterial failClosed(SecuritySettings settings) {
        return new SecurityMaterial(settings, TlsSettings.DEFAULT, NOT_CONFIGURED, NOT_CONFIGURED, NOT_CONFIGURED,
                ClockFloor.system());
    }
}
