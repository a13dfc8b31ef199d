package io.outpost.gateway;

import static io.outpost.gateway.TestApis.api;
import static io.outpost.gateway.TestApis.endpoint;
import static io.outpost.gateway.TestApis.resource;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.outpost.testing.EchoBackend;
import io.outpost.testing.PrometheusText;
import io.outpost.testing.RawHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real gateway process counts what it served and shows it on the admin port's {@code /metrics},
 * read by the Prometheus project's own text parser: proxied answers and refusals by API, resource
 * template, method and status class, refusals by WSO2 fault code, the gateway's and the backend's
 * times per API, and never a raw path or a client address in a label.
 */
class MetricsTest {
    private static final String SHOP = "api=shop,api_version=1.0.0,method=GET,resource=/items/{id}";
    private static final String VAULT = "api=vault,api_version=1.0.0,method=GET,resource=/x";
    private static final String UNROUTED = "api=,api_version=,method=GET,resource=";

    @Test
    void metricsCountWhatTheGatewayServedAndRefused(@TempDir Path dir) throws Exception {
        try (EchoBackend backend = new EchoBackend("counted")) {
            var open = api("shop", "/shop/v1", endpoint(backend.url("/")), true, null, List.of(resource("GET", "/items/{id}")));
            var secured = api("vault", "/vault", endpoint(backend.url("/")), null, null, List.of(resource("GET", "/x")));
            try (GatewayFixture.Running gateway = new GatewayFixture(dir, List.of(open, secured)).start()) {
                RawHttp.Response before = RawHttp.get(gateway.adminPort(), "/metrics");
                assertEquals(200, before.status());
                assertEquals("text/plain; version=0.0.4; charset=utf-8", before.header("content-type"));
                Map<String, Double> first = PrometheusText.samples(before.body());
                assertEquals(0.0, first.get(requests(UNROUTED, "4xx")), "the unrouted series are there from the start");
                assertEquals(0.0, first.get("outpost_gateway_latency_seconds_count{api=,api_version=}"));
                Map<String, Double> expected = counted(first);
                assertTrue(expected.values().stream().allMatch(v -> v == 0.0), before.body());

                int port = gateway.httpPort();
                for (int i = 0; i < 7; i++) {
                    assertEquals(200, RawHttp.get(port, "/shop/v1/items/" + i).status());
                }
                for (int i = 0; i < 3; i++) {
                    assertEquals(404, RawHttp.get(port, "/nowhere/" + i).status());
                }
                for (int i = 0; i < 2; i++) {
                    assertEquals(401, RawHttp.get(port, "/vault/x").status());
                }

                for (String route : new String[] {SHOP, VAULT}) { // a route's series appear at its first exchange
                    for (String c : new String[] {"none", "1xx", "2xx", "3xx", "4xx", "5xx", "other"}) {
                        expected.put(requests(route, c), 0.0);
                    }
                }
                expected.put(requests(SHOP, "2xx"), 7.0);
                expected.put(requests(UNROUTED, "4xx"), 3.0);
                expected.put(requests(VAULT, "4xx"), 2.0);
                expected.put("outpost_gateway_refusals_total{code=404}", 3.0);
                expected.put("outpost_gateway_refusals_total{code=900902}", 2.0);
                // An exchange is counted when it ends, which may be just after its client read the answer.
                await().atMost(Duration.ofSeconds(10)).until(() -> counted(scrape(gateway)).equals(expected));
                Map<String, Double> all = scrape(gateway);
                assertEquals(expected, counted(all), "a scrape counts nothing");
                assertEquals(7.0, sum(all, "outpost_gateway_requests_total", "status_class=2xx"));
                assertEquals(5.0, sum(all, "outpost_gateway_requests_total", "status_class=4xx"));
                assertEquals(12.0, sum(all, "outpost_gateway_requests_total", ""));

                // Every exchange in its API's gateway-time histogram; the backend's only where one answered.
                assertEquals(7.0, all.get("outpost_gateway_latency_seconds_count{api=shop,api_version=1.0.0}"));
                assertEquals(7.0, all.get("outpost_gateway_latency_seconds_bucket{api=shop,api_version=1.0.0,le=+Inf}"));
                assertEquals(7.0, all.get("outpost_gateway_backend_latency_seconds_count{api=shop,api_version=1.0.0}"));
                assertTrue(all.get("outpost_gateway_backend_latency_seconds_sum{api=shop,api_version=1.0.0}") > 0, all.toString());
                assertEquals(2.0, all.get("outpost_gateway_latency_seconds_count{api=vault,api_version=1.0.0}"));
                assertEquals(0.0, all.get("outpost_gateway_backend_latency_seconds_count{api=vault,api_version=1.0.0}"));
                assertEquals(3.0, all.get("outpost_gateway_latency_seconds_count{api=,api_version=}"));
                assertEquals(0.0, all.get("outpost_gateway_token_cache_entries{cache=jwt}"), "no JWT issuer configured");

                for (String series : all.keySet()) { // the exchange's metrics (a backend member's URL is configuration)
                    assertFalse(series.matches("outpost_gateway_(requests|refusals|latency|backend_latency)_.*")
                                    && (series.contains("/shop/v1/items/") || series.contains("/nowhere") || series.contains("127.0.0.1")),
                            "a raw path or a client address in a label: " + series);
                }
                int exit = gateway.process().stop();
                assertTrue(exit == 0 || exit == 143, "gateway exit " + exit);
                assertFalse(gateway.process().output().contains("LEAK:"), gateway.process().output());
            }
        }
    }

