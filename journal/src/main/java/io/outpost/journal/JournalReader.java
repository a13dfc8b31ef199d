package io.outpost.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.MissingStoreFileException;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sync agent's side of the journal: a non-blocking tailer that never writes or deletes
 * journal data. Not thread-safe: use it from one thread at a time.
 *
 * <p>Damage (a record that does not decode, or a stretch of a cycle file left unreadable by a
 * power loss) never stops it: a record that does not decode comes out as a {@link LossRecord}
 * with reason {@code "corrupt"} in its place; an unreadable stretch that the writer has written
 * past is skipped, after a grace period that rules out a write in progress, and comes out as one
 * such entry covering the skipped indices. {@link #corruptSkipped()} counts the records lost.
 *
 * <p>Cycles the gateway deleted over its budget never stop it either: when its tailer finds a cycle
 * gone (or jumps over cycles that are), it goes on at the oldest readable index and first hands out,
 * from the gateway's {@link DeletedCycles} ledger, a {@code budget} LossRecord for each stretch it
 * had not read, and the loss records those cycles held. Each is identified by the last index it
 * covers, so acknowledging it moves past exactly what it reports.
 */
public final class JournalReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JournalReader.class);
    static final Duration DEFAULT_STUCK_GRACE = Duration.ofSeconds(3);

    private final Path directory;
    private final JournalIdentity identity;
    private final SingleChronicleQueue queue;
    private final ExcerptTailer tailer;
    private final DamageSkipper skipper;
    private final BudgetGaps gaps;
    /** Entries to hand out before reading on: budget losses, then the record read after them. */
    private final Deque<JournalEntry> ahead = new ArrayDeque<>();
    private byte[] buffer = new byte[512];
    private long corruptSkipped;
    /** The index of the last entry handed out, or where {@link #seekAfter} put the reader. */
    private long lastReturned = -1;
    /** Look for deleted cycles before the next record even within one cycle (after a seek or a skip). */
    private boolean checkGap = true;

    private JournalReader(Path directory, JournalIdentity identity, SingleChronicleQueue queue, Duration stuckGrace) {
        this.directory = directory;
        this.identity = identity;
        this.queue = queue;
        this.tailer = queue.createTailer();
        this.tailer.disableThreadSafetyCheck(true); // the agent may hand the reader between threads
        this.skipper = new DamageSkipper(queue, tailer, stuckGrace.toNanos());
        this.gaps = new BudgetGaps(directory, identity.epoch());
    }

    /** Fails (NoSuchFileException) if the gateway has never created a journal in {@code directory}. */
    public static JournalReader open(Path directory) throws IOException {
        return open(directory, DEFAULT_STUCK_GRACE);
    }

    static JournalReader open(Path directory, Duration stuckGrace) throws IOException {
        JournalIdentity identity = JournalIdentity.read(directory);
        if (!Files.exists(directory.resolve("metadata.cq4t"))) {
            throw new NoSuchFileException(directory.toString(), null, "journal identity present but no queue");
        }
        return new JournalReader(directory, identity, ChronicleQueues.forReading(directory), stuckGrace);
    }

    public String deviceId() {
        return identity.deviceId();
    }

    /**
     * The epoch of the journal in {@code directory} now, if one is there: it changes when the
     * journal is created anew (its directory wiped, a device re-flashed), under a running reader.
     */
    public static OptionalLong epochOnDisk(Path directory) {
        return JournalEpoch.onDisk(directory);
    }

    public long epoch() {
        return identity.epoch();
    }

    /**
     * Positions the reader after {@code index} (-1: from the start). If that index is no longer in
     * the journal (its cycle was deleted, or it is unreadable) the reader starts at the first
     * record after it that can be read, and hands out what the budget deleted in between first.
     */
    public void seekAfter(long index) {
        skipper.reset();
        ahead.clear();
        lastReturned = index;
        position(index, true);
    }

    private void position(long index, boolean log) {
        checkGap = true;
        if (index < 0) {
            tailer.toStart();
            return;
        }
        try {
            if (tailer.moveToIndex(index)) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (dc.isPresent() && dc.index() == index) {
                        return; // consumed: positioned after it
                    }
                    dc.rollbackOnClose();
                }
            }
        } catch (MissingStoreFileException e) {
            queue.refreshDirectoryListing(); // its cycle was deleted since the listing was read
        }
        long first = queue.firstIndex();
        if (first == Long.MAX_VALUE || index >= queue.lastIndex()) {
            tailer.toEnd(); // nothing after it yet (or an acknowledgement ahead of a recreated journal)
            return;
        }
        if (index < first) {
            if (log) {
                LOG.info("journal index {} is no longer in {} (its cycle was deleted); resuming at {}", index, directory,
                        first);
            }
            tailer.toStart();
            return;
        }
        long found = skipper.positionAtFirstReadable(index + 1);
        LOG.warn("journal index {} in {} cannot be read; resuming at {}", index, directory, found);
    }

    /** The next entry if one is available now; never blocks. */
    public Optional<JournalEntry> next() {
        if (!ahead.isEmpty()) {
            return Optional.of(handOut(ahead.poll()));
        }
        try (DocumentContext dc = tailer.readingDocument()) {
            if (dc.isPresent()) {
                skipper.reset();
                return Optional.of(handOut(afterDeletedCycles(decode(dc))));
            }
        } catch (MissingStoreFileException e) {
            // The gateway deleted a cycle the tailer had listed (the budget): go on at the oldest
            // readable index after what was read; the next record brings the loss entries first.
            skipDeletedCycles();
            return Optional.empty();
        } catch (RuntimeException e) {
            LOG.warn("journal {} unreadable at index {}: {}", directory, Long.toHexString(tailer.index()), e.toString());
            skipper.readFailed();
        }
        return skipper.skipIfStuck().map(this::corruptEntry).map(this::handOut);
    }

    /**
     * Moves the tailer to the first readable record after the last one handed out, past cycles the
     * gateway deleted. The tailer itself cannot: it keeps asking for the deleted file.
     */
    private void skipDeletedCycles() {
        skipper.reset();
        checkGap = true;
        try {
            queue.refreshDirectoryListing();
            long first = queue.firstIndex();
            RollCycle rollCycle = queue.rollCycle();
            long found;
            if (first == Long.MAX_VALUE) {
                return; // nothing left to read at all; the next call looks again
            } else if (lastReturned < 0 || rollCycle.toCycle(first) > rollCycle.toCycle(lastReturned)) {
                found = tailer.moveToIndex(first) ? first : -1; // deleted oldest first: all before `first` is gone
            } else {
                found = skipper.positionAtFirstReadable(lastReturned + 1);
            }
            LOG.info("journal cycles after index {} in {} were deleted; going on at index {}", lastReturned, directory,
                    found);
        } catch (RuntimeException e) {
            LOG.debug("cannot move past the deleted journal cycles yet: {}", e.toString());
        }
    }

    /**
     * The record read, or the budget losses between the last entry and it (the record then waits in
     * {@link #ahead}). Deleted cycles lie between two cycles, so the ledger is consulted only when
     * the cycle changes or after the reader was moved.
     */
    private JournalEntry afterDeletedCycles(JournalEntry read) {
        RollCycle rollCycle = queue.rollCycle();
        if (!checkGap && lastReturned >= 0 && rollCycle.toCycle(lastReturned) == rollCycle.toCycle(read.index())) {
            return read;
        }
        checkGap = false;
        List<BudgetGaps.Lost> lost = gaps.between(lastReturned, read.index());
        if (lost.isEmpty()) {
            return read;
        }
        for (BudgetGaps.Lost l : lost) {
            ahead.add(new JournalEntry(id(l.index()), l.index(), l.record()));
        }
        ahead.add(read);
        return ahead.poll();
    }

    private JournalEntry handOut(JournalEntry entry) {
        lastReturned = entry.index();
        if (entry.record() instanceof LossRecord loss) {
            gaps.reported(entry.index(), loss);
        }
        return entry;
    }

    private JournalEntry decode(DocumentContext dc) {
        long index = dc.index();
        Bytes<?> bytes = dc.wire().bytes();
        int length = (int) bytes.readRemaining();
        if (buffer.length < length) {
            buffer = new byte[Math.max(length, buffer.length * 2)];
        }
        bytes.read(buffer, 0, length);
        try {
            return new JournalEntry(id(index), index, RecordCodec.decode(buffer, 0, length));
        } catch (MalformedRecordException e) {
            LOG.warn("journal record {} in {} does not decode: {}", index, directory, e.getMessage());
            return corruptEntry(new DamageSkipper.Skipped(index, index, 1));
        }
    }

    private JournalEntry corruptEntry(DamageSkipper.Skipped skipped) {
        corruptSkipped += Math.max(skipped.count(), 0);
        LossRecord loss = new LossRecord(System.currentTimeMillis(), skipped.count(), skipped.firstIndex(),
                skipped.lastIndex(), LossRecord.CORRUPT);
        // Identified by its last index: acknowledging it moves the agent past the whole gap.
        return new JournalEntry(id(skipped.lastIndex()), skipped.lastIndex(), loss);
    }

    private String id(long index) {
        return JournalEntry.id(identity.deviceId(), identity.epoch(), index);
    }

    /** The index of the newest record in the journal, or -1 if none. */
    public long lastWrittenIndex() {
        long last = queue.lastIndex();
        return last == Long.MIN_VALUE ? -1 : last;
    }

    /**
     * How many records come after {@code index} (-1: all); the agent's backlog. -1 if Chronicle
     * cannot count them (a damaged cycle in between).
     */
    public long pendingAfter(long index) {
        long last = lastWrittenIndex();
        if (last < 0 || index >= last) {
            return 0;
        }
        long first = queue.firstIndex();
        long from = index < first ? first : index + 1;
        try {
            // countExcerpts counts from `from` up to but excluding `last`; it walks the cycles in between.
            return queue.countExcerpts(from, last) + 1;
        } catch (MissingStoreFileException e) {
            queue.refreshDirectoryListing(); // a cycle deleted since the listing was read: next time
            return -1;
        } catch (RuntimeException e) {
            RollCycle cycles = queue.rollCycle();
            return cycles.toCycle(from) == cycles.toCycle(last) ? last - from + 1 : -1;
        }
    }

    /** Stretches of deleted cycles this reader reported as {@code budget} losses (each stretch once). */
    public long budgetRangesReported() {
        return gaps.rangesReported();
    }

    /** The exchanges those stretches held. */
    public long budgetEventsReported() {
        return gaps.eventsReported();
    }

    /** The last such stretch as {@code {firstIndex, lastIndex}}, or {@code {-1, -1}}. */
    public long[] lastBudgetRange() {
        return gaps.lastRange();
    }

    /** Records this reader skipped as unreadable (reported as "corrupt" LossRecords). */
    public long corruptSkipped() {
        return corruptSkipped;
    }

    @Override
    public void close() {
        queue.close();
    }
}
