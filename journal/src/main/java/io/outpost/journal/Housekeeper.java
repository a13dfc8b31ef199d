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
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the journal within its budget, on the appender thread: deletes whole cycle files the
 * agent has acknowledged, and, when the directory is still over maxJournalBytes, the oldest cycle
 * even if unforwarded, after writing what it held to the {@link DeletedCycles} ledger (from which
 * the agent reports exactly what it had not read). Never the newest cycle (the one being written),
 * never anything but whole files (a reader may have them mapped; unlinking is safe for it,
 * truncating is not). When the newest cycle alone is over the budget it says so, and the appender
 * pauses until the next cycle.
 */
final class Housekeeper {
    private static final Logger LOG = LoggerFactory.getLogger(Housekeeper.class);

    /** The live cycle alone is over the budget. */
    record OverBudget(int cycle, String file, long bytes) {}

    private final Path directory;
    private final long epoch;
    private final SingleChronicleQueue queue;
    private final long maxJournalBytes;
    private final WriterCounters counters;
    /** Record counts of finished cycles: they never change, and counting maps the file. */
    private final Map<Integer, Long> finishedCycleCounts = new HashMap<>();
    /** Bytes used by finished cycles, for the same reasons. */
    private final Map<Integer, Long> finishedCycleBytes = new HashMap<>();
    /** The lowest last index in the ledger: once acknowledged past, the ledger is pruned. */
    private long ledgerLowestLast;
    private final OldestUnacknowledged oldest;

    Housekeeper(Path directory, long epoch, SingleChronicleQueue queue, long maxJournalBytes,
            WriterCounters counters) {
        this.directory = directory;
        this.epoch = epoch;
        this.queue = queue;
        this.maxJournalBytes = maxJournalBytes;
        this.counters = counters;
        long lowest;
        try {
            lowest = DeletedCycles.read(directory, epoch).stream()
                    .mapToLong(DeletedCycles.Deleted::lastIndex).min().orElse(Long.MAX_VALUE);
        } catch (RuntimeException e) {
            lowest = Long.MIN_VALUE; // unreadable now: every pass tries to prune it again
        }
        this.ledgerLowestLast = lowest;
        this.oldest = new OldestUnacknowledged(queue);
    }

    /** Runs one pass; returns the live cycle if it alone is over the budget, else null. */
    OverBudget run(long nowMillis) {
        OptionalLong ack = Acknowledgement.read(directory, epoch);
        long acknowledged = ack.orElse(-1);
        counters.acknowledgedIndex = acknowledged;
        pruneLedger(acknowledged);
        List<CycleFile> cycles = new ArrayList<>(CycleFiles.list(directory, queue.rollCycle(), queue.epoch()));
        if (cycles.isEmpty()) {
            counters.bytesOnDisk = CycleFiles.directoryBytes(directory);
            counters.oldestUnacknowledgedMillis = oldest.timeMillis(acknowledged, counters.lastIndex, false);
            return null;
        }
        CycleFile newest = cycles.remove(cycles.size() - 1); // being written
        boolean deleted = deleteAcknowledged(cycles, acknowledged);
        long total = bytesOnDisk(cycles, newest);
        while (total > maxJournalBytes && !cycles.isEmpty()) {
            CycleFile oldest = cycles.remove(0);
            long oldestBytes = usedBytes(oldest, true);
            if (!deleteUnforwarded(oldest, acknowledged, nowMillis)) {
                break;
            }
            deleted = true;
            total -= oldestBytes;
        }
        if (deleted) {
            queue.refreshDirectoryListing();
        }
        counters.bytesOnDisk = total; // what the pass measured, less what it deleted
        counters.oldestUnacknowledgedMillis = oldest.timeMillis(acknowledged, counters.lastIndex, deleted);
        boolean live = newest.cycle() == queue.cycle();
        return total > maxJournalBytes && cycles.isEmpty() && live
                ? new OverBudget(newest.cycle(), newest.path().getFileName().toString(), total) : null;
    }

    /**
     * Deletes a cycle over the budget. What it holds above the acknowledgement goes into the ledger
     * first (and durably): a cycle whose loss could not be recorded is not deleted.
     */
    private boolean deleteUnforwarded(CycleFile file, long acknowledged, long nowMillis) {
        CycleRange range = range(file.cycle());
        long unforwarded = range.countAbove(acknowledged);
        List<DeletedCycles.HeldLoss> held = List.of();
        if (unforwarded != 0) {
            held = HeldLosses.scan(queue, range.firstIndex(), range.lastIndex());
            long last = range.count() < 0 ? range.firstIndex() : range.lastIndex();
            try {
                DeletedCycles.append(directory, new DeletedCycles.Deleted(epoch, range.firstIndex(), last,
                        range.count(), nowMillis, held));
            } catch (IOException e) {
                LOG.error("cannot record journal cycle {} in {} before deleting it; keeping it", file.path(),
                        DeletedCycles.FILE_NAME, e);
                return false;
            }
            ledgerLowestLast = Math.min(ledgerLowestLast, last);
        }
        if (!delete(file)) {
            return false;
        }
        if (unforwarded > 0) {
            long heldAbove = held.stream().filter(h -> h.index() > acknowledged).count();
            counters.lostToBudget.addAndGet(unforwarded - heldAbove);
            LOG.warn("journal over its {} byte budget: deleted cycle {} with {} unforwarded exchanges (indices {}..{}); "
                            + "the sync agent reports those it had not read as lost",
                    maxJournalBytes, file.path().getFileName(), unforwarded - heldAbove,
                    Math.max(range.firstIndex(), acknowledged + 1), range.lastIndex());
        } else if (unforwarded < 0) {
            LOG.warn("journal over its {} byte budget: deleted cycle {}, which could not be counted (damaged)",
                    maxJournalBytes, file.path().getFileName());
        }
        return true;
    }

    private void pruneLedger(long acknowledged) {
        if (acknowledged < ledgerLowestLast) {
            return;
        }
        try {
            ledgerLowestLast = DeletedCycles.prune(directory, epoch, acknowledged);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot prune {}: {}", DeletedCycles.FILE_NAME, e.toString());
        }
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
