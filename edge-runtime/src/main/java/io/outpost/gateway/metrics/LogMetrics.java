package io.outpost.gateway.metrics;

import io.outpost.common.logging.WarningWriter;
import io.outpost.gateway.accesslog.AccessLog;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * What the logs could not write, read at scrape time: access log lines and operator warnings
 * dropped because stderr was slower than what was to be said (each has a bounded queue and its own
 * writer thread, so a slow console never holds a request). A rising count says the console or
 * journald is the bottleneck; the journal still has every exchange.
 */
public final class LogMetrics {
    private LogMetrics() {}

    public static void register(PrometheusRegistry registry) {
        CounterWithCallback.builder().name("outpost_gateway_access_log_dropped")
                .help("Access log lines dropped: the writer could not keep up with the traffic (0 while logging.accessLog is off)")
                .callback(cb -> cb.call(AccessLog.droppedInProcess())).register(registry);
        CounterWithCallback.builder().name("outpost_gateway_operator_warnings_dropped")
                .help("Operator warnings dropped: their writer could not keep up (they are rate-limited, so this stays 0 unless stderr stalls)")
                .callback(cb -> cb.call(WarningWriter.dropped())).register(registry);
    }
}