    /** The verified-token cache seen from /metrics: one token sent 4 times is verified once. */
    @Test
    void theTokenCachesSizeAndHitsAreOnMetrics(@TempDir Path dir) throws Exception {
        String iss = "https://idp.test/oauth2/token";
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k").generate();
        try (EchoBackend backend = new EchoBackend("counted")) {
            var secured = api("vault", "/vault", endpoint(backend.url("/")), null, null, List.of(resource("GET", "/x")));
            GatewayFixture f = new GatewayFixture(dir, List.of(secured), """
                    security:
                      jwt:
                        issuers:
                          - issuer: %s
                            jwks: [k.jwks]
                    """.formatted(iss));
            Files.writeString(dir.resolve("k.jwks"), new JWKSet(key.toPublicJWK()).toString());
            SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("k").build(),
                    new JWTClaimsSet.Builder().issuer(iss).subject("alice").jwtID("jti-1")
                            .expirationTime(new Date(System.currentTimeMillis() + 3_600_000)).issueTime(new Date()).build());
            token.sign(new ECDSASigner(key));
            try (GatewayFixture.Running gateway = f.start()) {
                for (int i = 0; i < 4; i++) {
                    assertEquals(200, bearer(gateway.httpPort(), token.serialize()).status());
                }
                String forged = token.serialize().substring(0, token.serialize().length() - 4) + "AAAA";
                assertEquals(401, bearer(gateway.httpPort(), forged).status());
                Map<String, Double> s = scrape(gateway);
                assertEquals(1.0, s.get("outpost_gateway_token_cache_entries{cache=jwt}"), s.toString());
                assertEquals(3.0, s.get("outpost_gateway_token_cache_hits_total{cache=jwt}"));
                assertEquals(2.0, s.get("outpost_gateway_token_cache_misses_total{cache=jwt}"), "the first use and the forgery");
                assertEquals(0.0, s.get("outpost_gateway_token_cache_entries{cache=api_key}"));
                gateway.stopAndCheckLeaks();
            }
        }
    }

    private static RawHttp.Response bearer(int port, String token) throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            http.send("GET /vault/x HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\nConnection: close\r\n\r\n");
            return http.read();
        }
    }

    private static String requests(String route, String statusClass) {
        return "outpost_gateway_requests_total{" + route + ",status_class=" + statusClass + "}";
    }

    private static double sum(Map<String, Double> samples, String name, String label) {
        return samples.entrySet().stream().filter(e -> e.getKey().startsWith(name + "{") && e.getKey().contains(label))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    private static Map<String, Double> scrape(GatewayFixture.Running gateway) throws Exception {
        RawHttp.Response r = RawHttp.get(gateway.adminPort(), "/metrics");
        assertEquals(200, r.status(), r.body());
        return PrometheusText.samples(r.body());
    }

    /** The exchange counters: the state gauges (JVM, backends, journal, build info) are RuntimeMetricsTest's. */
    private static Map<String, Double> counted(Map<String, Double> samples) {
        Map<String, Double> counted = new TreeMap<>();
        samples.forEach((k, v) -> {
            if (k.startsWith("outpost_gateway_requests_") || k.startsWith("outpost_gateway_refusals_")
                    || k.startsWith("outpost_gateway_throttle_")) {
                counted.put(k, v);
            }
        });
        return counted;
    }
}
