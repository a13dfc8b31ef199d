package io.outpost.gateway.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.outpost.common.model.ApiDefinition;
import io.outpost.common.model.ApplicationSecurity;
import io.outpost.common.model.EndpointConfig;
import io.outpost.common.model.Resource;
import io.outpost.common.model.SecurityRequirement;
import io.outpost.common.model.SecurityScheme;
import io.outpost.gateway.http.Faults;
import io.outpost.gateway.pipeline.EndpointSet;
import io.outpost.gateway.pipeline.ExchangeContext;
import io.outpost.gateway.pipeline.Identity;
import io.outpost.gateway.pipeline.Stage;
import io.outpost.gateway.pipeline.Verdict;
import io.outpost.gateway.routing.PathNormalizer;
import io.outpost.gateway.routing.Route;
import io.outpost.gateway.routing.RouteTable;
import io.outpost.gateway.security.tls.TlsSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The requirement rules of the authentication stage, with credential checks that accept fixed
 * credentials (the mechanisms' own tests are beside them): OR across requirements, WSO2's
 * alternatives for API keys and its any-scope rule, OAuth2 scopes binding basic users, the refusal
 * chosen, credentials taken out of the backend request, the key type choosing sandbox.
 */
class AuthenticationStageTest {
    private static final Map<String, SecurityScheme> SCHEMES = Map.of(
            "oauth", new SecurityScheme("oauth2", null, null, null, null, List.of("read", "write", "admin")),
            "basic", new SecurityScheme("http", "basic", null, null, null, List.of()),
            "api_key", new SecurityScheme("apiKey", null, "header", "api_key", null, List.of()),
            "api_key_query", new SecurityScheme("apiKey", null, "query", "api_key", null, List.of()));

    private static Identity identity(String subject, String keyType, String... scopes) {
        return new Identity(subject, "app-1", "app", "Unlimited", "Gold", keyType, List.of(scopes), Map.of());
    }

    /** Tokens "read", "write", "admin" carry that scope; "sandbox" is a sandbox key; anything else is invalid. */
    private static final CredentialCheck BEARER = (token, api) -> switch (token) {
        case "read", "write", "admin", "a.b.c" -> new Check.Accepted(identity("token-" + token, "PRODUCTION", token));
        case "sandbox" -> new Check.Accepted(identity("token-sandbox", "SANDBOX"));
        default -> new Check.Refused(Faults.invalidCredentials());
    };
    private static final CredentialCheck API_KEY = (key, api) -> key.equals("k1")
            ? new Check.Accepted(identity("key-k1", "PRODUCTION")) : new Check.Refused(Faults.invalidCredentials());
    /** base64("reader:pw") has scope read, base64("plain:pw") none; anything else a wrong password. */
    private static final CredentialCheck BASIC = (pair, api) -> switch (pair) {
        case "cmVhZGVyOnB3" -> new Check.Accepted(identity("reader", "PRODUCTION", "read"));
        case "cGxhaW46cHc=" -> new Check.Accepted(identity("plain", "PRODUCTION"));
        default -> new Check.Refused(Faults.invalidBasicCredentials());
    };

    private static SecurityMaterial material(boolean remove, String forward, CredentialCheck basic) {
        return new SecurityMaterial(new SecuritySettings(remove, forward, SecuritySettings.DEFAULT.jwt(),
                SecuritySettings.DEFAULT.basic()), TlsSettings.DEFAULT, BEARER, API_KEY, basic, ClockFloor.system());
    }

    private static final SecurityMaterial MATERIAL = material(true, null, BASIC);

    private static SecurityRequirement requirement(Object... nameAndScopes) {
        Map<String, List<String>> schemes = new LinkedHashMap<>();
        for (int i = 0; i < nameAndScopes.length; i += 2) {
            @SuppressWarnings("unchecked") List<String> scopes = (List<String>) nameAndScopes[i + 1];
            schemes.put((String) nameAndScopes[i], scopes);
        }
        return new SecurityRequirement(schemes);
    }

    private static Route route(List<SecurityRequirement> security, String authHeader, ApplicationSecurity appSecurity) {
        return route(security, authHeader, appSecurity, null);
    }

    private static Route route(List<SecurityRequirement> security, String authHeader, ApplicationSecurity appSecurity,
                               String securityMode) {
        EndpointConfig backend = new EndpointConfig(null, null, List.of("http://b"), null, null);
        Resource r = new Resource("/x", "GET", null, null, null, null, null, null, List.of(), null, null, security, null, null, null);
        ApiDefinition api = new ApiDefinition("a", "1.0.0", "/a", "a.yaml", backend, backend, null, null, null, authHeader,
                null, null, null, appSecurity, null, null, null, SCHEMES, List.of(r), securityMode);
        return RouteTable.of(List.of(api)).routes().get(0);
    }

    private static Route route(SecurityRequirement... alternatives) {
        return route(List.of(alternatives), null, null);
    }

    private static ExchangeContext exchange(Route route, String target, String... headers) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, target);
        for (int i = 0; i < headers.length; i += 2) {
            request.headers().add(headers[i], headers[i + 1]);
        }
        try {
            return new ExchangeContext(request, PathNormalizer.normalize(target), "127.0.0.1", "http", route, Map.of());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Verdict decide(Route route, SecurityMaterial material, ExchangeContext exchange) {
        Stage stage = AuthenticationStage.forRoute(route, material);
        return stage.onHead(exchange);
    }

    private static Faults.Fault refusal(Verdict verdict) {
        return assertInstanceOf(Verdict.Refuse.class, verdict).fault();
    }

    @Test
    void noSecurityDeclaredMeansABearerTokenAsWso2sOAuth2Default() {
        Route route = route(null, null, null);
        Faults.Fault missing = refusal(decide(route, MATERIAL, exchange(route, "/a/x")));
        assertEquals(900902, missing.code());
        assertEquals("Bearer realm=\"outpost\"", missing.challenge());

        ExchangeContext ok = exchange(route, "/a/x", "Authorization", "Bearer read");
        assertSame(Verdict.CONTINUE, decide(route, MATERIAL, ok));
        assertEquals("token-read", ok.identity().subject());
        assertFalse(ok.request().headers().contains("Authorization"), "the token does not reach the backend");
        assertEquals("accepted", ok.record().build().authOutcome());
    }

    @Test
    void anInvalidTokenIs900901AndAMissingOneNamesTheScheme() {
        Route route = route(requirement("oauth", List.of()));
        assertEquals(900901, refusal(decide(route, MATERIAL, exchange(route, "/a/x", "Authorization", "Bearer forged"))).code());
        assertEquals(900902, refusal(decide(route, MATERIAL, exchange(route, "/a/x", "Authorization", "Basic cmVhZGVyOnB3"))).code(),
                "a Basic credential is not a bearer token");
    }

    @Test
    void oneOfTheResourcesScopesIsEnoughAsInWso2() {
        Route route = route(requirement("oauth", List.of("read", "admin")));
        assertSame(Verdict.CONTINUE, decide(route, MATERIAL, exchange(route, "/a/x", "Authorization", "Bearer admin")));
        assertSame(Verdict.CONTINUE, decide(route, MATERIAL, exchange(route, "/a/x", "Authorization", "Bearer read")));
        Faults.Fault wrong = refusal(decide(route, MATERIAL, exchange(route, "/a/x", "Authorization", "Bearer write")));
        assertEquals(403, wrong.status().code());
        assertEquals(900910, wrong.code());
    }

    @Test
    void theApiKeysOfOneRequirementAreAlternativesAndAQueryKeyLeavesTheBackendQuery() {
        Route route = route(requirement("api_key", List.of(), "api_key_query", List.of()));
        ExchangeContext header = exchange(route, "/a/x?q=1", "api_key", "k1");
        assertSame(Verdict.CONTINUE, decide(route, MATERIAL, header));
        assertFalse(header.request().headers().contains("api_key"));
        assertEquals("q=1", header.upstreamQuery());

        ExchangeContext query = exchange(route, "/a/x?q=1&api_key=k1&z=2");
        assertSame(Verdict.CONTINUE, decide(route, MATERIAL, query));
        assertEquals("q=1&z=2", query.upstreamQuery(), "the key is gone from what the backend receives");

        Faults.Fault none = refusal(decide(route, MATERIAL, exchange(route, "/a/x")));
        assertEquals(900902, none.code());
        assertTrue(none.challenge().startsWith("APIKey"), none.challenge());
        assertEquals(900901, refusal(decide(route, MATERIAL, exchange(route, "/a/x?api_key=nope"))).code());
    }

    @Test
    void requirementsAreOredAndTheOAuth2ScopesBindBasicUsers() {
        Route route = route(requirement("oauth", List.of("read")), requirement("basic", List.of()));
        assertSame(Verdict.CONTINUE, decide(route, MATERIAL, exchange(route, "/a/x", "Authorization", "Bearer read")));
        ExchangeContext reader = exchange(route, "/a/x", "Authorization", "Basic cmVhZGVyOnB3");
        assertSame(Verdict.CONTINUE, decide(route, MATERIAL, reader));
        assertEquals("reader", reader.identity().subject());
        assertEquals(900910, refusal(decide(route, MATERIAL, exchange(route, "/a/x", "Authorization", "Basic cGxhaW46cHc="))).code(),
                "a basic user without the OAuth2 requirement's scope");
        assertEquals(900911, refusal(decide(route, MATERIAL, exchange(route, "/a/x", "Authorization", "Basic d3Jvbmc6cHc="))).code());
    }

    @Test
    void aCheckDoneOffTheEventLoopIsAwaitedAndTheStageDecidesAgainWithItsAnswer() {
        CompletableFuture<Check> hashing = new CompletableFuture<>();
        SecurityMaterial deferred = material(true, null, (pair, api) -> new Check.Deferred(hashing));
        Route route = route(requirement("basic", List.of()));
        ExchangeContext exchange = exchange(route, "/a/x", "Authorization", "Basic cGxhaW46cHc=");
        Verdict.Pending pending = assertInstanceOf(Verdict.Pending.class, decide(route, deferred, exchange));
        assertSame(hashing, pending.work());
        assertNull(exchange.identity());
        Verdict answer = pending.decide().apply(new Check.Accepted(identity("plain", "PRODUCTION")));
        assertSame(Verdict.CONTINUE, answer);
        assertEquals("plain", exchange.identity().subject());
        ExchangeContext wrong = exchange(route, "/a/x", "Authorization", "Basic cGxhaW46cHc=");
        Verdict.Pending again = assertInstanceOf(Verdict.Pending.class, decide(route, deferred, wrong));
        assertEquals(900911, refusal(again.decide().apply(new Check.Refused(Faults.invalidBasicCredentials()))).code());
    }

    @Test
    void aSandboxKeyTypeChoosesTheSandboxEndpoints() {
        Route route = route(requirement("oauth", List.of()));
        ExchangeContext exchange = exchange(route, "/a/x", "Authorization", "Bearer sandbox");
        assertSame(Verdict.CONTINUE, decide(route, MATERIAL, exchange));
        assertEquals(EndpointSet.SANDBOX, exchange.endpoints());
    }

    @Test
    void theVerifiedJwtMayBeForwardedAndTheCredentialKeptWhenConfigured() {
        Route route = route(requirement("oauth", List.of()));
        ExchangeContext forwarded = exchange(route, "/a/x", "Authorization", "Bearer a.b.c");
        assertSame(Verdict.CONTINUE, decide(route, material(true, "X-JWT-Assertion", BASIC), forwarded));
        assertEquals("a.b.c", forwarded.request().headers().get("X-JWT-Assertion"));
        assertFalse(forwarded.request().headers().contains("Authorization"));

        ExchangeContext kept = exchange(route, "/a/x", "Authorization", "Bearer read");
        assertSame(Verdict.CONTINUE, decide(route, material(false, null, BASIC), kept));
        assertEquals("Bearer read", kept.request().headers().get("Authorization"));
    }

    @Test
    void aCustomAuthHeaderCarriesTheToken() {
        Route route = route(List.of(requirement("oauth", List.of())), "X-Token", null);
        assertSame(Verdict.CONTINUE, decide(route, MATERIAL, exchange(route, "/a/x", "X-Token", "Bearer read")));
        Faults.Fault missing = refusal(decide(route, MATERIAL, exchange(route, "/a/x", "Authorization", "Bearer read")));
        assertTrue(missing.description().contains("X-Token"), missing.description());
    }

    @Test
    void applicationSecurityTypesLimitTheSchemesAndAnEmptyChoiceIs900917() {
        Route keysOnly = route(List.of(requirement("oauth", List.of()), requirement("api_key", List.of())), null,
                new ApplicationSecurity(List.of("api_key"), false));
        assertEquals(900902, refusal(decide(keysOnly, MATERIAL, exchange(keysOnly, "/a/x", "Authorization", "Bearer read"))).code());
        assertSame(Verdict.CONTINUE, decide(keysOnly, MATERIAL, exchange(keysOnly, "/a/x", "api_key", "k1")));

        Route nothingLeft = route(List.of(requirement("oauth", List.of())), null, new ApplicationSecurity(List.of("basic_auth"), false));
        assertEquals(900917, refusal(decide(nothingLeft, MATERIAL, exchange(nothingLeft, "/a/x", "Authorization", "Bearer read"))).code());
    }

    @Test
    void optionalApplicationSecurityLetsAClientIdentifiedByMutualTlsThrough() {
        Route route = route(List.of(requirement("oauth", List.of())), null, new ApplicationSecurity(List.of("oauth2"), true));
        ExchangeContext withCertificate = exchange(route, "/a/x");
        withCertificate.identity(identity("CN=device", "PRODUCTION"));
        assertSame(Verdict.CONTINUE, decide(route, MATERIAL, withCertificate));
        assertEquals(900902, refusal(decide(route, MATERIAL, exchange(route, "/a/x"))).code());
    }

    @Test
    void anOpenApiStrictDefinitionAndsEverySchemeAndScope() {
        Route keys = route(List.of(requirement("api_key", List.of(), "api_key_query", List.of())), null, null, "openapi");
        assertEquals(900902, refusal(decide(keys, MATERIAL, exchange(keys, "/a/x", "api_key", "k1"))).code(),
                "the query key is required too");
        assertSame(Verdict.CONTINUE, decide(keys, MATERIAL, exchange(keys, "/a/x?api_key=k1", "api_key", "k1")));

        Route scopes = route(List.of(requirement("oauth", List.of("read", "admin"))), null, null, "openapi");
        assertEquals(900910, refusal(decide(scopes, MATERIAL, exchange(scopes, "/a/x", "Authorization", "Bearer read"))).code());

        Route basic = route(List.of(requirement("oauth", List.of("read")), requirement("basic", List.of())), null, null, "openapi");
        assertSame(Verdict.CONTINUE, decide(basic, MATERIAL, exchange(basic, "/a/x", "Authorization", "Basic cGxhaW46cHc=")),
                "no OAuth2 scope binds a basic user");
    }
}
