package io.outpost.gateway.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.journal.ExchangeRecord;
import io.outpost.testing.PrometheusText;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ExchangeMetricsTest {
    private static final String ITEMS = "api=shop,api_version=1.0,method=GET,resource=/items/{id}";

    private final GatewayMetrics metrics = new GatewayMetrics();

    @Test
    void countsByApiResourceTemplateMethodAndStatusClass() throws Exception {
        for (int i = 0; i < 3; i++) {
            metrics.exchangeEnded(routed("shop", "1.0", "/items/{id}", "GET", 200));
        }
        metrics.exchangeEnded(routed("shop", "1.0", "/items/{id}", "GET", 503));
        metrics.exchangeEnded(routed("shop", "1.0", "/items/{id}", "POST", 201));
        metrics.exchangeEnded(routed("shop", "2.0", "/items/{id}", "GET", 200));
        metrics.exchangeEnded(routed("shop", "1.0", "/items/{id}", "BREW", 200));
        Map<String, Double> s = samples();
        assertEquals(3.0, s.get(GatewayMetricsTest.requests(ITEMS, "2xx")));
        assertEquals(1.0, s.get(GatewayMetricsTest.requests(ITEMS, "5xx")));
        assertEquals(0.0, s.get(GatewayMetricsTest.requests(ITEMS, "4xx")), "a route's classes all appear at once");
        assertEquals(1.0, s.get(GatewayMetricsTest.requests(ITEMS.replace("GET", "POST"), "2xx")));
        assertEquals(1.0, s.get(GatewayMetricsTest.requests(ITEMS.replace("1.0", "2.0"), "2xx")));
        assertEquals(1.0, s.get(GatewayMetricsTest.requests(ITEMS.replace("GET", "other"), "2xx")), "a made-up method");
        assertEquals(1 + 4, metrics.exchanges().routes(), "the unrouted GET's series are there from the start");
    }

    @Test
    void aReloadsEqualStringsFindTheSameSeries() throws Exception {
        metrics.exchangeEnded(routed("shop", "1.0", "/items/{id}", "GET", 200));
        // a new generation compiles the same artifact again: other String instances, same contents
        metrics.exchangeEnded(routed(new String("shop"), new String("1.0"), new String("/items/{id}"), "GET", 200));
        assertEquals(2.0, samples().get(GatewayMetricsTest.requests(ITEMS, "2xx")));
        assertEquals(1 + 1, metrics.exchanges().routes());
    }

    @Test
    void gatewayTimeIsTheTotalLessTheBackendsAndBackendTimeOnlyWhenOneAnswered() throws Exception {
        // 30 ms in all, 28 of them the backend's: 2 ms the gateway's own
        metrics.exchangeEnded(routed("shop", "1.0", "/items/{id}", "GET", 200).gatewayLatencyMicros(30_000)
                .backendLatencyMicros(28_000));
        // refused by the gateway in 300 µs, no backend
        metrics.exchangeEnded(routed("shop", "1.0", "/items/{id}", "GET", 401).errorCode(900902)
                .gatewayLatencyMicros(300));
        Map<String, Double> s = samples();
        String api = "api=shop,api_version=1.0";
        assertEquals(2.0, s.get("outpost_gateway_latency_seconds_count{" + api + "}"));
        assertEquals(0.0023, s.get("outpost_gateway_latency_seconds_sum{" + api + "}"), 1e-9);
        assertEquals(1.0, s.get("outpost_gateway_latency_seconds_bucket{" + api + ",le=5.0E-4}"));
        assertEquals(1.0, s.get("outpost_gateway_latency_seconds_bucket{" + api + ",le=0.001}"));
        assertEquals(2.0, s.get("outpost_gateway_latency_seconds_bucket{" + api + ",le=0.0025}"));
        assertEquals(1.0, s.get("outpost_gateway_backend_latency_seconds_count{" + api + "}"));
        assertEquals(0.0, s.get("outpost_gateway_backend_latency_seconds_bucket{" + api + ",le=0.025}"));
        assertEquals(1.0, s.get("outpost_gateway_backend_latency_seconds_bucket{" + api + ",le=0.05}"));
        assertEquals(1.0, s.get("outpost_gateway_backend_latency_seconds_bucket{" + api + ",le=+Inf}"));
    }

    @Test
    void routesPastTheBoundCountUnderOther() throws Exception {
        for (int i = 0; i < RouteSeries.MAX_ROUTES + 5; i++) {
            metrics.exchangeEnded(routed("many", "1", "/r" + i, "GET", 200));
        }
        metrics.exchangeEnded(routed("many", "1", "/r" + (RouteSeries.MAX_ROUTES + 1), "GET", 200));
        Map<String, Double> s = samples();
        assertEquals(RouteSeries.MAX_ROUTES, metrics.exchanges().routes());
        // the unrouted GET's key is one of the MAX_ROUTES: /r0 .. /r1022 have their own, 6 more and a repeat overflow
        assertEquals(7.0, s.get(GatewayMetricsTest.requests(
                "api=other,api_version=other,method=GET,resource=other", "2xx")));
        assertEquals(1.0, s.get(GatewayMetricsTest.requests(
                "api=many,api_version=1,method=GET,resource=/r0", "2xx")));
        assertNull(s.get(GatewayMetricsTest.requests(
                "api=many,api_version=1,method=GET,resource=/r" + RouteSeries.MAX_ROUTES, "2xx")));
    }

    @Test
    void twoEventLoopsAddingRoutesAtOnceLoseNoCount() throws Exception {
        RouteSeries<int[]> series = new RouteSeries<>((api, version, resource, method) -> new int[1]);
        int perThread = 200;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<List<int[]>> found = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            List<int[]> mine = new ArrayList<>();
            found.add(mine);
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    mine.add(series.find("a", "1", "/r" + i, 0));
                }
            });
            threads.add(thread);
            thread.start();
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(perThread, series.routes());
        for (int i = 0; i < perThread; i++) {
            assertSame(found.get(0).get(i), found.get(1).get(i), "one series per key, /r" + i);
            assertSame(found.get(0).get(i), series.find("a", "1", "/r" + i, 0));
        }
        assertTrue(series.find("a", "1", "/r0", 1) != found.get(0).get(0), "another method, another series");
    }

    private static ExchangeRecord.Builder routed(String api, String version, String resource, String method, int status) {
        return ExchangeRecord.builder().apiName(api).apiVersion(version).resource(resource).method(method).status(status);
    }

    private Map<String, Double> samples() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.writeText(out);
        return PrometheusText.samples(out.toString(StandardCharsets.UTF_8));
    }
}
