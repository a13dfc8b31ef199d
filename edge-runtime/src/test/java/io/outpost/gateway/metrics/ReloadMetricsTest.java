package io.outpost.gateway.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.testing.PrometheusText;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReloadMetricsTest {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final ReloadMetrics reloads = new ReloadMetrics(registry);

    @Test
    void theStartCountsAsAGoodLoadAndBothResultsAreExposedAtZero() throws Exception {
        Map<String, Double> s = samples(registry);
        assertEquals(1.0, s.get("outpost_gateway_last_reload_success{}"));
        assertEquals(0.0, s.get("outpost_gateway_reloads_total{result=applied}"));
        assertEquals(0.0, s.get("outpost_gateway_reloads_total{result=refused}"));
        assertTrue(s.get("outpost_gateway_last_reload_timestamp_seconds{}") > 1.7e9);
    }

    @Test
    void aRefusalShowsUntilTheNextAppliedReload() throws Exception {
        reloads.refused("artifact signature does not verify");
        Map<String, Double> s = samples(registry);
        assertEquals(0.0, s.get("outpost_gateway_last_reload_success{}"));
        assertEquals(1.0, s.get("outpost_gateway_reloads_total{result=refused}"));
        assertEquals("artifact signature does not verify", reloads.lastRefusal());

        reloads.succeeded(3);
        s = samples(registry);
        assertEquals(1.0, s.get("outpost_gateway_last_reload_success{}"));
        assertEquals(1.0, s.get("outpost_gateway_reloads_total{result=applied}"));
        assertNull(reloads.lastRefusal());
        assertEquals(3, reloads.lastGeneration());
    }

    static Map<String, Double> samples(PrometheusRegistry registry) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return PrometheusText.samples(out.toString(StandardCharsets.UTF_8));
    }
}
