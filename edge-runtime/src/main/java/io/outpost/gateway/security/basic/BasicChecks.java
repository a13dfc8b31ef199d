package io.outpost.gateway.security.basic;

import io.outpost.gateway.security.CredentialCheck;
import io.outpost.gateway.security.SecurityMaterial;

/** Basic authentication and static API keys. Placeholder of the contract; the basic-auth work fills it in. */
public final class BasicChecks {
    private BasicChecks() {}

    /** The base64 user:password of basic authentication, against the configured users' hashes (off the event loop). */
    public static CredentialCheck basic(BasicSettings settings) {
        return SecurityMaterial.NOT_CONFIGURED;
    }

    /** A static API key, against the configured salted hashes. */
    public static CredentialCheck staticApiKey(BasicSettings settings) {
        return SecurityMaterial.NOT_CONFIGURED;
    }
}
