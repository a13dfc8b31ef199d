package io.outpost.journal;

import java.util.concurrent.atomic.AtomicLong;

/** Counters the appender thread updates and any thread may read for {@link JournalStats}. */
final class WriterCounters {
    final AtomicLong appended = new AtomicLong();
    final AtomicLong droppedOverflow = new AtomicLong();
    /** Overflow drops not yet journaled as a LossRecord (the appender takes them with getAndSet(0)). */
    final AtomicLong overflowUnjournaled = new AtomicLong();
    final AtomicLong droppedDiskFull = new AtomicLong();
    /** Exchanges deleted unforwarded plus those dropped while the live cycle alone was over the budget. */
    final AtomicLong lostToBudget = new AtomicLong();
    final AtomicLong droppedOverBudget = new AtomicLong();
    volatile long bytesOnDisk;
    volatile long lastIndex = -1;
    volatile long acknowledgedIndex = -1;
    /** The time of the oldest record not acknowledged, -1 when there is none (housekeeping updates it). */
    volatile long oldestUnacknowledgedMillis = -1;
    volatile boolean suspended;
    volatile boolean pausedOverBudget;

    JournalStats snapshot() {
        return new JournalStats(appended.get(), droppedOverflow.get(), droppedDiskFull.get(), lostToBudget.get(),
                bytesOnDisk, lastIndex, acknowledgedIndex, suspended, droppedOverBudget.get(), pausedOverBudget,
                oldestUnacknowledgedMillis);
    }
}
