package io.outpost.journal;

import io.outpost.journal.CycleFiles.CycleFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the journal within its budget, on the appender thread: deletes whole cycle files the
 * agent has acknowledged, and, when the directory is still over maxJournalBytes, the oldest cycle
 * even if unforwarded, reporting exactly which indices were lost. Never the newest cycle (the one
 * being written), never anything but whole files (a reader may have them mapped; unlinking is
 * safe for it, truncating is not).
 */
final class Housekeeper {
    private static final Logger LOG = LoggerFactory.getLogger(Housekeeper.class);

    private final Path directory;
    private final long epoch;
    private final SingleChronicleQueue queue;
    private final long maxJournalBytes;
    private final WriterCounters counters;
    /** Record counts of finished cycles: they never change, and counting maps the file. */
    private final Map<Integer, Long> finishedCycleCounts = new HashMap<>();
    /** Bytes used by finished cycles, for the same reasons. */
    private final Map<Integer, Long> finishedCycleBytes = new HashMap<>();

    Housekeeper(Path directory, long epoch, SingleChronicleQueue queue, long maxJournalBytes,
            WriterCounters counters) {
        this.directory = directory;
        this.epoch = epoch;
        this.queue = queue;
        this.maxJournalBytes = maxJournalBytes;
        this.counters = counters;
    }

    /** Runs one pass; returns the budget losses to journal. */
    List<LossRecord> run(long nowMillis) {
        OptionalLong ack = Acknowledgement.read(directory, epoch);
        long acknowledged = ack.orElse(-1);
        counters.acknowledgedIndex = acknowledged;
        List<CycleFile> cycles = new ArrayList<>(CycleFiles.list(directory, queue.rollCycle(), queue.epoch()));
        if (cycles.isEmpty()) {
            counters.bytesOnDisk = CycleFiles.directoryBytes(directory);
            return List.of();
        }
        CycleFile newest = cycles.remove(cycles.size() - 1); // being written
        boolean deleted = deleteAcknowledged(cycles, acknowledged);
        List<LossRecord> losses = new ArrayList<>();
        long total = bytesOnDisk(cycles, newest);
        while (total > maxJournalBytes && !cycles.isEmpty()) {
            CycleFile oldest = cycles.remove(0);
            CycleRange range = range(oldest.cycle());
            long oldestBytes = usedBytes(oldest, true);
            LossTally carried = earlierLosses(range, acknowledged);
            if (!delete(oldest)) {
                break;
            }
            deleted = true;
            total -= oldestBytes;
            long unforwarded = range.countAbove(acknowledged);
            // Loss records in the deleted cycle were not forwarded either: their counts move into
            // the new one (and they are not themselves lost events), so the receiver still learns
            // the exact total.
            long newlyLost = unforwarded > 0 ? unforwarded - carried.records() : unforwarded;
            long lost = unforwarded > 0 ? newlyLost + carried.count() : unforwarded;
            if (lost != 0) {
                long first = Math.max(range.firstIndex(), acknowledged + 1);
                LOG.warn("journal over its {} byte budget: deleted unforwarded cycle {} ({} records, indices {}..{})",
                        maxJournalBytes, oldest.path().getFileName(), lost, first, range.lastIndex());
                losses.add(new LossRecord(nowMillis, lost, first, range.lastIndex(), LossRecord.BUDGET));
                counters.lostToBudget.addAndGet(Math.max(newlyLost, 0));
            }
        }
        if (deleted) {
            queue.refreshDirectoryListing();
        }
        counters.bytesOnDisk = total; // what the pass measured, less what it deleted
        return losses;
    }

    /** Loss records found in a cycle about to be deleted: how many, and the events they account for. */
    record LossTally(long records, long count) {}

