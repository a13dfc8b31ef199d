package io.outpost.gateway.security.jwt;

import io.outpost.gateway.http.Faults;
import io.outpost.gateway.security.ApiRef;
import io.outpost.gateway.security.Check;
import io.outpost.gateway.security.ClockFloor;
import io.outpost.gateway.security.CredentialCheck;
import io.outpost.gateway.security.Revocations;

/**
 * A JWT (bearer token or API key) of the trusted issuers, through the verified-token cache. On
 * every use, cached or not: the expiry by the clock floor, then the revocations (jti, subject,
 * client), then what the token allows for this API. Thread-safe; a hit allocates nothing when the
 * token was last used for the same API.
 */
final class JwtCheck implements CredentialCheck {
    static final Check INVALID = new Check.Refused(Faults.invalidCredentials());
    static final Check NOT_SUBSCRIBED = new Check.Refused(Faults.notSubscribed());

    private final TokenVerifier verifier;
    private final TokenCache cache;
    private final Revocations revocations;
    private final ClockFloor clock;

    JwtCheck(TokenVerifier verifier, TokenCache cache, Revocations revocations, ClockFloor clock) {
        this.verifier = verifier;
        this.cache = cache;
        this.revocations = revocations;
        this.clock = clock;
    }

    @Override
    public Check check(String token, ApiRef api) {
        long now = clock.nowSeconds();
        VerifiedToken verified = cache.get(token);
        if (verified == null) {
            verified = verifier.verify(token, now);
            if (verified == null) {
                return INVALID;
            }
            cache.put(token, verified, now);
        } else if (now > verified.lastValidSecond) {
            cache.remove(token, verified);
            return INVALID;
        }
        if (revocations.revoked(verified.jti, verified.subject, verified.clientId, now)) {
            return INVALID;
        }
        return verified.checkFor(api);
    }

    /** Tokens held by the cache now (tests, metrics). */
    int cached() {
        return cache.size();
    }
}
