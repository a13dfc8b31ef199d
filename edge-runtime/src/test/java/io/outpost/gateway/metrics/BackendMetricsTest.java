package io.outpost.gateway.metrics;

import static io.outpost.gateway.TestApis.api;
import static io.outpost.gateway.TestApis.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.outpost.common.model.ApiDefinition;
import io.outpost.common.model.EndpointConfig;
import io.outpost.common.model.EndpointConfig.AdvanceEndpointConfig;
import io.outpost.gateway.config.GatewayConfig;
import io.outpost.gateway.endpoint.EndpointOverrides;
import io.outpost.gateway.endpoint.Member;
import io.outpost.gateway.endpoint.Upstream;
import io.outpost.gateway.endpoint.Upstreams;
import io.outpost.gateway.pipeline.Generation;
import io.outpost.gateway.pipeline.Generations;
import io.outpost.gateway.routing.RouteTable;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The backend series: one per endpoint and member even when two upstreams share both, and those of the generation in force. */
class BackendMetricsTest {
    private static final String FAILURES = "outpost_gateway_backend_connect_failures_total";

    @Test
    void twoUpstreamsWithOneDescriptionAndURLAreOneSeriesAndTheSeriesFollowTheGenerationInForce() throws Exception {
        // Same name and URL, different timeouts: not one endpoint, so two upstreams (each its own circuit).
        EndpointConfig first = new EndpointConfig("backend", null, List.of("http://b1:8080/v1?key=secret"),
                new AdvanceEndpointConfig(1000L, null, null), null);
        EndpointConfig second = new EndpointConfig("backend", null, List.of("http://b1:8080/v1?key=secret"),
                new AdvanceEndpointConfig(2000L, null, null), null);
        ApiDefinition shop = api("shop", "/shop", null, true, null, List.of(
                resource("GET", "/a", first, null, null, List.of()), resource("GET", "/b", second, null, null, List.of())));
        Upstreams upstreams = Upstreams.build(List.of(shop), new EndpointOverrides(Map.of()), null, GatewayConfig.defaults());
        assertEquals(2, upstreams.all().size());
        for (Upstream u : upstreams.all()) {
            u.members().forEach(Member::countConnectFailure);
        }
        Generations generations = new Generations(generation(1, shop, upstreams));
        PrometheusRegistry registry = new PrometheusRegistry();
        BackendMetrics.register(registry, generations);

        Map<String, Double> s = ReloadMetricsTest.samples(registry);
        String series = FAILURES + "{endpoint=endpoint 'backend',member=http://b1:8080/v1}";
        assertEquals(2.0, s.get(series), "added up, never one series twice (a scrape would fail), the query left out: " + s);

        EndpointConfig moved = new EndpointConfig("backend", null, List.of("http://b2/"), null, null);
        ApiDefinition reloaded = api("shop", "/shop", null, true, null, List.of(resource("GET", "/a", moved, null, null, List.of())));
        generations.swap(generation(2, reloaded,
                Upstreams.build(List.of(reloaded), new EndpointOverrides(Map.of()), null, GatewayConfig.defaults())));
        s = ReloadMetricsTest.samples(registry);
        assertNull(s.get(series), "the old generation's endpoint is gone: " + s);
        assertEquals(0.0, s.get(FAILURES + "{endpoint=endpoint 'backend',member=http://b2}"));
        assertFalse(s.containsKey("outpost_gateway_backend_circuit_state{endpoint=endpoint 'backend'}"),
                "no circuit breaker declared, no circuit series");
    }

    private static Generation generation(long number, ApiDefinition api, Upstreams upstreams) {
        return new Generation(number, RouteTable.of(List.of(api)), List.of(), upstreams);
    }
}