    private LossTally earlierLosses(CycleRange range, long acknowledged) {
        long first = Math.max(range.firstIndex(), acknowledged + 1);
        long last = range.lastIndex();
        if (range.count() <= 0 || first > last) {
            return new LossTally(0, 0);
        }
        long records = 0;
        long count = 0;
        try (ExcerptTailer tailer = queue.createTailer()) {
            if (!tailer.moveToIndex(first)) {
                return new LossTally(0, 0);
            }
            byte[] buffer = new byte[512];
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent() || dc.index() > last) {
                        break;
                    }
                    Bytes<?> bytes = dc.wire().bytes();
                    int length = (int) bytes.readRemaining();
                    if (buffer.length < length) {
                        buffer = new byte[length];
                    }
                    bytes.read(buffer, 0, length);
                    try {
                        if (RecordCodec.decode(buffer, 0, length) instanceof LossRecord loss && loss.count() > 0) {
                            records++;
                            count += loss.count();
                        }
                    } catch (MalformedRecordException e) {
                        // counted as an ordinary lost record
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot scan journal cycle {} for earlier loss records: {}", range.cycle(), e.toString());
        }
        return new LossTally(records, count);
    }

    /**
     * What the journal occupies. A cycle file counts for what Chronicle has written into it (plus
     * the block it is growing into), not its length: a reader that met garbage after a power loss
     * may have extended it, sparsely, far beyond that, and the budget must not then delete good
     * cycles for space that is not used.
     */
    private long bytesOnDisk(List<CycleFile> finished, CycleFile newest) {
        long cycleFileLengths = 0;
        long used = usedBytes(newest, false);
        for (CycleFile c : finished) {
            used += usedBytes(c, true);
        }
        for (CycleFile c : CycleFiles.list(directory, queue.rollCycle(), queue.epoch())) {
            cycleFileLengths += c.bytes();
        }
        long otherFiles = Math.max(0, CycleFiles.directoryBytes(directory) - cycleFileLengths);
        return used + otherFiles;
    }

    private long usedBytes(CycleFile file, boolean finished) {
        Long cached = finished ? finishedCycleBytes.get(file.cycle()) : null;
        if (cached != null) {
            return cached;
        }
        long bytes = file.bytes();
        try {
            SingleChronicleQueueStore store = queue.storeForCycle(file.cycle(), queue.epoch(), false, null);
            if (store != null) {
                try {
                    bytes = Math.min(bytes, store.writePosition() + 2 * ChronicleQueues.BLOCK_SIZE);
                } finally {
                    queue.closeStore(store);
                }
            }
        } catch (RuntimeException e) {
            // Unreadable header: count the file's whole length, the safe side for the disk.
        }
        if (finished) {
            finishedCycleBytes.put(file.cycle(), bytes);
        }
        return bytes;
    }

    private boolean deleteAcknowledged(List<CycleFile> cycles, long acknowledged) {
        boolean deleted = false;
        while (!cycles.isEmpty()) {
            CycleFile oldest = cycles.get(0);
            CycleRange range = range(oldest.cycle());
            if (range.countAbove(acknowledged) != 0 || !delete(oldest)) {
                break; // acknowledgements are in index order: later cycles are not covered either
            }
            cycles.remove(0);
            deleted = true;
        }
        return deleted;
    }

    private boolean delete(CycleFile file) {
        try {
            Files.deleteIfExists(file.path());
            finishedCycleCounts.remove(file.cycle());
            finishedCycleBytes.remove(file.cycle());
            return true;
        } catch (IOException e) {
            LOG.error("cannot delete journal cycle {}", file.path(), e);
            return false;
        }
    }

    private CycleRange range(int cycle) {
        Long count = finishedCycleCounts.get(cycle);
        if (count == null) {
            try {
                count = queue.exactExcerptsInCycle(cycle);
                finishedCycleCounts.put(cycle, count);
            } catch (RuntimeException e) {
                LOG.warn("cannot count the records of journal cycle {} (damaged?)", cycle, e);
                count = -1L;
            }
        }
        return new CycleRange(queue.rollCycle(), cycle, count);
    }

    /** The indices of one finished cycle: sequence numbers 0..count-1, contiguous. */
    record CycleRange(RollCycle rollCycle, int cycle, long count) {
        long firstIndex() {
            return rollCycle.toIndex(cycle, 0);
        }

        long lastIndex() {
            return count > 0 ? rollCycle.toIndex(cycle, count - 1) : -1;
        }

        /** Records with an index above {@code acknowledged}; -1 if the cycle could not be counted. */
        long countAbove(long acknowledged) {
            if (count < 0) {
                return -1;
            }
            if (count == 0 || acknowledged >= lastIndex()) {
                return 0;
            }
            if (acknowledged < firstIndex()) {
                return count;
            }
            return lastIndex() - acknowledged; // same cycle: indices are consecutive
        }
    }
}
