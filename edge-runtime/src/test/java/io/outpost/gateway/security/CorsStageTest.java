package io.outpost.gateway.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.outpost.common.model.ApiDefinition;
import io.outpost.common.model.CorsConfig;
import io.outpost.common.model.EndpointConfig;
import io.outpost.common.model.Resource;
import io.outpost.gateway.pipeline.ExchangeContext;
import io.outpost.gateway.pipeline.Verdict;
import io.outpost.gateway.routing.PathNormalizer;
import io.outpost.gateway.routing.Route;
import io.outpost.gateway.routing.RouteTable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** x-wso2-cors: preflights answered, disallowed origins refused, fields on allowed responses, the Fetch credentials rule. */
class CorsStageTest {

    private static RouteTable table(CorsConfig cors) {
        EndpointConfig backend = new EndpointConfig(null, null, List.of("http://b"), null, null);
        Resource get = new Resource("/x", "GET", null, null, null, null, null, null, List.of(), null, null, null, null, null, null);
        ApiDefinition api = new ApiDefinition("a", "1.0.0", "/a", "a.yaml", backend, null, null, null, null, null,
                cors, null, null, null, null, null, null, null, List.of(get));
        return RouteTable.of(List.of(api));
    }

    private static CorsConfig cors(List<String> origins, Boolean credentials) {
        return new CorsConfig(true, origins, List.of("Authorization", "Content-Type"), List.of("GET", "POST"),
                List.of("X-Correlation-ID"), credentials, 600L);
    }

    private static ExchangeContext exchange(Route route, HttpMethod method, String... headers) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, "/a/x");
        for (int i = 0; i < headers.length; i += 2) {
            request.headers().add(headers[i], headers[i + 1]);
        }
        try {
            return new ExchangeContext(request, PathNormalizer.normalize("/a/x"), "127.0.0.1", "http", route, Map.of());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aPreflightIsRoutedAsTheRequestItAnnouncesAndAnsweredWithThePolicy() throws Exception {
        RouteTable table = table(cors(List.of("test.com", "https://app.example"), false));
        HttpRequest preflight = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.OPTIONS, "/a/x");
        preflight.headers().add("Origin", "http://test.com").add("Access-Control-Request-Method", "GET")
                .add("Access-Control-Request-Headers", "authorization, content-type");
        var found = assertInstanceOf(RouteTable.Found.class,
                table.find("OPTIONS", PathNormalizer.normalize("/a/x"), CorsStage.announcedMethod(preflight)));
        Route route = found.route();
        assertInstanceOf(RouteTable.MethodNotAllowed.class, table.find("OPTIONS", PathNormalizer.normalize("/a/x")),
                "a plain OPTIONS is still not a declared method");

        ExchangeContext exchange = exchange(route, HttpMethod.OPTIONS, "Origin", "http://test.com",
                "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "authorization, content-type");
        Verdict.Respond answer = assertInstanceOf(Verdict.Respond.class, CorsStage.forRoute(route).onHead(exchange));
        assertEquals(200, answer.status().code());
        assertEquals("http://test.com", answer.headers().get("Access-Control-Allow-Origin"));
        assertEquals("GET, POST", answer.headers().get("Access-Control-Allow-Methods"));
        assertEquals("600", answer.headers().get("Access-Control-Max-Age"));
        assertEquals("Origin", answer.headers().get("Vary"));
        assertNull(answer.headers().get("Access-Control-Allow-Credentials"));
    }

    @Test
    void disallowedOriginsMethodsAndHeadersAreRefused() {
        Route route = table(cors(List.of("https://app.example"), false)).routes().get(0);
        var stage = CorsStage.forRoute(route);
        assertEquals(403, assertInstanceOf(Verdict.Refuse.class, stage.onHead(exchange(route, HttpMethod.GET,
                "Origin", "https://evil.example"))).fault().status().code());
        assertInstanceOf(Verdict.Refuse.class, stage.onHead(exchange(route, HttpMethod.OPTIONS, "Origin", "https://app.example",
                "Access-Control-Request-Method", "DELETE")));
        assertInstanceOf(Verdict.Refuse.class, stage.onHead(exchange(route, HttpMethod.OPTIONS, "Origin", "https://app.example",
                "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "x-secret")));
        assertInstanceOf(Verdict.Refuse.class, stage.onHead(exchange(route, HttpMethod.GET, "Origin", "http://app.example")),
                "an entry with a scheme matches only that scheme");
    }

    @Test
    void anAllowedRequestGetsItsFieldsOnTheResponseAndASameOriginRequestIsLeftAlone() {
        Route route = table(cors(List.of("https://app.example"), true)).routes().get(0);
        var stage = CorsStage.forRoute(route);
        ExchangeContext cross = exchange(route, HttpMethod.GET, "Origin", "https://app.example");
        assertSame(Verdict.CONTINUE, stage.onHead(cross));
        assertEquals(List.of("Access-Control-Allow-Origin", "https://app.example", "Access-Control-Allow-Credentials", "true",
                "Access-Control-Expose-Headers", "X-Correlation-ID", "Vary", "Origin"), cross.responseHeaders());
        ExchangeContext same = exchange(route, HttpMethod.GET);
        assertSame(Verdict.CONTINUE, stage.onHead(same));
        assertTrue(same.responseHeaders().isEmpty());
    }

    @Test
    void aWildcardAnswersStarUnlessCredentialsAreAllowedThenTheOriginItself() {
        Route open = table(cors(List.of("*"), false)).routes().get(0);
        ExchangeContext any = exchange(open, HttpMethod.GET, "Origin", "https://x.example");
        CorsStage.forRoute(open).onHead(any);
        assertEquals(List.of("Access-Control-Allow-Origin", "*", "Access-Control-Expose-Headers", "X-Correlation-ID"),
                any.responseHeaders());
        Route withCredentials = table(cors(List.of("*"), true)).routes().get(0);
        ExchangeContext echoed = exchange(withCredentials, HttpMethod.GET, "Origin", "https://x.example");
        CorsStage.forRoute(withCredentials).onHead(echoed);
        assertEquals("https://x.example", echoed.responseHeaders().get(1), "Fetch: no '*' with credentials");
    }

    @Test
    void noCorsOrCorsDisabledCompilesNoStage() {
        assertNull(CorsStage.forRoute(table(null).routes().get(0)));
        assertNull(CorsStage.forRoute(table(new CorsConfig(false, List.of("*"), null, null, null, null, null)).routes().get(0)));
    }
}
