package io.outpost.sync.mgmt;

import io.outpost.common.BuildInfo;
import io.outpost.common.bundle.UpdateBundle;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/**
 * The receiver's {@code GET /metrics} (docs/sync.md, "The reference receiver"): what it ingested,
 * per device (the devices that ever sent: bounded, and what a receiver is for), read from the
 * store at scrape time; each device's latest metrics snapshot as {@code outpost_fleet_*}
 * ({@link FleetCollector}); build info and JVM/process metrics.
 */
final class ReceiverMetrics {
    /** Gzip (or identity) request bytes of ingest requests read from the network, refused ones included. */
    final LongAdder ingestBytes = new LongAdder();
    /** Update bundles answered with a bundle (200), by type. */
    final Map<String, LongAdder> bundlesServed = new java.util.concurrent.ConcurrentSkipListMap<>();

    ReceiverMetrics() {
        UpdateBundle.TYPES.forEach(t -> bundlesServed.put(t, new LongAdder())); // every series from the start, at 0
    }

    PrometheusRegistry registry(EventStore store, IngestHandler ingest) {
        PrometheusRegistry r = new PrometheusRegistry();
        perDevice(r, "outpost_mgmt_events_accepted", "Events stored (new ids), since the device's file began.", true, store,
                EventStore.DeviceStats::accepted);
        perDevice(r, "outpost_mgmt_duplicates", "Events received again and skipped (ids already stored), since start.", true,
                store, EventStore.DeviceStats::duplicates);
        perDevice(r, "outpost_mgmt_batches", "Batches stored (network and import), since start.", true, store,
                EventStore.DeviceStats::batches);
        perDevice(r, "outpost_mgmt_stored_bytes", "NDJSON bytes in the device's event file.", false, store,
                EventStore.DeviceStats::storedBytes);
        perDevice(r, "outpost_mgmt_device_last_seen_timestamp_seconds",
                "When the device's last batch was stored (its file's time after a restart).", false, store,
                s -> s.lastSeenMillis() / 1000.0);
        CounterWithCallback.builder().name("outpost_mgmt_ingest_bytes").help("Request bytes of ingest requests (as sent, gzip).")
                .callback(cb -> cb.call(ingestBytes.sum())).register(r);
        CounterWithCallback.builder().name("outpost_mgmt_batches_refused")
                .help("Ingest requests refused as malformed or too large (400, 413).")
                .callback(cb -> cb.call(ingest.refused.sum())).register(r);
        CounterWithCallback.builder().name("outpost_mgmt_bundles_served").help("Update bundles sent to agents, by type.")
                .labelNames("type").callback(cb -> bundlesServed.forEach((t, n) -> cb.call(n.sum(), t))).register(r);
        r.register(new FleetCollector(store));
        Info.builder().name("outpost_build_info").help("The version and commit this receiver was built from (value 1)")
                .labelNames("version", "commit").register(r).setLabelValues(BuildInfo.version(), BuildInfo.commit());
        JvmMetrics.builder().register(r);
        return r;
    }

    void bundleServed(String type) {
        bundlesServed.computeIfAbsent(type, k -> new LongAdder()).increment();
    }

    private static void perDevice(PrometheusRegistry r, String name, String help, boolean counter, EventStore store,
            ToDoubleFunction<EventStore.DeviceStats> value) {
        if (counter) {
            CounterWithCallback.builder().name(name).help(help).labelNames("device")
                    .callback(cb -> store.stats().forEach((d, s) -> cb.call(value.applyAsDouble(s), d))).register(r);
        } else {
            GaugeWithCallback.builder().name(name).help(help).labelNames("device")
                    .callback(cb -> store.stats().forEach((d, s) -> cb.call(value.applyAsDouble(s), d))).register(r);
        }
    }
}
