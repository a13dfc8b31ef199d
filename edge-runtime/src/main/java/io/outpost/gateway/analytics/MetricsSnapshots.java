package io.outpost.gateway.analytics;

import io.outpost.common.BuildInfo;
import io.outpost.journal.JournalStats;
import io.outpost.journal.MetricsSnapshotRecord;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Journals a {@link MetricsSnapshotRecord} every {@code analytics.metricsSnapshotSeconds}, and one at a
 * clean stop ({@link #close}): the fleet
 * view of a device whose admin port nobody can reach (docs/sync.md, "Fleet view"). It runs on its own daemon thread and reads the registry as a scrape does, so the event
 * loops never see it; between snapshots it allocates nothing.
 *
 * <p>Value names: {@code requests;status_class=2xx}, {@code refusals} (and for each code counted,
 * {@code refusals_by_code;code=N}), every {@code outpost_gateway_backend_*} counter summed over its
 * labels under its name without the prefix, {@code journal_*} from the journal's own counters, and
 * {@code generation}. The receiver turns {@code name;label=value} into {@code outpost_fleet_name{label="value"}}.
 */
public final class MetricsSnapshots implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsSnapshots.class);
    private static final String PREFIX = "outpost_gateway_";

    private final PrometheusRegistry registry;
    private final JournalingObserver journal;
    private final Supplier<String> artifact;
    private final LongSupplier generation;
    private final String version;
    private final long startedMillis = System.currentTimeMillis();
    private final ScheduledExecutorService timer;

    private MetricsSnapshots(PrometheusRegistry registry, JournalingObserver journal, Supplier<String> artifact,
            LongSupplier generation, long intervalSeconds) {
        this.registry = registry;
        this.journal = journal;
        this.artifact = artifact;
        this.generation = generation;
        this.version = BuildInfo.version();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "outpost-metrics-snapshot");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        timer.scheduleAtFixedRate(this::journalOne, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
    }

    /** @return null when snapshots are off (interval 0) or there is no journal to carry them */
    public static MetricsSnapshots start(long intervalSeconds, PrometheusRegistry registry, JournalingObserver journal,
            Supplier<String> artifact, LongSupplier generation) {
        if (intervalSeconds <= 0 || journal == null) {
            return null;
        }
        return new MetricsSnapshots(registry, journal, artifact, generation, intervalSeconds);
    }

    MetricsSnapshotRecord snapshot() {
        Map<String, Long> values = new TreeMap<>();
        for (MetricSnapshot m : registry.scrape()) {
            String name = m.getMetadata().getName();
            if (!(m instanceof CounterSnapshot c) || !name.startsWith(PREFIX)) {
                continue;
            }
            String shortName = name.substring(PREFIX.length());
            for (CounterSnapshot.CounterDataPointSnapshot p : c.getDataPoints()) {
                long v = Math.round(p.getValue());
                if (shortName.equals("requests")) {
                    values.merge("requests;status_class=" + p.getLabels().get("status_class"), v, Long::sum);
                } else if (shortName.equals("refusals")) {
                    values.merge("refusals", v, Long::sum);
                    if (v > 0) {
                        values.merge("refusals_by_code;code=" + p.getLabels().get("code"), v, Long::sum);
                    }
                } else if (shortName.startsWith("backend_")) {
                    values.merge(shortName, v, Long::sum);
                }
            }
        }
        JournalStats j = journal.stats();
        values.put("journal_appended", j.appended());
        values.put("journal_dropped", j.droppedOverflow() + j.droppedDiskFull() + j.droppedOverBudget());
        values.put("journal_lost", j.lostToBudget());
        values.put("journal_bytes", j.bytesOnDisk());
        values.put("generation", generation.getAsLong());
        long now = System.currentTimeMillis();
        return new MetricsSnapshotRecord(now, (now - startedMillis) / 1000, version, artifact.get(), values);
    }

    private void journalOne() {
        try {
            journal.journal(snapshot());
        } catch (RuntimeException e) { // a failed snapshot must not end the schedule
            LOG.warn("metrics snapshot not journaled: {}", e.toString());
        }
    }

    /**
     * Stops the schedule and journals one last snapshot, before the journal closes (an offer to a
     * closed journal counts as a drop): a device stopped and carried away on a stick reports the
     * numbers of its last moment, not those of up to an interval before. Snapshots off (interval 0)
     * means none at all, this one neither ({@link #start} made nothing to close).
     */
    @Override
    public void close() {
        timer.shutdown(); // the periodic task is cancelled; one under way finishes first
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        journalOne();
    }
}
