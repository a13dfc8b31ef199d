package io.outpost.gateway.routing;

import static io.outpost.gateway.TestApis.endpoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.model.ApiDefinition;
import io.outpost.common.model.ApplicationSecurity;
import io.outpost.common.model.CorsConfig;
import io.outpost.common.model.EndpointConfig;
import io.outpost.common.model.Resource;
import io.outpost.common.model.SecurityRequirement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each "the resource overrides the API" rule, the WSO2 fail-closed default, and both throttling tiers. */
class RoutePolicyTest {
    private static final SecurityRequirement OAUTH = new SecurityRequirement(Map.of("oauth", List.of("read")));
    private static final SecurityRequirement BASIC = new SecurityRequirement(Map.of("basic", List.of()));
    private static final SecurityRequirement ANONYMOUS = new SecurityRequirement(Map.of());

    /** The API-level settings a test varies; everything else undeclared. */
    private record Api(EndpointConfig production, EndpointConfig sandbox, String tier, Boolean disableSecurity,
                       String authHeader, List<String> transports, String requestInterceptor,
                       String responseInterceptor, List<SecurityRequirement> security) {
        static Api bare() {
            return new Api(null, null, null, null, null, null, null, null, null);
        }

        ApiDefinition definition(Resource resource) {
            return new ApiDefinition("Api", "1.0.0", "/api", "api.yaml", production, sandbox, null, tier, disableSecurity,
                    authHeader, CORS, transports, "optional", APP_SECURITY, requestInterceptor, responseInterceptor,
                    security, null, List.of(resource));
        }
    }

    private static final CorsConfig CORS = new CorsConfig(true, List.of("*"), null, null, null, null, null);
    private static final ApplicationSecurity APP_SECURITY = new ApplicationSecurity(List.of("api_key"), true);

    private static Resource resource(EndpointConfig production, EndpointConfig sandbox, String tier, Boolean disableSecurity,
                                     String authHeader, List<String> transports, String requestInterceptor,
                                     String responseInterceptor, List<SecurityRequirement> security) {
        return new Resource("/x", "GET", "getX", production, sandbox, tier, disableSecurity, authHeader, transports,
                requestInterceptor, responseInterceptor, security, null, null, null);
    }

    private static Resource bareResource() {
        return resource(null, null, null, null, null, null, null, null, null);
    }

    private static RoutePolicy resolve(Api api, Resource resource) {
        return RoutePolicy.resolve(api.definition(resource), resource);
    }

    private static Api securedBy(List<SecurityRequirement> security, Boolean disable) {
        return new Api(null, null, null, disable, null, null, null, null, security);
    }

    // ---- security --------------------------------------------------------------------------

    @Test
    void nothingDeclaredAnywhereIsSecuredByTheWso2Default() {
        RoutePolicy.Security security = resolve(Api.bare(), bareResource()).security();
        assertTrue(security.secured(), "fail closed");
        assertTrue(security.byDefault(), "OAuth2, WSO2's default");
        assertEquals(List.of(), security.requirements());
        assertEquals("Authorization", security.authHeader());
    }

    @Test
    void theOperationsSecurityReplacesTheApisRequirements() {
        Resource basicOnly = resource(null, null, null, null, null, null, null, null, List.of(BASIC));
        RoutePolicy.Security security = resolve(securedBy(List.of(OAUTH), null), basicOnly).security();
        assertTrue(security.secured());
        assertFalse(security.byDefault());
        assertEquals(List.of(BASIC), security.requirements());
        assertEquals(List.of(OAUTH), resolve(securedBy(List.of(OAUTH), null), bareResource()).security().requirements(),
                "inherited when the operation declares none");
    }

    @Test
    void anEmptyListOrAnAnonymousAlternativeOpensTheRoute() {
        Resource open = resource(null, null, null, null, null, null, null, null, List.of());
        assertFalse(resolve(securedBy(List.of(OAUTH), null), open).security().secured(), "security: [] on the operation");
        assertFalse(resolve(securedBy(List.of(), null), bareResource()).security().secured(), "security: [] on the API");
        assertFalse(resolve(securedBy(List.of(OAUTH, ANONYMOUS), null), bareResource()).security().secured(),
                "{} is an alternative");
        assertEquals(List.of(), resolve(securedBy(List.of(), null), bareResource()).security().requirements());
    }

    @Test
    void theResourcesDisableSecurityOverridesTheApis() {
        Resource enabled = resource(null, null, null, false, null, null, null, null, null);
        Resource disabled = resource(null, null, null, true, null, null, null, null, null);
        assertFalse(resolve(securedBy(null, true), bareResource()).security().secured(), "API-level true applies");
        // WSO2's disable_security.yaml: API-level true, getPetById false.
        RoutePolicy.Security back = resolve(securedBy(null, true), enabled).security();
        assertTrue(back.secured());
        assertTrue(back.byDefault());
        assertFalse(resolve(securedBy(List.of(OAUTH), false), disabled).security().secured(),
                "disabled wins over declared requirements");
    }

