package io.outpost.gateway.security.jwt;

import io.outpost.gateway.security.ApiRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One entry of a WSO2 token's {@code subscribedAPIs} or a JWT API key's {@code allowedAPIs}:
 * {@code {name, context, version, subscriptionTier, ...}}.
 */
record ApiGrant(String name, String context, String version, String subscriptionTier) {

    /**
     * Same version, and the same context when the entry has one (WSO2 API Manager writes the
     * context with the version in it, {@code /pizzashack/1.0.0}, so either form matches), else
     * the same name (the keys {@code outpost apikey issue} writes).
     */
    boolean matches(ApiRef api) {
        if (version == null || !version.equals(api.version())) {
            return false;
        }
        if (context != null) {
            String mine = trimSlash(context);
            String theirs = trimSlash(api.context());
            return mine.equals(theirs) || mine.equals(theirs + "/" + version) || theirs.equals(mine + "/" + version);
        }
        return name != null && name.equals(api.name());
    }

    /** The first entry that matches, or null. */
    static ApiGrant find(List<ApiGrant> grants, ApiRef api) {
        if (grants != null) {
            for (ApiGrant grant : grants) {
                if (grant.matches(api)) {
                    return grant;
                }
            }
        }
        return null;
    }

    /** The entries of a claim, or null when the claim is absent or not a list; entries that are not objects are skipped. */
    static List<ApiGrant> parse(Object claim) {
        if (!(claim instanceof List<?> list)) {
            return null;
        }
        List<ApiGrant> grants = new ArrayList<>(list.size());
        for (Object item : list) {
            if (item instanceof Map<?, ?> entry) {
                grants.add(new ApiGrant(Claims.text(entry.get("name")), Claims.text(entry.get("context")),
                        Claims.text(entry.get("version")), Claims.text(entry.get("subscriptionTier"))));
            }
        }
        return List.copyOf(grants);
    }

    private static String trimSlash(String path) {
        if (path == null) {
            return "";
        }
        return path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
    }
}
