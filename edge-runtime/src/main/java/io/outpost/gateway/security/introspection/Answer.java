package io.outpost.gateway.security.introspection;

import io.outpost.gateway.pipeline.Identity;

/** What the key manager said about a token: the first two are cached, the third never. */
sealed interface Answer {

    /**
     * {@code active: true}.
     *
     * @param expiresAt the token's {@code exp} (seconds since the epoch), or 0 when the answer names none
     * @param jti       its {@code jti}, for the revocations bundle, or null
     */
    record Active(Identity identity, long expiresAt, String jti) implements Answer {}

    /** {@code active: false}: unknown, expired, revoked, or not for this client (RFC 7662 §2.2 tells them not apart). */
    record Inactive() implements Answer {}

    /** No answer to judge by: unreachable, timed out, too busy, an error status or a body that is not an RFC 7662 answer. */
    record Unavailable(String why) implements Answer {}

    Inactive INACTIVE = new Inactive();
}
