package io.outpost.gateway.metrics;

import io.outpost.journal.ExchangeRecord;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The gateway's one metrics registry and the exchange's metrics: exchanges ended by API, resource
 * template, method and status class, the gateway's and the backends' times ({@link ExchangeMetrics}),
 * the gateway's own answers (refusals and gateway errors) by WSO2 fault code, and the verified-token
 * caches read at scrape time. Stages register their own counters in {@link #registry()} when they
 * are built, resolving their labelled data points then (see {@link BoundedCounter}), never per
 * request. The admin port renders it as {@code GET /metrics}.
 */
public final class GatewayMetrics {
    /** Prometheus text format 0.0.4. */
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    /**
     * The WSO2 fault codes the gateway sends (http.Faults; GatewayMetricsTest checks every one is
     * here). A stage that brings a new code adds it; until then it counts under "other".
     */
    static final int[] FAULT_CODES = {400, 403, 404, 405, 408, 413, 414, 431, 101429, 101500, 101503, 101504, 900800,
            900802, 900803, 900804, 900805, 900806, 900807, 900901, 900902, 900906, 900908, 900910, 900911, 900912, 900917};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter text = PrometheusTextFormatWriter.create();
    private final ExchangeMetrics exchanges = new ExchangeMetrics(registry);
    private final BoundedCounter refusals;

    public GatewayMetrics() {
        Map<Integer, String> codes = new LinkedHashMap<>();
        for (int code : FAULT_CODES) {
            codes.put(code, Integer.toString(code));
        }
        refusals = BoundedCounter.register(registry, "outpost_gateway_refusals",
                "Exchanges the gateway answered itself (refusals and gateway errors), by WSO2 fault code "
                        + "(other: a code this gateway does not list)",
                "code", codes);
        TokenCacheMetrics.register(registry);
    }

    /**
     * Counts one ended exchange from what the journal records of it; allocates nothing and takes no
     * lock once its route was seen (the first exchange of a route resolves its series).
     */
    public void exchangeEnded(ExchangeRecord.Builder exchange) {
        exchanges.exchangeEnded(exchange);
        int faultCode = exchange.errorCode();
        if (faultCode != 0) {
            refusals.inc(faultCode);
        }
    }

    /** Where stages register their own counters. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** Writes every metric in the Prometheus text format ({@link #CONTENT_TYPE}); in memory, cheap. */
    public void writeText(OutputStream out) throws IOException {
        text.write(out, registry.scrape());
    }

    ExchangeMetrics exchanges() {
        return exchanges;
    }

    BoundedCounter refusals() {
        return refusals;
    }
}
