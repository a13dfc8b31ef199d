package io.outpost.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The reader's view of the budget's {@link DeletedCycles} ledger: between two indices it has read,
 * the entries that stand for what was deleted in between, in index order. Each lost stretch of a
 * deleted cycle becomes one {@code budget} LossRecord identified by its last index, and a loss
 * record the cycle held comes out as it was, at its own index. So every entry covers exactly the
 * indices after the one before it: acknowledging any of them and starting again from there
 * reports the rest, and nothing twice.
 */
final class BudgetGaps {
    private final Path directory;
    private final long epoch;
    private List<DeletedCycles.Deleted> cached = List.of();
    private Object cachedKey;
    private long rangesReported;
    private long eventsReported;
    private long lastFirst = -1;
    private long lastLast = -1;
    private long highestReported = -1;

    BudgetGaps(Path directory, long epoch) {
        this.directory = directory;
        this.epoch = epoch;
    }

    /** What was deleted strictly between {@code after} (-1: the start) and {@code before}. */
    List<Lost> between(long after, long before) {
        List<Lost> out = new ArrayList<>();
        for (DeletedCycles.Deleted d : ledger()) {
            if (d.lastIndex() <= after || d.firstIndex() >= before) {
                continue;
            }
            if (d.records() < 0) { // a damaged cycle that could not be counted
                out.add(new Lost(d.firstIndex(), new LossRecord(d.deletedAtMillis(), -1, d.firstIndex(), d.firstIndex(),
                        LossRecord.BUDGET)));
                continue;
            }
            long from = Math.max(d.firstIndex(), after + 1);
            long to = Math.min(d.lastIndex(), before - 1);
            long run = from;
            for (DeletedCycles.HeldLoss held : d.losses()) {
                if (held.index() < from || held.index() > to) {
                    continue;
                }
                if (held.index() > run) {
                    out.add(budget(d, run, held.index() - 1));
                }
                out.add(new Lost(held.index(), held.record()));
                run = held.index() + 1;
            }
            if (run <= to) {
                out.add(budget(d, run, to));
            }
        }
        return out;
    }

    /** Budget stretches handed out (a stretch read again after a rewind counts once), and the exchanges they count. */
    long rangesReported() {
        return rangesReported;
    }

    long eventsReported() {
        return eventsReported;
    }

    /** The last stretch handed out, {@code {first, last}}, or {@code {-1, -1}}. */
    long[] lastRange() {
        return new long[] {lastFirst, lastLast};
    }

    /** Called for each loss entry the reader hands out. */
    void reported(long index, LossRecord loss) {
        if (index > highestReported && loss.reason().equals(LossRecord.BUDGET) && loss.firstIndex() >= 0) {
            highestReported = index;
            rangesReported++;
            eventsReported += Math.max(0, loss.count());
            lastFirst = loss.firstIndex();
            lastLast = loss.lastIndex();
        }
    }

    /** A loss entry at {@code index} in the journal's order. */
    record Lost(long index, LossRecord record) {}

    /** Indices {@code first..last} of one cycle: consecutive, so the count is their difference. */
    private static Lost budget(DeletedCycles.Deleted d, long first, long last) {
        return new Lost(last, new LossRecord(d.deletedAtMillis(), last - first + 1, first, last, LossRecord.BUDGET));
    }

    /** The ledger, read again only when the file changed (it changes once per deleted cycle). */
    private List<DeletedCycles.Deleted> ledger() {
        Path file = directory.resolve(DeletedCycles.FILE_NAME);
        Object key;
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            key = List.of(a.fileKey() == null ? "" : a.fileKey(), a.size(), a.lastModifiedTime());
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            key = null;
        }
        if (key == null || !key.equals(cachedKey)) {
            cached = DeletedCycles.read(directory, epoch);
            cachedKey = key;
        }
        return cached;
    }
}