    @Test
    void theResourcesAuthHeaderOverridesTheApis() {
        Api auth = new Api(null, null, null, null, "auth", null, null, null, null);
        assertEquals("auth", resolve(auth, bareResource()).security().authHeader());
        Resource own = resource(null, null, null, null, "X-Key", null, null, null, null);
        assertEquals("X-Key", resolve(auth, own).security().authHeader());
    }

    @Test
    void applicationSecurityAndMutualSslComeFromTheApi() {
        RoutePolicy.Security security = resolve(Api.bare(), bareResource()).security();
        assertSame(APP_SECURITY, security.applicationSecurity());
        assertEquals("optional", security.mutualSsl());
    }

    // ---- endpoints ---------------------------------------------------------------------------

    @Test
    void eachEndpointKindIsTheResourcesElseTheApisAndKnowsWhereItWasDeclared() {
        EndpointConfig apiProduction = endpoint("http://api-prod");
        EndpointConfig apiSandbox = endpoint("http://api-sand");
        EndpointConfig ownProduction = endpoint("http://own-prod");
        Api api = new Api(apiProduction, apiSandbox, null, null, null, null, null, null, null);
        RoutePolicy policy = resolve(api, resource(ownProduction, null, null, null, null, null, null, null, null));
        assertEquals(new RoutePolicy.Endpoint(ownProduction, RoutePolicy.Level.RESOURCE), policy.production());
        assertSame(ownProduction, policy.production().config(), "the declared instance: upstreams are looked up by it");
        assertEquals(new RoutePolicy.Endpoint(apiSandbox, RoutePolicy.Level.API), policy.sandbox(),
                "production and sandbox are overridden independently");

        RoutePolicy none = resolve(Api.bare(), bareResource());
        assertNull(none.production());
        assertNull(none.sandbox());
    }

    // ---- transports, interceptors, CORS -------------------------------------------------------

    @Test
    void theResourcesTransportsOverrideTheApis() {
        Api httpsOnly = new Api(null, null, null, null, null, List.of("https"), null, null, null);
        assertFalse(resolve(httpsOnly, bareResource()).allowsPlainHttp());
        Resource both = resource(null, null, null, null, null, List.of("HTTP", "https"), null, null, null);
        RoutePolicy policy = resolve(httpsOnly, both);
        assertTrue(policy.allowsPlainHttp());
        assertEquals(List.of("http", "https"), policy.transports());
        assertTrue(resolve(Api.bare(), bareResource()).allowsPlainHttp(), "none declared: http and https");
    }

    @Test
    void eachInterceptorIsTheResourcesElseTheApis() {
        Api api = new Api(null, null, null, null, null, null, "apiRequest", "apiResponse", null);
        assertEquals("apiRequest", resolve(api, bareResource()).requestInterceptor());
        assertEquals("apiResponse", resolve(api, bareResource()).responseInterceptor());
        Resource own = resource(null, null, null, null, null, null, "ownRequest", null, null);
        RoutePolicy policy = resolve(api, own);
        assertEquals("ownRequest", policy.requestInterceptor());
        assertEquals("apiResponse", policy.responseInterceptor(), "each direction on its own");
    }

    @Test
    void corsIsTheApis() {
        assertSame(CORS, resolve(Api.bare(), bareResource()).cors());
    }

    // ---- throttling: not an override ------------------------------------------------------------

    @Test
    void bothThrottlingTiersAreKept() {
        Api api = new Api(null, null, "15PerMin", null, null, null, null, null, null);
        Resource own = resource(null, null, "3PerMin", null, null, null, null, null, null);
        assertEquals(new RoutePolicy.Throttling("15PerMin", "3PerMin"), resolve(api, own).throttling());
        assertEquals(new RoutePolicy.Throttling("15PerMin", null), resolve(api, bareResource()).throttling());
        assertEquals(new RoutePolicy.Throttling(null, "3PerMin"), resolve(Api.bare(), own).throttling());
    }

    // ---- the route reads its policy ------------------------------------------------------------

    @Test
    void routeAccessorsReadThePolicy() {
        EndpointConfig production = endpoint("http://b");
        Resource own = resource(production, null, null, null, "X-Key", List.of("https"), null, null, null);
        Route route = Route.of(Api.bare().definition(own), own, 0);
        assertSame(production, route.production());
        assertNull(route.sandbox());
        assertTrue(route.secured());
        assertFalse(route.plainHttp());
        assertEquals("X-Key", route.authHeader());
    }
}
