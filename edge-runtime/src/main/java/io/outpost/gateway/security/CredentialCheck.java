package io.outpost.gateway.security;

/**
 * Checks one kind of credential taken from a request: a bearer token, an API key, a basic-auth
 * pair. Runs on an event loop: it never blocks (slow work answers {@link Check.Deferred}), never
 * fetches anything over the network, and never logs the credential.
 */
@FunctionalInterface
public interface CredentialCheck {

    /**
     * @param credential the credential as sent, without its scheme word ("Bearer ", "Basic ")
     * @param api        the API it is presented for
     */
    Check check(String credential, ApiRef api);
}
