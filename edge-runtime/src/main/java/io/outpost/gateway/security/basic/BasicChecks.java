package io.outpost.gateway.security.basic;

import io.outpost.gateway.security.Check;
import io.outpost.gateway.security.CredentialCheck;

/**
 * Basic authentication and static API keys, from gateway.yaml only (docs/security.md, "Basic
 * authentication and static API keys"). Built once per generation: its cache of verified passwords
 * and its hash pool go with it, so a user removed from the file is refused from the next generation on.
 */
public final class BasicChecks {
    private BasicChecks() {}

    /**
     * The base64 user:password of basic authentication, against the configured users' hashes: a
     * {@link Check.Deferred} on the hash pool, or {@link Check.Accepted} at once for a pair verified
     * in the last {@code cacheSeconds}. With no users every well-formed pair is a wrong one.
     */
    public static CredentialCheck basic(BasicSettings settings) {
        return new BasicAuthCheck(settings.users(), new HashPool(settings.hashThreads(), settings.hashQueue()),
                new VerifiedPairs(settings.cacheSeconds(), settings.users().size(), System::nanoTime));
    }

    /** A static API key, against the configured salted hashes; answered at once. */
    public static CredentialCheck staticApiKey(BasicSettings settings) {
        return new StaticApiKeyCheck(settings.staticKeys());
    }
}
