package io.outpost.gateway.security;

import io.outpost.common.model.SecurityScheme;
import java.util.List;
import java.util.Locale;

/**
 * One scheme of a security requirement, resolved for a route when an artifact loads: where its
 * credential is read from, which check decides it, the scopes it must carry and the challenge a
 * 401 names.
 *
 * @param scheme  the scheme's name in the definition ({@code securitySchemes})
 * @param kind    how the credential is sent
 * @param name    the header ({@link Kind#BEARER}, {@link Kind#API_KEY_HEADER}) or query parameter it is read from
 * @param scopes  the scopes the requirement lists for it: any one of them will do (WSO2's rule),
 *                all of them in strict mode; empty = none required
 */
record CredentialUse(String scheme, Kind kind, String name, List<String> scopes) {

    enum Kind {
        /** {@code Authorization: Bearer …} (or the x-wso2-auth-header): a JWT or an opaque token. */
        BEARER,
        /** {@code Authorization: Basic …}. */
        BASIC,
        API_KEY_HEADER,
        API_KEY_QUERY;

        /** The {@code x-wso2-application-security} security-type this kind belongs to. */
        String applicationSecurityType() {
            return switch (this) {
                case BEARER -> "oauth2";
                case BASIC -> "basic_auth";
                case API_KEY_HEADER, API_KEY_QUERY -> "api_key";
            };
        }

        boolean apiKey() {
            return this == API_KEY_HEADER || this == API_KEY_QUERY;
        }
    }

    CredentialUse {
        scopes = List.copyOf(scopes);
    }

    /**
     * The use of a declared scheme, or null when the gateway cannot take its credential (an API key
     * in a cookie, an unknown type): a requirement naming it can never pass, so it fails closed.
     */
    static CredentialUse of(String schemeName, SecurityScheme scheme, List<String> scopes, String authHeader) {
        if (scheme == null || scheme.type() == null) {
            return null;
        }
        String type = scheme.type().toLowerCase(Locale.ROOT);
        String httpScheme = scheme.scheme() == null ? "" : scheme.scheme().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "oauth2", "openidconnect" -> new CredentialUse(schemeName, Kind.BEARER, authHeader, scopes);
            case "http" -> switch (httpScheme) {
                case "bearer" -> new CredentialUse(schemeName, Kind.BEARER, authHeader, scopes);
                case "basic" -> new CredentialUse(schemeName, Kind.BASIC, "Authorization", scopes);
                default -> null;
            };
            case "apikey" -> {
                if (scheme.parameterName() == null || scheme.parameterName().isBlank()) {
                    yield null;
                }
                String in = scheme.in() == null ? "" : scheme.in().toLowerCase(Locale.ROOT);
                yield switch (in) {
                    case "header" -> new CredentialUse(schemeName, Kind.API_KEY_HEADER, scheme.parameterName(), scopes);
                    case "query" -> new CredentialUse(schemeName, Kind.API_KEY_QUERY, scheme.parameterName(), scopes);
                    default -> null;
                };
            }
            default -> null;
        };
    }

    /** The WWW-Authenticate value of a 401 for a request that lacked this credential. */
    String challenge() {
        return switch (kind) {
            case BEARER -> "Bearer realm=\"outpost\"";
            case BASIC -> "Basic realm=\"outpost\"";
            case API_KEY_HEADER -> "APIKey realm=\"outpost\", header=\"" + name + "\"";
            case API_KEY_QUERY -> "APIKey realm=\"outpost\", query=\"" + name + "\"";
        };
    }

    /** How a request passes this credential, for a 900902's description. */
    String how() {
        return switch (kind) {
            case BEARER -> "a header: '" + name + " : Bearer ACCESS_TOKEN'";
            case BASIC -> "a header: 'Authorization : Basic base64(user:password)'";
            case API_KEY_HEADER -> "an API key in the header '" + name + "'";
            case API_KEY_QUERY -> "an API key in the query parameter '" + name + "'";
        };
    }
}
