package io.outpost.gateway.security;

import io.outpost.common.model.ApiDefinition;
import io.outpost.common.model.ApplicationSecurity;
import io.outpost.common.model.SecurityRequirement;
import io.outpost.gateway.routing.Route;
import io.outpost.gateway.routing.RoutePolicy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A secured route's requirements, resolved once when an artifact loads (docs/security.md,
 * "Requirements"): the alternatives (OR), each a list of credential uses (AND, except that WSO2
 * takes the API keys of one requirement as alternatives to each other).
 *
 * @param alternatives  the requirements in declaration order; an empty inner list never occurs
 * @param uses          every use of every alternative, once: where credentials are taken out of the backend request
 * @param optional      {@code x-wso2-application-security.optional}: a client already identified by
 *                      mutual TLS needs no application credential
 * @param strict        {@code x-outpost-security: openapi}: every scheme of a requirement must pass and carry
 *                      every scope listed for it; no scope carried over from OAuth2 to basic users
 */
record SecurityPlan(List<List<CredentialUse>> alternatives, List<CredentialUse> uses, boolean optional, boolean strict) {

    /** WSO2's default when a resource declares no security at all: an OAuth2 bearer token. */
    private static final String DEFAULT_SCHEME = "default";

    static SecurityPlan of(Route route) {
        RoutePolicy.Security security = route.policy().security();
        ApiDefinition api = route.api();
        ApplicationSecurity appSecurity = security.applicationSecurity();
        Set<String> allowedTypes = new LinkedHashSet<>();
        if (appSecurity != null) {
            appSecurity.securityTypes().forEach(t -> allowedTypes.add(t.toLowerCase(Locale.ROOT)));
        }
        List<List<CredentialUse>> alternatives = new ArrayList<>();
        if (security.byDefault()) {
            alternatives.add(List.of(new CredentialUse(DEFAULT_SCHEME, CredentialUse.Kind.BEARER, security.authHeader(), List.of())));
        } else {
            List<String> oauthScopes = oauthScopes(security.requirements(), api);
            for (SecurityRequirement requirement : security.requirements()) {
                List<CredentialUse> all = new ArrayList<>();
                boolean usable = true;
                for (Map.Entry<String, List<String>> scheme : requirement.schemes().entrySet()) {
                    CredentialUse use = CredentialUse.of(scheme.getKey(), api.securitySchemes().get(scheme.getKey()),
                            scheme.getValue() == null ? List.of() : scheme.getValue(), security.authHeader());
                    if (use == null) {
                        usable = false; // a credential the gateway cannot take: this requirement never passes
                        break;
                    }
                    if (!api.strictSecurity() && use.kind() == CredentialUse.Kind.BASIC && use.scopes().isEmpty()
                            && !oauthScopes.isEmpty()) {
                        // WSO2: the OAuth2 requirement's scopes bind basic-auth users too.
                        use = new CredentialUse(use.scheme(), use.kind(), use.name(), oauthScopes);
                    }
                    all.add(use);
                }
                if (usable && !all.isEmpty()) {
                    alternatives.add(List.copyOf(all));
                }
            }
        }
        if (!allowedTypes.isEmpty()) {
            alternatives.removeIf(uses -> uses.stream().anyMatch(u -> !allowedTypes.contains(u.kind().applicationSecurityType())));
        }
        List<CredentialUse> uses = new ArrayList<>();
        alternatives.forEach(alternative -> alternative.stream().filter(u -> !uses.contains(u)).forEach(uses::add));
        boolean optional = appSecurity != null && Boolean.TRUE.equals(appSecurity.optional());
        return new SecurityPlan(List.copyOf(alternatives), List.copyOf(uses), optional, api.strictSecurity());
    }

    /** The scopes every OAuth2 scheme of the route's requirements lists. */
    private static List<String> oauthScopes(List<SecurityRequirement> requirements, ApiDefinition api) {
        Set<String> scopes = new LinkedHashSet<>();
        for (SecurityRequirement requirement : requirements) {
            requirement.schemes().forEach((name, listed) -> {
                var scheme = api.securitySchemes().get(name);
                if (scheme != null && "oauth2".equalsIgnoreCase(scheme.type()) && listed != null) {
                    scopes.addAll(listed);
                }
            });
        }
        return List.copyOf(scopes);
    }

    /** The use a 401 for a request with no credential at all names. */
    CredentialUse first() {
        return alternatives.isEmpty() ? null : alternatives.get(0).get(0);
    }
}
