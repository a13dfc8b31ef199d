package io.outpost.gateway;

import static io.outpost.gateway.TestApis.api;
import static io.outpost.gateway.TestApis.endpoint;
import static io.outpost.gateway.TestApis.resource;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.gateway.metrics.PrometheusText;
import io.outpost.testing.EchoBackend;
import io.outpost.testing.RawHttp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real gateway process counts what it served and shows it on the admin port's {@code /metrics}:
 * proxied answers by status class, its own refusals by WSO2 fault code, every other series at 0.
 */
class MetricsTest {

    @Test
    void metricsCountWhatTheGatewayServedAndRefused(@TempDir Path dir) throws Exception {
        try (EchoBackend backend = new EchoBackend("counted")) {
            var open = api("shop", "/shop/v1", endpoint(backend.url("/")), true, null, List.of(resource("GET", "/items/{id}")));
            var secured = api("vault", "/vault", endpoint(backend.url("/")), null, null, List.of(resource("GET", "/x")));
            try (GatewayFixture.Running gateway = new GatewayFixture(dir, List.of(open, secured)).start()) {
                RawHttp.Response before = RawHttp.get(gateway.adminPort(), "/metrics");
                assertEquals(200, before.status());
                assertEquals("text/plain; version=0.0.4; charset=utf-8", before.header("content-type"));
                assertTrue(before.body().contains("# TYPE outpost_gateway_requests_total counter"), before.body());
                Map<String, Double> expected = counted(PrometheusText.samples(before.body()));
                assertTrue(expected.values().stream().allMatch(v -> v == 0.0), before.body());

                int port = gateway.httpPort();
                for (int i = 0; i < 7; i++) {
                    assertEquals(200, RawHttp.get(port, "/shop/v1/items/" + i).status());
                }
                assertEquals(404, RawHttp.get(port, "/nowhere").status());
                assertEquals(401, RawHttp.get(port, "/vault/x").status());

                expected.put("outpost_gateway_requests_total{status_class=\"2xx\"}", 7.0);
                expected.put("outpost_gateway_requests_total{status_class=\"4xx\"}", 2.0);
                expected.put("outpost_gateway_refusals_total{code=\"404\"}", 1.0);
                expected.put("outpost_gateway_refusals_total{code=\"900902\"}", 1.0);
                // An exchange is counted when it ends, which may be just after its client read the answer.
                await().atMost(Duration.ofSeconds(10)).until(() -> metrics(gateway).equals(expected));
                assertEquals(expected, metrics(gateway), "a scrape counts nothing");
                int exit = gateway.process().stop();
                assertTrue(exit == 0 || exit == 143, "gateway exit " + exit);
                assertFalse(gateway.process().output().contains("LEAK:"), gateway.process().output());
            }
        }
    }

    private static Map<String, Double> metrics(GatewayFixture.Running gateway) throws Exception {
        RawHttp.Response r = RawHttp.get(gateway.adminPort(), "/metrics");
        assertEquals(200, r.status(), r.body());
        return counted(PrometheusText.samples(r.body()));
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
