package io.outpost.gateway.security.jwt;

import io.outpost.gateway.pipeline.Identity;
import io.outpost.gateway.security.ApiRef;
import io.outpost.gateway.security.Check;
import java.util.List;

/**
 * A token whose signature, issuer, audience and times have passed: what the cache keeps. What
 * depends on the API it is presented for (subscription, allowed APIs, subscription tier) is decided
 * per use; the last decision is kept, so a token used on one API again and again allocates nothing.
 *
 * @param lastValidSecond the last second it is good for: {@code exp} plus the skew
 */
final class VerifiedToken {
    private record Decided(ApiRef api, Check check) {}

    final Identity identity;
    final long lastValidSecond;
    final String jti;
    final String subject;
    final String clientId;
    private final JwtIssuer issuer;
    private final List<ApiGrant> subscribed;
    private final List<ApiGrant> allowed;
    private final String fallbackTier;
    private volatile Decided last;

    VerifiedToken(Identity identity, long lastValidSecond, String jti, String clientId, JwtIssuer issuer,
                  List<ApiGrant> subscribed, List<ApiGrant> allowed, String fallbackTier) {
        this.identity = identity;
        this.lastValidSecond = lastValidSecond;
        this.jti = jti;
        this.subject = identity.subject();
        this.clientId = clientId;
        this.issuer = issuer;
        this.subscribed = subscribed;
        this.allowed = allowed;
        this.fallbackTier = fallbackTier;
    }

    /** Accepted with the identity for this API, or refused by its subscriptions or allowed APIs. */
    Check checkFor(ApiRef api) {
        Decided decided = last;
        if (decided != null && (decided.api == api || decided.api.equals(api))) {
            return decided.check;
        }
        Check check = decide(api);
        last = new Decided(api, check);
        return check;
    }

    private Check decide(ApiRef api) {
        ApiGrant allowedEntry = ApiGrant.find(allowed, api);
        if (issuer.validateAllowedApis()) {
            if (allowed == null || allowed.isEmpty()) {
                return JwtCheck.INVALID; // WSO2: a key allowed for no API is no key (401)
            }
            if (allowedEntry == null) {
                return JwtCheck.NOT_SUBSCRIBED;
            }
        }
        ApiGrant subscription = ApiGrant.find(subscribed, api);
        if (issuer.validateSubscription() && subscription == null) {
            return JwtCheck.NOT_SUBSCRIBED;
        }
        String tier = subscription != null && subscription.subscriptionTier() != null ? subscription.subscriptionTier()
                : allowedEntry != null && allowedEntry.subscriptionTier() != null ? allowedEntry.subscriptionTier()
                : fallbackTier;
        if (tier == null) {
            return new Check.Accepted(identity);
        }
        Identity i = identity;
        return new Check.Accepted(new Identity(i.subject(), i.applicationId(), i.applicationName(), i.applicationTier(),
                tier, i.keyType(), i.scopes(), i.claims()));
    }
}
