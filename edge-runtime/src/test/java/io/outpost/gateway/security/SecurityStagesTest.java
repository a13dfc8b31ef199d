package io.outpost.gateway.security;

import static io.outpost.gateway.TestApis.api;
import static io.outpost.gateway.TestApis.endpoint;
import static io.outpost.gateway.TestApis.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.outpost.common.model.ApiDefinition;
import io.outpost.common.model.Resource;
import io.outpost.gateway.pipeline.ExchangeContext;
import io.outpost.gateway.pipeline.Stage;
import io.outpost.gateway.pipeline.Verdict;
import io.outpost.gateway.routing.PathNormalizer;
import io.outpost.gateway.routing.Route;
import io.outpost.gateway.routing.RouteTable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The decisions of the first two stages, and which routes get them. */
class SecurityStagesTest {

    private static Route route(Boolean disableSecurity, List<String> transports) {
        Resource r = resource("GET", "/x", null, null, null, transports);
        ApiDefinition api = api("a", "/a", endpoint("http://b"), disableSecurity, null, List.of(r));
        return RouteTable.of(List.of(api)).routes().get(0);
    }

    private static ExchangeContext exchange(Route route, String scheme) throws Exception {
        return new ExchangeContext(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/a/x"),
                PathNormalizer.normalize("/a/x"), "127.0.0.1", scheme, route, Map.of());
    }

    private static final SecurityMaterial NOTHING_CONFIGURED = SecurityMaterial.failClosed(SecuritySettings.DEFAULT);

    @Test
    void anOpenRouteGetsNoAuthenticationStage() {
        assertNull(AuthenticationStage.forRoute(route(true, List.of()), NOTHING_CONFIGURED));
    }

    @Test
    void aRouteWithoutDeclaredSecurityIsRefusedWith900902NamingItsAuthHeader() throws Exception {
        Route secured = route(null, List.of());
        Stage stage = AuthenticationStage.forRoute(secured, NOTHING_CONFIGURED);
        Verdict.Refuse refusal = assertInstanceOf(Verdict.Refuse.class, stage.onHead(exchange(secured, "https")));
        assertEquals(401, refusal.fault().status().code());
        assertEquals(900902, refusal.fault().code());
        assertTrue(refusal.fault().description().contains("'Authorization"), refusal.fault().description());
    }

    @Test
    void httpsOnlyIsCompiledOnlyForRoutesThatExcludePlainHttp() throws Exception {
        assertNull(HttpsOnlyStage.forRoute(route(true, List.of())));
        assertNull(HttpsOnlyStage.forRoute(route(true, List.of("http", "https"))));
        Route httpsOnly = route(true, List.of("https"));
        Stage stage = HttpsOnlyStage.forRoute(httpsOnly);
        Verdict.Refuse refusal = assertInstanceOf(Verdict.Refuse.class, stage.onHead(exchange(httpsOnly, "http")));
        assertEquals(900906, refusal.fault().code());
        assertEquals(Verdict.CONTINUE, stage.onHead(exchange(httpsOnly, "https")));
    }
}
