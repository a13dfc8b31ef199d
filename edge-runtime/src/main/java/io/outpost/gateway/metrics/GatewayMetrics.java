package io.outpost.gateway.metrics;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The gateway's one metrics registry and its first counters: exchanges ended by status class, and
 * the gateway's own answers (refusals and gateway errors) by WSO2 fault code. Stages register their
 * own counters in {@link #registry()} when they are built, resolving their labelled data points
 * then (see {@link BoundedCounter}), never per request. The admin port renders it as
 * {@code GET /metrics}.
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
    private final BoundedCounter requests;
    private final BoundedCounter refusals;

    public GatewayMetrics() {
        Map<Integer, String> classes = new LinkedHashMap<>();
        classes.put(0, "none"); // the exchange ended before any response was sent (the client left)
        for (int c = 1; c <= 5; c++) {
            classes.put(c, c + "xx");
        }
        requests = BoundedCounter.register(registry, "outpost_gateway_requests",
                "Exchanges ended, by the status class of the response sent to the client "
                        + "(none: the exchange ended before a response; other: a status outside 100-599)",
                "status_class", classes);
        Map<Integer, String> codes = new LinkedHashMap<>();
        for (int code : FAULT_CODES) {
            codes.put(code, Integer.toString(code));
        }
        refusals = BoundedCounter.register(registry, "outpost_gateway_refusals",
                "Exchanges the gateway answered itself (refusals and gateway errors), by WSO2 fault code "
                        + "(other: a code this gateway does not list)",
                "code", codes);
    }

    /**
     * Counts one ended exchange; allocates nothing and takes no lock.
     *
     * @param status    the status sent to the client, 0 when none was
     * @param faultCode the WSO2 fault code of the gateway's own answer, 0 when the backend answered
     */
    public void exchangeEnded(int status, int faultCode) {
        requests.inc(status == 0 ? 0 : status >= 100 && status < 600 ? status / 100 : -1);
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

    BoundedCounter requests() {
        return requests;
    }

    BoundedCounter refusals() {
        return refusals;
    }
}
