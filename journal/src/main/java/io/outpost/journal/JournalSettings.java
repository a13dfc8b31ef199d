package io.outpost.journal;

import java.nio.file.Path;
import java.util.Objects;

/**
 * @param directory the queue directory (e.g. /var/lib/outpost/journal); created if missing
 * @param maxJournalBytes cycle files beyond this total are deleted oldest first, forwarded or not
 * @param minFreeBytes journaling stops while the file system has less free space than this
 *     (a full file system under a memory-mapped file means SIGBUS)
 * @param appendQueueCapacity records waiting for the appender thread; beyond it offers are dropped
 */
public record JournalSettings(Path directory, RollPeriod rollPeriod, long maxJournalBytes, long minFreeBytes,
        int appendQueueCapacity) {

    public static final long DEFAULT_MAX_JOURNAL_BYTES = 256L << 20;
    /**
     * What a cycle file takes on disk before it holds a record, whatever the roll period: Chronicle's
     * first 1 MiB block and its 256 KiB overlap. The queue's metadata file takes another 128 KiB.
     */
    public static final long EMPTY_CYCLE_BYTES = 1_310_720;
    /**
     * The smallest maxJournalBytes that holds two cycles (the one being written and the one before,
     * which the budget would otherwise delete at every roll) and the metadata: 2.625 MiB, rounded
     * up to 3 MiB. A budget below it is refused by the gateway's configuration.
     */
    public static final long MIN_MAX_JOURNAL_BYTES = 3L << 20;
    public static final long DEFAULT_MIN_FREE_BYTES = 64L << 20;
    public static final int DEFAULT_APPEND_QUEUE_CAPACITY = 8192;

    public JournalSettings {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(rollPeriod, "rollPeriod");
        if (maxJournalBytes <= 0 || minFreeBytes < 0 || appendQueueCapacity <= 0) {
            throw new IllegalArgumentException("journal limits must be positive: max=" + maxJournalBytes
                    + " minFree=" + minFreeBytes + " capacity=" + appendQueueCapacity);
        }
    }

    public static JournalSettings defaults(Path directory) {
        return new JournalSettings(directory, RollPeriod.DAILY, DEFAULT_MAX_JOURNAL_BYTES, DEFAULT_MIN_FREE_BYTES,
                DEFAULT_APPEND_QUEUE_CAPACITY);
    }

    public JournalSettings withRollPeriod(RollPeriod period) {
        return new JournalSettings(directory, period, maxJournalBytes, minFreeBytes, appendQueueCapacity);
    }

    public JournalSettings withMaxJournalBytes(long bytes) {
        return new JournalSettings(directory, rollPeriod, bytes, minFreeBytes, appendQueueCapacity);
    }

    public JournalSettings withMinFreeBytes(long bytes) {
        return new JournalSettings(directory, rollPeriod, maxJournalBytes, bytes, appendQueueCapacity);
    }

    public JournalSettings withAppendQueueCapacity(int capacity) {
        return new JournalSettings(directory, rollPeriod, maxJournalBytes, minFreeBytes, capacity);
    }
}
