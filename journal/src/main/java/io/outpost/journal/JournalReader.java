package io.outpost.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
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
 */
public final class JournalReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JournalReader.class);
    static final Duration DEFAULT_STUCK_GRACE = Duration.ofSeconds(3);

    private final Path directory;
    private final JournalIdentity identity;
    private final SingleChronicleQueue queue;
    private final ExcerptTailer tailer;
    private final DamageSkipper skipper;
    private byte[] buffer = new byte[512];
    private long corruptSkipped;

    private JournalReader(Path directory, JournalIdentity identity, SingleChronicleQueue queue, Duration stuckGrace) {
        this.directory = directory;
        this.identity = identity;
        this.queue = queue;
        this.tailer = queue.createTailer();
        this.tailer.disableThreadSafetyCheck(true); // the agent may hand the reader between threads
        this.skipper = new DamageSkipper(queue, tailer, stuckGrace.toNanos());
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
        try {
            return OptionalLong.of(JournalIdentity.read(directory).epoch());
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    public long epoch() {
        return identity.epoch();
    }

    /**
     * Positions the reader after {@code index} (-1: from the start). If that index is no longer in
     * the journal (its cycle was deleted, or it is unreadable) the reader starts at the first
     * record after it that can be read; the gap is logged (the gateway journals a budget
     * LossRecord for unacknowledged deleted cycles).
     */
    public void seekAfter(long index) {
        skipper.reset();
        if (index < 0) {
            tailer.toStart();
            return;
        }
        if (tailer.moveToIndex(index)) {
            try (DocumentContext dc = tailer.readingDocument()) {
                if (dc.isPresent() && dc.index() == index) {
                    return; // consumed: positioned after it
                }
                dc.rollbackOnClose();
            }
        }
        long first = queue.firstIndex();
        if (first == Long.MAX_VALUE || index >= queue.lastIndex()) {
            tailer.toEnd(); // nothing after it yet (or an acknowledgement ahead of a recreated journal)
            return;
        }
        if (index < first) {
            LOG.warn("journal index {} is no longer in {} (deleted cycles); resuming at {}", index, directory, first);
            tailer.toStart();
            return;
        }
        long found = skipper.positionAtFirstReadable(index + 1);
        LOG.warn("journal index {} in {} cannot be read; resuming at {}", index, directory, found);
    }

    /** The next entry if one is available now; never blocks. */
    public Optional<JournalEntry> next() {
        try (DocumentContext dc = tailer.readingDocument()) {
            if (dc.isPresent()) {
                skipper.reset();
                return Optional.of(decode(dc));
            }
        } catch (RuntimeException e) {
            LOG.warn("journal {} unreadable at index {}: {}", directory, Long.toHexString(tailer.index()), e.toString());
            skipper.readFailed();
        }
        return skipper.skipIfStuck().map(this::corruptEntry);
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
        } catch (RuntimeException e) {
            RollCycle cycles = queue.rollCycle();
            return cycles.toCycle(from) == cycles.toCycle(last) ? last - from + 1 : -1;
        }
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
