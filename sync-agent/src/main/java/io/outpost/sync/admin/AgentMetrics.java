package io.outpost.sync.admin;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The agent's counters and gauges: written by the forwarder and bundle puller, read by the admin
 * port ({@code /metrics}, Prometheus text) and the status file. Plain atomics, no registry: the
 * agent has a dozen numbers, and this keeps its heap and its dependencies small.
 */
public final class AgentMetrics {
    public final LongAdder eventsForwarded = new LongAdder();
    public final LongAdder batchesSent = new LongAdder();
    public final LongAdder bytesSent = new LongAdder();
    public final LongAdder bytesUncompressed = new LongAdder();
    public final LongAdder duplicatesReported = new LongAdder();
    public final AtomicLong backlogEvents = new AtomicLong(-1);
    public final AtomicLong acknowledgedIndex = new AtomicLong(-1);
    public final AtomicLong lastWrittenIndex = new AtomicLong(-1);
    public final AtomicLong lastSuccessMillis = new AtomicLong(0);
    public final AtomicLong lastAttemptMillis = new AtomicLong(0);
    public final AtomicLong nextAttemptMillis = new AtomicLong(0);
    public final AtomicLong consecutiveFailures = new AtomicLong(0);
    public final AtomicLong corruptSkipped = new AtomicLong(0);
    /** Stretches of journal cycles the gateway deleted over its budget, reported as lost, and their events. */
    public final AtomicLong budgetRangesSkipped = new AtomicLong(0);
    public final AtomicLong budgetEventsLost = new AtomicLong(0);
    /** The last such stretch, "firstIndex..lastIndex", or null. */
    public final AtomicReference<String> lastSkippedRange = new AtomicReference<>();
    public final AtomicReference<String> lastError = new AtomicReference<>();
    /** The oldest unacknowledged event's time (0 = none) and the NDJSON bytes per event of the batch in hand. */
    public final AtomicLong oldestPendingMillis = new AtomicLong(0);
    public final AtomicLong pendingBytesPerEvent = new AtomicLong(0);
    /** Why the journal reader last failed (it retries), null once it reads again. */
    public final AtomicReference<String> readerError = new AtomicReference<>();
    public final LongAdder readerErrors = new LongAdder();
    private final Map<String, LongAdder> failures = new ConcurrentSkipListMap<>();
    private final Map<String, AtomicLong> bundleSequence = new ConcurrentSkipListMap<>();
    private final Map<String, LongAdder> bundlesInstalled = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> bundlesRefused = new ConcurrentSkipListMap<>();

