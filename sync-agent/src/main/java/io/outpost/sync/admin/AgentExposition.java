package io.outpost.sync.admin;

import io.outpost.common.BuildInfo;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.DoubleSupplier;

/**
 * The agent's {@code /metrics} through the same Prometheus library as the gateway: its counters and
 * gauges (kept in {@link AgentMetrics}' atomics, which the forwarder and the puller write) read at
 * scrape time by callbacks, so nothing is counted twice and nothing is allocated between scrapes;
 * plus {@code outpost_build_info} and the client's standard JVM and process metrics. Names and
 * meanings are those of docs/sync.md, "Status and metrics".
 */
public final class AgentExposition {
    private AgentExposition() {}

    public static PrometheusRegistry registry(AgentMetrics m) {
        PrometheusRegistry r = new PrometheusRegistry();
        counter(r, "outpost_sync_events_forwarded", "Events accepted by the management side (2xx).", m.eventsForwarded::sum);
        counter(r, "outpost_sync_batches", "Batches accepted by the management side.", m.batchesSent::sum);
        counter(r, "outpost_sync_bytes_sent", "Compressed batch bytes accepted (on the wire).", m.bytesSent::sum);
        counter(r, "outpost_sync_bytes_uncompressed", "NDJSON bytes of the accepted batches before gzip.", m.bytesUncompressed::sum);
        counter(r, "outpost_sync_duplicates_reported", "Events the management side reported as duplicates.", m.duplicatesReported::sum);
        CounterWithCallback.builder().name("outpost_sync_failures").help("Failed upload attempts by kind.").labelNames("kind")
                .callback(cb -> m.failures().forEach((kind, n) -> cb.call(n, kind))).register(r);
        gauge(r, "outpost_sync_backlog_events", "Journal events not yet acknowledged (-1 = unknown).", m.backlogEvents::get);
        gauge(r, "outpost_sync_acknowledged_index", "Journal index acknowledged by the management side.", m.acknowledgedIndex::get);
        gauge(r, "outpost_sync_last_written_index", "Last journal index written by the gateway.", m.lastWrittenIndex::get);
        gauge(r, "outpost_sync_last_success_timestamp_seconds", "When a batch was last accepted (0 = never).",
                () -> m.lastSuccessMillis.get() / 1000.0);
        gauge(r, "outpost_sync_consecutive_failures", "Failed attempts since the last success.", m.consecutiveFailures::get);
        gauge(r, "outpost_sync_next_attempt_timestamp_seconds", "When the next upload attempt is due (0 = now).",
                () -> m.nextAttemptMillis.get() / 1000.0);
        gauge(r, "outpost_sync_last_forward_age_seconds", "Seconds since a batch was last accepted (-1 = never).",
                () -> m.lastForwardAgeSeconds(System.currentTimeMillis()));
        counter(r, "outpost_sync_journal_corrupt_skipped", "Unreadable journal records skipped.", m.corruptSkipped::get);
        counter(r, "outpost_sync_journal_budget_skipped_ranges",
                "Stretches of journal cycles deleted over the gateway's budget, reported as loss events.", m.budgetRangesSkipped::get);
        counter(r, "outpost_sync_journal_budget_lost_events",
                "Events in those stretches (deleted before the agent read them).", m.budgetEventsLost::get);
        counter(r, "outpost_sync_journal_read_errors", "Journal reads that failed (retried).", m.readerErrors::sum);
        GaugeWithCallback.builder().name("outpost_sync_bundle_sequence").help("Installed update bundle sequence by type.")
                .labelNames("type").callback(cb -> m.bundleSequences().forEach((t, s) -> cb.call(s, t))).register(r);
        CounterWithCallback.builder().name("outpost_sync_bundles_installed").help("Update bundles installed.").labelNames("type")
                .callback(cb -> m.bundlesInstalled().forEach((t, n) -> cb.call(n, t))).register(r);
        CounterWithCallback.builder().name("outpost_sync_bundles_refused")
                .help("Update bundles refused (tampered, wrong key, rollback, ...).").labelNames("type", "reason")
                .callback(cb -> m.bundlesRefused().forEach((k, n) -> cb.call(n, k.get(0), k.get(1)))).register(r);
        Info.builder().name("outpost_build_info").help("The version and commit this agent was built from (value 1)")
                .labelNames("version", "commit").register(r).setLabelValues(BuildInfo.version(), BuildInfo.commit());
        JvmMetrics.builder().register(r);
        return r;
    }

    private static void counter(PrometheusRegistry r, String name, String help, DoubleSupplier value) {
        CounterWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsDouble())).register(r);
    }

    private static void gauge(PrometheusRegistry r, String name, String help, DoubleSupplier value) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsDouble())).register(r);
    }
}
