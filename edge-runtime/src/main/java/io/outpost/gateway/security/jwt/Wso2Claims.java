package io.outpost.gateway.security.jwt;

import io.outpost.gateway.pipeline.Identity;
import java.util.List;
import java.util.Map;

/**
 * What a verified token says about who is calling, read as WSO2 API Manager writes its tokens and
 * API keys: {@code sub}; {@code application: {id, name, tier, owner}}; {@code keytype} PRODUCTION
 * or SANDBOX (production when absent or anything else); scopes from the issuer's scope claim and
 * {@code scp}; the consumer key from the issuer's consumer-key claim.
 */
final class Wso2Claims {
    static final String PRODUCTION = "PRODUCTION";
    static final String SANDBOX = "SANDBOX";

    private Wso2Claims() {}

    /** The identity without a subscription tier (that depends on the API the token is used for); claims are immutable. */
    static Identity identity(Map<String, Object> claims, JwtIssuer issuer) {
        Map<?, ?> application = claims.get("application") instanceof Map<?, ?> app ? app : Map.of();
        List<String> scopes = Claims.strings(claims.get(issuer.scopeClaim()), true);
        Claims.add(scopes, claims.get("scp"), true);
        return new Identity(Claims.text(claims.get("sub")),
                Claims.text(application.get("id")), Claims.text(application.get("name")), Claims.text(application.get("tier")),
                null, keyType(claims.get("keytype")), List.copyOf(scopes), claims);
    }

    static String keyType(Object value) {
        return value instanceof String s && s.equalsIgnoreCase(SANDBOX) ? SANDBOX : PRODUCTION;
    }

    /**
     * The client (consumer key) in the issuer's consumer-key claim: a string, or for a list (WSO2's
     * {@code aud} holds the consumer key beside the gateway's audience) its first value that is not
     * one of the issuer's audiences.
     */
    static String clientId(Map<String, Object> claims, JwtIssuer issuer) {
        Object value = claims.get(issuer.consumerKeyClaim());
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof String s && !issuer.audiences().contains(s)) {
                    return s;
                }
            }
            return null;
        }
        return Claims.text(value);
    }

    /** A JWT API key's tier when no API entry names one: the only tier of its {@code tierInfo}. */
    static String onlyTier(Map<String, Object> claims) {
        return claims.get("tierInfo") instanceof Map<?, ?> tiers && tiers.size() == 1
                ? Claims.text(tiers.keySet().iterator().next()) : null;
    }
}
