package io.outpost.sync.mgmt;

import io.outpost.journal.MetricsSnapshotRecord;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fleet view: each device's latest metrics snapshot (journaled by its gateway, carried by the
 * agent or on removable media) as {@code outpost_fleet_<name>{device="…"}} gauges — the device's
 * values as of {@code outpost_fleet_snapshot_timestamp_seconds}, however long ago it was last heard.
 * A value named {@code requests;status_class=2xx} becomes {@code outpost_fleet_requests{device,status_class="2xx"}}.
 * The names are the gateway's (MetricsSnapshots), a handful per device.
 */
final class FleetCollector implements MultiCollector {
    static final String PREFIX = "outpost_fleet_";
    private final EventStore store;

    FleetCollector(EventStore store) {
        this.store = store;
    }

    @Override
    public MetricSnapshots collect() {
        Map<String, GaugeSnapshot.Builder> gauges = new TreeMap<>();
        InfoSnapshot.Builder info = InfoSnapshot.builder().name("outpost_fleet")
                .help("A device's gateway version and artifact in force, as of its latest snapshot (value 1)");
        store.stats().forEach((device, stats) -> {
            MetricsSnapshotRecord m = stats.snapshot();
            if (m == null) {
                return;
            }
            gauge(gauges, "snapshot_timestamp_seconds", "When the device's latest metrics snapshot was taken (its clock)",
                    Labels.of("device", device), m.timeMillis() / 1000.0);
            gauge(gauges, "uptime_seconds", "The device's gateway uptime at its latest snapshot",
                    Labels.of("device", device), m.uptimeSeconds());
            info.dataPoint(new InfoSnapshot.InfoDataPointSnapshot(Labels.of("device", device,
                    "version", String.valueOf(m.version()), "artifact", String.valueOf(m.artifact()))));
            m.values().forEach((key, value) -> {
                int semi = key.indexOf(';');
                int eq = key.indexOf('=', semi + 1);
                String name = PrometheusNaming.sanitizeMetricName(semi < 0 ? key : key.substring(0, semi));
                Labels labels = semi < 0 || eq < 0 ? Labels.of("device", device)
                        : Labels.of("device", device, PrometheusNaming.sanitizeLabelName(key.substring(semi + 1, eq)),
                                key.substring(eq + 1));
                gauge(gauges, name, "The device's " + name + " as of its latest metrics snapshot", labels, value);
            });
        });
        List<MetricSnapshot> out = new ArrayList<>();
        gauges.values().forEach(b -> out.add(b.build()));
        out.add(info.build());
        return new MetricSnapshots(out);
    }

    private static void gauge(Map<String, GaugeSnapshot.Builder> gauges, String name, String help, Labels labels, double v) {
        gauges.computeIfAbsent(name, n -> GaugeSnapshot.builder().name(PREFIX + n).help(help))
                .dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(v).build());
    }
}