    public void failure(String kind) {
        failures.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    public void bundleInstalled(String type, long sequence) {
        bundlesInstalled.computeIfAbsent(type, k -> new LongAdder()).increment();
        bundleSequence(type, sequence);
    }

    public void bundleSequence(String type, long sequence) {
        bundleSequence.computeIfAbsent(type, k -> new AtomicLong()).set(sequence);
    }

    public void bundleRefused(String type, String reason) {
        bundlesRefused.computeIfAbsent(type + "\u0000" + reason, k -> new LongAdder()).increment();
    }

    public Map<String, Long> bundleSequences() {
        Map<String, Long> out = new java.util.TreeMap<>();
        bundleSequence.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Seconds since the last accepted batch, -1 if none yet. */
    public double lastForwardAgeSeconds(long nowMillis) {
        long last = lastSuccessMillis.get();
        return last == 0 ? -1 : Math.max(0, nowMillis - last) / 1000.0;
    }

    /** Prometheus text exposition format 0.0.4. */
    public String prometheus() {
        StringBuilder b = new StringBuilder(2048);
        counter(b, "outpost_sync_events_forwarded_total", "Events accepted by the management side (2xx).", eventsForwarded.sum());
        counter(b, "outpost_sync_batches_total", "Batches accepted by the management side.", batchesSent.sum());
        counter(b, "outpost_sync_bytes_sent_total", "Compressed batch bytes accepted (on the wire).", bytesSent.sum());
        counter(b, "outpost_sync_bytes_uncompressed_total", "NDJSON bytes of the accepted batches before gzip.", bytesUncompressed.sum());
        counter(b, "outpost_sync_duplicates_reported_total", "Events the management side reported as duplicates.", duplicatesReported.sum());
        b.append("# HELP outpost_sync_failures_total Failed upload attempts by kind.\n# TYPE outpost_sync_failures_total counter\n");
        for (String kind : new String[] {"network", "timeout", "throttled", "server", "rejected", "too_large"}) {
            failures.computeIfAbsent(kind, k -> new LongAdder());
        }
        failures.forEach((kind, n) -> b.append("outpost_sync_failures_total{kind=\"").append(kind).append("\"} ").append(n.sum()).append('\n'));
        gauge(b, "outpost_sync_backlog_events", "Journal events not yet acknowledged (-1 = unknown).", backlogEvents.get());
        gauge(b, "outpost_sync_acknowledged_index", "Journal index acknowledged by the management side.", acknowledgedIndex.get());
        gauge(b, "outpost_sync_last_written_index", "Last journal index written by the gateway.", lastWrittenIndex.get());
        gauge(b, "outpost_sync_last_success_timestamp_seconds", "When a batch was last accepted (0 = never).", lastSuccessMillis.get() / 1000.0);
        gauge(b, "outpost_sync_consecutive_failures", "Failed attempts since the last success.", consecutiveFailures.get());
        gauge(b, "outpost_sync_next_attempt_timestamp_seconds", "When the next upload attempt is due (0 = now).", nextAttemptMillis.get() / 1000.0);
        gauge(b, "outpost_sync_last_forward_age_seconds", "Seconds since a batch was last accepted (-1 = never).",
                lastForwardAgeSeconds(System.currentTimeMillis()));
        counter(b, "outpost_sync_journal_corrupt_skipped_total", "Unreadable journal records skipped.", corruptSkipped.get());
        counter(b, "outpost_sync_journal_budget_skipped_ranges_total",
                "Stretches of journal cycles deleted over the gateway's budget, reported as loss events.", budgetRangesSkipped.get());
        counter(b, "outpost_sync_journal_budget_lost_events_total",
                "Events in those stretches (deleted before the agent read them).", budgetEventsLost.get());
        counter(b, "outpost_sync_journal_read_errors_total", "Journal reads that failed (retried).", readerErrors.sum());
        b.append("# HELP outpost_sync_bundle_sequence Installed update bundle sequence by type.\n# TYPE outpost_sync_bundle_sequence gauge\n");
        bundleSequence.forEach((t, s) -> b.append("outpost_sync_bundle_sequence{type=\"").append(t).append("\"} ").append(s.get()).append('\n'));
        b.append("# HELP outpost_sync_bundles_installed_total Update bundles installed.\n# TYPE outpost_sync_bundles_installed_total counter\n");
        bundlesInstalled.forEach((t, n) -> b.append("outpost_sync_bundles_installed_total{type=\"").append(t).append("\"} ").append(n.sum()).append('\n'));
        b.append("# HELP outpost_sync_bundles_refused_total Update bundles refused (tampered, wrong key, rollback, ...).\n# TYPE outpost_sync_bundles_refused_total counter\n");
        bundlesRefused.forEach((k, n) -> {
            String[] p = k.split("\u0000");
            b.append("outpost_sync_bundles_refused_total{type=\"").append(p[0]).append("\",reason=\"").append(p[1]).append("\"} ").append(n.sum()).append('\n');
        });
        return b.toString();
    }

    private static void counter(StringBuilder b, String name, String help, long v) {
        b.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(" counter\n")
                .append(name).append(' ').append(v).append('\n');
    }

    private static void gauge(StringBuilder b, String name, String help, double v) {
        b.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(" gauge\n")
                .append(name).append(' ');
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            b.append((long) v);
        } else {
            b.append(v);
        }
        b.append('\n');
    }
}
