package io.outpost.toolkit.migrate;

import java.net.URI;
import java.util.List;

/**
 * One {@code [[jwtTokenConfig]]} or {@code [apikey.tokenConfigs]} as an entry of
 * {@code security.jwt.issuers} or {@code security.apiKeys.issuers}: the same shape, the API-key one
 * with validateAllowedApis. Keys WSO2 looked up by alias in its truststore become PEM files.
 */
final class IssuerMigration {
    private IssuerMigration() {}

    /** The issuer's mapping, or null (and a problem) when it names no issuer. */
    static YamlNode.Mapping migrate(Migration m, Table t, boolean apiKey) {
        m.sweep(t);
        String issuer = t.text("issuer");
        if (issuer == null) {
            t.problem(null, "has no issuer: every token of it would be refused; set issuer = \"...\" (the tokens' iss)");
            return null;
        }
        YamlNode.Mapping out = new YamlNode.Mapping();
        out.put("issuer", issuer, t.label());
        List<String> audiences = t.list("audience", ",");
        if (audiences != null && !audiences.isEmpty()) {
            out.put("audiences", audiences);
        }
        String alias = t.text("certificateAlias");
        if (alias != null && !alias.isBlank()) {
            out.put("certificates", List.of(m.exports.trustedCertificate(t, "certificateAlias", alias, m.truststore())));
        }
        String jwksUrl = t.text("jwksURL");
        if (jwksUrl != null && !jwksUrl.isBlank()) {
            out.put("jwks", List.of(m.exports.jwks(t, "jwksURL", jwksUrl, Exports.fileName(slug(jwksUrl)) + ".jwks.json")));
        }
        if ((alias == null || alias.isBlank()) && (jwksUrl == null || jwksUrl.isBlank())) {
            t.note(Note.Kind.WARNING, null, t.label() + " " + issuer + ": no certificateAlias or jwksURL; add the issuer's "
                    + "certificates (PEM) or jwks (file) by hand, or none of its tokens verifies");
        }
        copy(t, "scopeClaim", out, "scopeClaim");
        copy(t, "consumerKeyClaim", out, "consumerKeyClaim");
        Boolean check = t.bool(apiKey ? "validateAllowedAPIs" : "validateSubscription");
        if (check != null) {
            out.put(apiKey ? "validateAllowedApis" : "validateSubscription", check);
        } else if (apiKey) {
            // Off in WSO2 unless set; on in Outpost unless set: say it, or keys for other APIs would start failing.
            out.put("validateAllowedApis", false, "WSO2's default: an API key is not checked against its allowedAPIs");
        }
        if (t.has("claimMapperClassName")) {
            t.ignore("claimMapperClassName");
            t.note(Note.Kind.SKIPPED, "claimMapperClassName", t.label("claimMapperClassName") + ": Outpost runs no claim "
                    + "mapper classes; claims reach throttling, analytics and the backend as the token has them");
        }
        if (t.has("claims")) {
            t.ignore("claims");
            t.note(Note.Kind.SKIPPED, "claims", t.label("claims") + ": claim rules are not carried over; the gateway checks "
                    + "iss, aud, exp, nbf, iat, scopes and subscriptions, nothing else");
        }
        return out;
    }

    private static void copy(Table t, String key, YamlNode.Mapping out, String as) {
        String v = t.text(key);
        if (v != null && !v.isBlank()) {
            out.put(as, v);
        }
    }

    /** A file name for a JWKS URL: its host and path. */
    private static String slug(String url) {
        try {
            URI uri = URI.create(url);
            String s = (uri.getHost() == null ? "" : uri.getHost()) + (uri.getPath() == null ? "" : uri.getPath());
            return s.isEmpty() ? "issuer" : s.replaceAll("[/:]+", "_").replaceAll("^_|_$", "");
        } catch (IllegalArgumentException e) {
            return "issuer";
        }
    }
}
