package io.outpost.gateway.security.jwt;

import java.util.List;

/**
 * One trusted JWT issuer of gateway.yaml ({@code security.jwt.issuers[]} or
 * {@code security.apiKeys.issuers[]}), WSO2's {@code [[jwtTokenConfig]]} / {@code [apikey.tokenConfigs]}.
 *
 * @param audiences           the token's {@code aud} must hold one of them; empty = not checked (as WSO2)
 * @param keys                its keys from gateway.yaml (a keys bundle may add more)
 * @param scopeClaim          where its scopes are (a space-separated string or a list); {@code scp} is read too
 * @param consumerKeyClaim    where the client (consumer key) is: what revocations by client match
 * @param validateSubscription the API must be in {@code subscribedAPIs} (403 / 900908)
 * @param validateAllowedApis for API keys: the API must be in {@code allowedAPIs}; an empty list is 401
 */
public record JwtIssuer(String issuer, List<String> audiences, List<TrustedKey> keys, String scopeClaim,
                        String consumerKeyClaim, boolean validateSubscription, boolean validateAllowedApis) {
    static final String DEFAULT_SCOPE_CLAIM = "scope";
    static final String DEFAULT_CONSUMER_KEY_CLAIM = "azp";
}
