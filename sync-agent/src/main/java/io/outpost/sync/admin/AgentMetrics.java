package io.outpost.sync.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The agent's counters and gauges: written by the forwarder and bundle puller, read by the admin
 * port ({@code /metrics}: {@link AgentExposition} reads them at scrape time) and the status file.
 * Plain atomics: writing one costs what a counter of the registry would, and the status file reads
 * them without a registry.
 */
public final class AgentMetrics {
    private static final String[] FAILURE_KINDS = {"network", "timeout", "throttled", "server", "rejected", "too_large"};

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
        Map<String, Long> out = new TreeMap<>();
        bundleSequence.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Seconds since the last accepted batch, -1 if none yet. */
    public double lastForwardAgeSeconds(long nowMillis) {
        long last = lastSuccessMillis.get();
        return last == 0 ? -1 : Math.max(0, nowMillis - last) / 1000.0;
    }

    /** Upload failures by kind, every kind from the start (at 0), so a dashboard finds each series. */
    public Map<String, Long> failures() {
        for (String kind : FAILURE_KINDS) {
            failures.computeIfAbsent(kind, k -> new LongAdder());
        }
        Map<String, Long> out = new TreeMap<>();
        failures.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public Map<String, Long> bundlesInstalled() {
        Map<String, Long> out = new TreeMap<>();
        bundlesInstalled.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Refusals by (type, reason). */
    public Map<List<String>, Long> bundlesRefused() {
        Map<List<String>, Long> out = new LinkedHashMap<>();
        bundlesRefused.forEach((k, v) -> out.put(List.of(k.split("\u0000", 2)), v.sum()));
        return out;
    }
}
