package io.outpost.journal;

import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of the "outpost-journal" thread: the only code that touches the Chronicle appender
 * (appenders are bound to their thread) and the only code that deletes journal files.
 */
final class AppenderLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(AppenderLoop.class);
    /**
     * How long records gather after a batch before the next is appended: what a killed gateway can
     * lose beyond what is committed, in exchange for one wake-up per batch instead of one per record.
     */
    static final long GATHER_NANOS = 2_000_000;

    private final SingleChronicleQueue queue;
    private final AppendQueue pending;
    private final WriterCounters counters;
    private final SpaceGuard space;
    private final Housekeeper housekeeper;
    private final BudgetPause pause;
    private final long housekeepingNanos;
    private final ByteSink encoded = new ByteSink(256);
    private long diskFullUnjournaled;
    private volatile boolean closing;
    private ExcerptAppender appender;
    private int appenderCycle = Integer.MIN_VALUE;

    AppenderLoop(SingleChronicleQueue queue, AppendQueue pending, WriterCounters counters, SpaceGuard space,
            Housekeeper housekeeper, BudgetPause pause, long housekeepingNanos) {
        this.queue = queue;
        this.pending = pending;
        this.counters = counters;
        this.space = space;
        this.housekeeper = housekeeper;
        this.pause = pause;
        this.housekeepingNanos = housekeepingNanos;
    }

    /** Asks the loop to drain what is queued and stop. */
    void close() {
        closing = true;
        pending.wake();
    }

    @Override
    public void run() {
        try {
            appender = queue.acquireAppender();
            long nextHousekeeping = System.nanoTime();
            boolean appendedSinceWait = false;
            while (true) {
                Object item = pending.poll();
                if (item != null && TestHold.FILE != null) {
                    TestHold.whileHeld(); // tests only (OUTPOST_TEST_JOURNAL_HOLD)
                }
                // One clock read per record: on a virtual machine each read is tens of nanoseconds.
                long now = System.nanoTime();
                boolean rolled = false;
                if (item instanceof Acknowledged acknowledged) {
                    rolled = handle(acknowledged.record(), now);
                    acknowledged.acknowledge();
                    appendedSinceWait = true;
                } else if (item != null) {
                    rolled = handle((JournalRecord) item, now);
                    appendedSinceWait = true;
                } else if (closing) {
                    break;
                }
                if (rolled || now - nextHousekeeping >= 0) {
                    housekeep();
                    nextHousekeeping = now + housekeepingNanos;
                }
                if (item == null && appendedSinceWait) {
                    appendedSinceWait = false;
                    pending.gather(Math.min(GATHER_NANOS, nextHousekeeping - now));
                } else if (item == null) {
                    pending.awaitWork(nextHousekeeping - now);
                }
            }
            journalLosses(); // overflow counted while draining
        } catch (Throwable t) {
            LOG.error("journal appender thread failed; events are no longer journaled", t);
        } finally {
            releaseWaiting();
            queue.close();
        }
    }

    /** Nothing more is appended: whoever still waits for a record's word is told now, never left waiting. */
    private void releaseWaiting() {
        for (Object item = pending.poll(); item != null; item = pending.poll()) {
            if (item instanceof Acknowledged acknowledged) {
                counters.droppedOverflow.incrementAndGet();
                acknowledged.acknowledge();
            }
        }
    }

    /** Appends or drops one record; true if this append rolled to a new cycle. */
    private boolean handle(JournalRecord record, long nowNanos) {
        int before = appenderCycle;
        int current = queue.cycle();
        boolean rolling = current != before;
        if (pause.drops(current)) {
            return false;
        }
        if (!space.writable(rolling, housekeepingNanos, nowNanos)) {
            counters.droppedDiskFull.incrementAndGet();
            diskFullUnjournaled++;
            return false;
        }
        journalLosses();
        if (!append(record)) {
            counters.droppedDiskFull.incrementAndGet();
            diskFullUnjournaled++;
        }
        return appenderCycle != before && before != Integer.MIN_VALUE;
    }

    private void housekeep() {
        try {
            // Deleting is safe even on a full disk (and may be what frees it).
            pause.update(housekeeper.run(System.currentTimeMillis()), queue.cycle());
            if (pause.active()) {
                return; // nothing more goes into the full cycle
            }
            if (counters.suspended ? space.recheck() : space.writable(false, housekeepingNanos, System.nanoTime())) {
                journalLosses();
            }
        } catch (RuntimeException e) {
            LOG.error("journal housekeeping failed; retrying at the next interval", e);
        }
    }

    /** Journals the losses noted so far (disk-full, overflow, budget pause) ahead of the next record. */
    private void journalLosses() {
        if (diskFullUnjournaled == 0 && counters.overflowUnjournaled.get() == 0 && pause.unjournaled() == 0) {
            return; // the usual case, without a clock read or an atomic exchange per record
        }
        long now = System.currentTimeMillis();
        if (diskFullUnjournaled > 0) {
            if (!append(LossRecord.unindexed(now, diskFullUnjournaled, LossRecord.DISK_FULL))) {
                return;
            }
            diskFullUnjournaled = 0;
        }
        long overflow = counters.overflowUnjournaled.getAndSet(0);
        if (overflow > 0 && !append(LossRecord.unindexed(now, overflow, LossRecord.OVERFLOW))) {
            counters.overflowUnjournaled.addAndGet(overflow);
            return;
        }
        if (pause.unjournaled() > 0 && append(LossRecord.unindexed(now, pause.unjournaled(), LossRecord.BUDGET))) {
            pause.journaled();
        }
    }

    private boolean append(JournalRecord record) {
        RecordCodec.encode(record, encoded);
        try (DocumentContext dc = appender.writingDocument()) {
            dc.wire().bytes().write(encoded.array(), 0, encoded.size());
        } catch (RuntimeException e) {
            space.suspendAfterFailure(e);
            return false;
        }
        long index = appender.lastIndexAppended();
        counters.lastIndex = index;
        counters.appended.lazySet(counters.appended.get() + 1); // this thread is its only writer
        appenderCycle = appender.cycle();
        space.written(encoded.size() + 4L);
        return true;
    }
}
