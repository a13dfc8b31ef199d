package io.outpost.gateway.accesslog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.outpost.gateway.metrics.LogMetrics;
import io.outpost.journal.ExchangeRecord;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The access log's drops on /metrics, read at scrape time; the operator warnings' drops beside them. */
class AccessLogMetricsTest {
    @Test
    void droppedLinesAreCountedOnTheScrape() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        LogMetrics.register(registry);
        double before = value(registry, "outpost_gateway_access_log_dropped_total"); // other tests of this JVM may have dropped some
        AccessLog log = new AccessLog(4); // no writer started: nothing drains
        ExchangeRecord.Builder exchange = ExchangeRecord.builder().status(200);
        for (int i = 0; i < 10; i++) {
            log.exchangeEnded(exchange, "192.0.2.1");
        }
        assertEquals(before + 6, value(registry, "outpost_gateway_access_log_dropped_total"));
        assertEquals(io.outpost.common.logging.WarningWriter.dropped(), value(registry, "outpost_gateway_operator_warnings_dropped_total"));
    }

    private static double value(PrometheusRegistry registry, String sample) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PrometheusTextFormatWriter(false).write(out, registry.scrape());
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1));
            }
        }
        throw new AssertionError(sample + " not in\n" + out);
    }
}
