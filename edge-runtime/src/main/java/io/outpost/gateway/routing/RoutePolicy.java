package io.outpost.gateway.routing;

import io.outpost.common.model.ApiDefinition;
import io.outpost.common.model.ApplicationSecurity;
import io.outpost.common.model.CorsConfig;
import io.outpost.common.model.EndpointConfig;
import io.outpost.common.model.Resource;
import io.outpost.common.model.SecurityRequirement;
import java.util.List;
import java.util.Locale;

/**
 * What a route does besides matching, resolved once from its API and resource when the artifact
 * loads. Every "the resource overrides the API" rule of the WSO2 extensions is written here and
 * nowhere else; stages, the upstreams and the exchange read the result. The artifact format is
 * unchanged: the policy is derived from the definitions, never stored. The table of rules is in
 * docs/gateway.md, "Resource or API: which setting applies".
 *
 * @param security            who may call, and with which credentials
 * @param production          the effective {@code x-wso2-production-endpoints}, or null when neither level declares one
 * @param sandbox             the effective {@code x-wso2-sandbox-endpoints}, or null
 * @param transports          the effective {@code x-wso2-transports}, lower case; empty means http and https
 * @param requestInterceptor  the effective {@code x-wso2-request-interceptor}, or null
 * @param responseInterceptor the effective {@code x-wso2-response-interceptor}, or null
 * @param cors                {@code x-wso2-cors} (API level only in WSO2), or null
 * @param throttling          both tiers: not an override, each is checked on its own counter
 */
public record RoutePolicy(Security security, Endpoint production, Endpoint sandbox, List<String> transports,
                          String requestInterceptor, String responseInterceptor, CorsConfig cors, Throttling throttling) {

    /** The header credentials come in when neither level names one. */
    public static final String DEFAULT_AUTH_HEADER = "Authorization";

    /** Where a setting was declared. */
    public enum Level { API, RESOURCE }

    /**
     * @param secured       whether credentials are required: false only when security is disabled, declared as
     *                      an empty list, or one alternative is the empty requirement {@code {}}
     * @param requirements  the effective declared alternatives (OR of ANDs); empty when open or when
     *                      {@link #byDefault()} applies
     * @param authHeader    {@code x-wso2-auth-header}, else {@link #DEFAULT_AUTH_HEADER}
     * @param applicationSecurity {@code x-wso2-application-security} (API level only), or null
     * @param mutualSsl     {@code x-wso2-mutual-ssl} (API level only), or null
     */
    public record Security(boolean secured, List<SecurityRequirement> requirements, String authHeader,
                           ApplicationSecurity applicationSecurity, String mutualSsl) {
        public Security {
            requirements = List.copyOf(requirements);
        }

        /** Secured with nothing declared at either level: WSO2's default (OAuth2), the gateway fails closed. */
        public boolean byDefault() {
            return secured && requirements.isEmpty();
        }
    }

    /**
     * @param config the endpoint as declared (lookups into the upstreams are by this instance)
     * @param level  where it was declared: the name of its deploy-time variables depends on it
     */
    public record Endpoint(EndpointConfig config, Level level) {}

    /**
     * WSO2 checks both tiers of a request, each on its own counter (faults 900800 and 900802).
     *
     * @param apiTier      the API's {@code x-wso2-throttling-tier}, or null
     * @param resourceTier the resource's {@code x-wso2-throttling-tier}, or null
     */
    public record Throttling(String apiTier, String resourceTier) {}

    public RoutePolicy {
        transports = List.copyOf(transports);
    }

    public static RoutePolicy resolve(ApiDefinition api, Resource resource) {
        List<String> transports = (!resource.transports().isEmpty() ? resource.transports() : api.transports()).stream()
                .map(t -> t.toLowerCase(Locale.ROOT)).toList();
        return new RoutePolicy(security(api, resource),
                endpoint(api.production(), resource.production()), endpoint(api.sandbox(), resource.sandbox()),
                transports,
                resourceOverApi(resource.requestInterceptor(), api.requestInterceptor()),
                resourceOverApi(resource.responseInterceptor(), api.responseInterceptor()),
                api.cors(), new Throttling(api.throttlingTier(), resource.throttlingTier()));
    }

    /** Whether plain HTTP may reach the route: {@code x-wso2-transports} is empty or names http. */
    public boolean allowsPlainHttp() {
        return transports.isEmpty() || transports.contains("http");
    }

    /**
     * Like the WSO2 Microgateway, a resource with no security declared anywhere is secured (OAuth2
     * by default): the gateway fails closed. It is open only when {@code x-wso2-disable-security:
     * true} applies, when the effective {@code security} is an explicit empty list, or when one of
     * its alternatives is the empty requirement {@code {}}.
     */
    private static Security security(ApiDefinition api, Resource resource) {
        String header = resource.authHeader() != null ? resource.authHeader()
                : api.authHeader() != null ? api.authHeader() : DEFAULT_AUTH_HEADER;
        Boolean disabled = resource.disableSecurity() != null ? resource.disableSecurity() : api.disableSecurity();
        List<SecurityRequirement> declared = resource.security() != null ? resource.security() : api.security();
        boolean secured;
        if (Boolean.TRUE.equals(disabled)) {
            secured = false;
        } else if (declared == null) {
            secured = true;
        } else {
            secured = !declared.isEmpty() && declared.stream().noneMatch(r -> r.schemes().isEmpty());
        }
        return new Security(secured, secured && declared != null ? declared : List.of(), header,
                api.applicationSecurity(), api.mutualSsl());
    }

    private static Endpoint endpoint(EndpointConfig onApi, EndpointConfig onResource) {
        return onResource != null ? new Endpoint(onResource, Level.RESOURCE)
                : onApi != null ? new Endpoint(onApi, Level.API) : null;
    }

    private static String resourceOverApi(String resourceLevel, String apiLevel) {
        return resourceLevel != null ? resourceLevel : apiLevel;
    }
}
