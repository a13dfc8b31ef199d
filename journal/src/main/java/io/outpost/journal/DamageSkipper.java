package io.outpost.journal;

import java.text.ParseException;
import java.util.Optional;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Gets a tailer past data it cannot read. After a power loss the newest cycle file may end in
 * zeros or garbage while the restarted gateway has appended after it; Chronicle's tailer then
 * stops at the damage for ever (an unwritten header looks like "nothing yet"). When the tailer has
 * been stopped at the same index for a grace period although the journal holds later records, the
 * skipper probes forward through Chronicle's index (at the index spacing, where lookups need no
 * scan through the damage) for the first record it can read, and reports what it jumped over.
 */
final class DamageSkipper {
    /** Indices skipped; count is -1 if the damaged cycle could not be counted. */
    record Skipped(long firstIndex, long lastIndex, long count) {}

    private final SingleChronicleQueue queue;
    private final ExcerptTailer tailer;
    private final RollCycle rollCycle;
    private final long graceNanos;
    private long stoppedAt = Long.MIN_VALUE;
    private long stoppedSinceNanos;
    private boolean readFailed;

    DamageSkipper(SingleChronicleQueue queue, ExcerptTailer tailer, long graceNanos) {
        this.queue = queue;
        this.tailer = tailer;
        this.rollCycle = queue.rollCycle();
        this.graceNanos = graceNanos;
    }

    /** A record was read: the tailer is moving. */
    void reset() {
        stoppedAt = Long.MIN_VALUE;
        readFailed = false;
    }

    /** Chronicle threw while reading at the tailer's position. */
    void readFailed() {
        readFailed = true;
    }

    /** Called when no record was available; skips the damage once the tailer has been stopped long enough. */
    Optional<Skipped> skipIfStuck() {
        long at = tailer.index();
        if (!readFailed && !writtenBeyond(at)) {
            reset(); // simply the end of the journal
            return Optional.empty();
        }
        long now = System.nanoTime();
        if (stoppedAt != at) {
            stoppedAt = at;
            stoppedSinceNanos = now;
            return Optional.empty();
        }
        if (now - stoppedSinceNanos < graceNanos) {
            return Optional.empty();
        }
        long found = positionAtFirstReadable(at + 1);
        if (found < 0) {
            // Later records exist but none is reachable yet (e.g. not up to the next index entry):
            // go back and wait another grace period.
            restore(at);
            stoppedSinceNanos = now;
            return Optional.empty();
        }
        reset();
        Skipped skipped = skippedBetween(at, found);
        return skipped.count() == 0 ? Optional.empty() : Optional.of(skipped);
    }

    /**
     * Positions the tailer at the first readable record at or after {@code from} and returns its
     * index, or -1 (tailer position then undefined) if there is none.
     */
    long positionAtFirstReadable(long from) {
        int cycle = rollCycle.toCycle(from);
        long seq = rollCycle.toSequenceNumber(from);
        int lastCycle = queue.lastCycle();
        int spacing = Math.max(1, Math.min(queue.indexSpacing(), ChronicleQueues.MAX_INDEX_SPACING));
        while (cycle <= lastCycle && cycle >= 0) {
            long lastSeq = lastSequence(cycle);
            for (long s = seq; s <= lastSeq; s = (s / spacing + 1) * spacing) {
                long index = rollCycle.toIndex(cycle, s);
                if (readableAt(index)) {
                    return index;
                }
            }
            cycle = nextCycle(cycle);
            seq = 0;
        }
        return -1;
    }

    private boolean writtenBeyond(long at) {
        int cycle = rollCycle.toCycle(at);
        return queue.lastCycle() > cycle || queue.lastIndex() >= at;
    }

    private boolean readableAt(long index) {
        try {
            if (!tailer.moveToIndex(index)) {
                return false;
            }
            try (DocumentContext dc = tailer.readingDocument()) {
                boolean ok = dc.isPresent() && dc.index() == index && decodes(dc);
                dc.rollbackOnClose();
                return ok;
            }
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * An index entry may point into the damaged stretch, at garbage that passes for a document:
     * only a record that decodes counts as solid ground.
     */
    private static boolean decodes(DocumentContext dc) {
        net.openhft.chronicle.bytes.Bytes<?> bytes = dc.wire().bytes();
        long length = bytes.readRemaining();
        if (length <= 0 || length > 1 << 20) {
            return false;
        }
        byte[] copy = new byte[(int) length];
        bytes.read(copy, 0, copy.length);
        try {
            RecordCodec.decode(copy);
            return true;
        } catch (MalformedRecordException e) {
            return false;
        }
    }

    private void restore(long at) {
        try {
            if (tailer.moveToIndex(at)) {
                return;
            }
            long previous = at - 1;
            if (rollCycle.toCycle(previous) == rollCycle.toCycle(at) && tailer.moveToIndex(previous)) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    dc.isPresent(); // consume the last good record again: positioned at `at`
                }
            }
        } catch (RuntimeException e) {
            // The next attempt probes from wherever the tailer is.
        }
    }

    private Skipped skippedBetween(long at, long found) {
        int atCycle = rollCycle.toCycle(at);
        int foundCycle = rollCycle.toCycle(found);
        if (atCycle == foundCycle) {
            return new Skipped(at, found - 1, found - at);
        }
        long atSeq = rollCycle.toSequenceNumber(at);
        long lastSeq = lastSequence(atCycle);
        long count = lastSeq < 0 ? -1 : Math.max(0, lastSeq - atSeq + 1);
        long lastIndex = rollCycle.toIndex(atCycle, Math.max(atSeq, lastSeq));
        for (int c = nextCycle(atCycle); c >= 0 && c < foundCycle && count >= 0; c = nextCycle(c)) {
            long n = lastSequence(c) + 1;
            count = n < 0 ? -1 : count + n;
            lastIndex = rollCycle.toIndex(c, Math.max(0, n - 1));
        }
        long foundSeq = rollCycle.toSequenceNumber(found);
        if (foundSeq > 0) {
            count = count < 0 ? -1 : count + foundSeq;
            lastIndex = found - 1;
        }
        return new Skipped(at, lastIndex, count);
    }

    /** The highest sequence number Chronicle's index knows for a cycle, or -1. */
    private long lastSequence(int cycle) {
        try {
            return queue.approximateExcerptsInCycle(cycle) - 1;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private int nextCycle(int cycle) {
        try {
            return queue.nextCycle(cycle, TailerDirection.FORWARD);
        } catch (ParseException | RuntimeException e) {
            return -1;
        }
    }
}
