package io.outpost.gateway.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.gateway.http.Faults;
import io.outpost.gateway.throttling.ThrottleLevel;
import io.outpost.gateway.proxy.ExchangeObserver;
import io.outpost.journal.ExchangeRecord;
import io.outpost.testing.PrometheusText;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GatewayMetricsTest {
    private final GatewayMetrics metrics = new GatewayMetrics();

    /** Before routing: no API, version or resource; the series carry "" there. */
    private static final String UNROUTED = "api=,api_version=,method=GET,resource=";

    @Test
    void countsEndedExchangesByStatusClass() throws Exception {
        for (int status : new int[] {200, 201, 204, 101, 301, 404, 401, 503, 0, 799}) {
            end(status, 0);
        }
        Map<String, Double> s = samples();
        assertEquals(3.0, s.get(requests(UNROUTED, "2xx")));
        assertEquals(1.0, s.get(requests(UNROUTED, "1xx")));
        assertEquals(1.0, s.get(requests(UNROUTED, "3xx")));
        assertEquals(2.0, s.get(requests(UNROUTED, "4xx")));
        assertEquals(1.0, s.get(requests(UNROUTED, "5xx")));
        assertEquals(1.0, s.get(requests(UNROUTED, "none")), "ended before a response");
        assertEquals(1.0, s.get(requests(UNROUTED, "other")), "a status past 599");
        assertEquals(0, metrics.refusals().get(0), "a backend's answer is no refusal");
    }

    @Test
    void countsRefusalsByFaultCodeAndUnknownCodesUnderOther() throws Exception {
        end(401, 900902);
        end(401, 900902);
        end(404, 404);
        end(429, 900899); // a code no stage sends
        end(500, -7);
        Map<String, Double> s = samples();
        assertEquals(2.0, s.get("outpost_gateway_refusals_total{code=900902}"));
        assertEquals(1.0, s.get("outpost_gateway_refusals_total{code=404}"));
        assertEquals(2.0, s.get("outpost_gateway_refusals_total{code=other}"));
        assertEquals(0.0, s.get("outpost_gateway_refusals_total{code=101503}"));
    }

    @Test
    void everyMetricIsExposedFromTheStartAndARoutesSeriesAtItsFirstExchange() throws Exception {
        String text = text();
        assertTrue(text.contains("# TYPE outpost_gateway_requests_total counter"), text);
        assertTrue(text.contains("# TYPE outpost_gateway_latency_seconds histogram"), text);
        assertTrue(text.contains("# TYPE outpost_gateway_backend_latency_seconds histogram"), text);
        assertTrue(text.contains("# TYPE outpost_gateway_token_cache_entries gauge"), text);
        assertTrue(text.contains("# HELP outpost_gateway_refusals_total "), text);
        Map<String, Double> s = exchangeSeries(PrometheusText.samples(text));
        // refusals by code and other; the unrouted GET series: 7 status classes, 2 histograms of
        // 14 buckets, +Inf, count and sum
        int fixed = GatewayMetrics.FAULT_CODES.length + 1 + 7 + 2 * (14 + 3);
        assertEquals(fixed, s.size(), text);
        assertTrue(s.values().stream().allMatch(v -> v == 0.0), text);
        metrics.exchangeEnded(ExchangeRecord.builder().apiName("a").apiVersion("1").resource("/r").method("GET").status(200));
        assertEquals(fixed + 7 + 2 * (14 + 3), exchangeSeries(samples()).size(), text());
    }

    /** The token caches' series are process-wide: other tests' caches count in them. */
    private static Map<String, Double> exchangeSeries(Map<String, Double> samples) {
        samples.keySet().removeIf(k -> k.startsWith("outpost_gateway_token_cache_"));
        return samples;
    }

    /** A fault code the gateway sends but the metrics do not list would hide under "other". */
    @Test
    void everyFaultTheGatewaySendsHasItsOwnSeries() throws Exception {
        Set<Integer> sent = new TreeSet<>();
        for (Method m : Faults.class.getDeclaredMethods()) {
            if (Modifier.isStatic(m.getModifiers()) && Modifier.isPublic(m.getModifiers()) && m.getReturnType() == Faults.Fault.class
                    && !m.getName().equals("throttled")) { // its code is the caller's: the levels' codes below
                List<Object> args = new ArrayList<>();
                for (Class<?> type : m.getParameterTypes()) {
                    args.add(type == String.class ? "x" : type == int.class ? (Object) 1 : type == long.class ? (Object) 1L : null);
                }
                sent.add(((Faults.Fault) m.invoke(null, args.toArray())).code());
            }
        }
        for (ThrottleLevel level : ThrottleLevel.values()) {
            sent.add(level.code());
        }
        sent.add(ThrottleLevel.BURST_CODE);
        assertTrue(sent.size() >= 10, sent.toString());
        Set<Integer> listed = Arrays.stream(GatewayMetrics.FAULT_CODES).boxed().collect(Collectors.toSet());
        assertTrue(listed.containsAll(sent), "not listed in GatewayMetrics.FAULT_CODES: " + sent.stream()
                .filter(c -> !listed.contains(c)).toList());
    }

    @Test
    void otherIsReservedForUnknownKeys() {
        assertThrows(IllegalArgumentException.class, () -> BoundedCounter.register(new PrometheusRegistry(), "x",
                "x", "kind", Map.of(1, "other")));
    }

    @Test
    void theObserverCountsFromTheJournalBuilderAndBothTellsEachInOrder() throws Exception {
        List<String> told = new ArrayList<>();
        ExchangeObserver journal = (exchange, ip) -> told.add("journal " + exchange.status() + " " + ip);
        ExchangeObserver both = ExchangeObserver.both(journal, new MetricsObserver(metrics));
        both.exchangeEnded(ExchangeRecord.builder().method("GET").status(401).errorCode(900902), "10.0.0.1");
        both.exchangeEnded(ExchangeRecord.builder().method("GET").status(200), "10.0.0.2");
        assertEquals(List.of("journal 401 10.0.0.1", "journal 200 10.0.0.2"), told);
        Map<String, Double> s = samples();
        assertEquals(1.0, s.get(requests(UNROUTED, "4xx")));
        assertEquals(1.0, s.get(requests(UNROUTED, "2xx")));
        assertEquals(1, metrics.refusals().get(900902));
        assertTrue(s.keySet().stream().noneMatch(k -> k.contains("10.0.0.")), "never a client address");
        assertSame(journal, ExchangeObserver.both(journal, ExchangeObserver.NONE));
        assertSame(journal, ExchangeObserver.both(ExchangeObserver.NONE, journal));
    }

    private void end(int status, int faultCode) {
        metrics.exchangeEnded(ExchangeRecord.builder().method("GET").status(status).errorCode(faultCode));
    }

    static String requests(String labels, String statusClass) {
        return "outpost_gateway_requests_total{" + labels + ",status_class=" + statusClass + "}";
    }

    private Map<String, Double> samples() throws Exception {
        return PrometheusText.samples(text());
    }

    private String text() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            metrics.writeText(out);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
