package io.outpost.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import net.openhft.chronicle.queue.RollCycles;

/**
 * A rollPeriod other than the one the journal in a directory was created with. Chronicle keeps a
 * queue's roll cycle for good (a builder's is overridden, with an INFO line), and indices of two
 * roll cycles cannot be mixed in one queue. So a changed period is applied by starting the journal
 * anew (a new epoch, as for a wiped directory) — but only once everything in it is forwarded;
 * until then the gateway refuses to start, saying how to get there.
 *
 * @param onDisk the journal's roll cycle, e.g. {@code HOURLY}
 * @param unforwarded records after the agent's acknowledgement; -1 if they could not be counted
 */
public record RollPeriodChange(String onDisk, RollPeriod wanted, long unforwarded) {

    /** Empty if there is no journal in {@code directory} yet, or it already rolls every {@code wanted}. */
    public static Optional<RollPeriodChange> of(Path directory, RollPeriod wanted) throws IOException {
        Optional<RollCycles> onDisk = QueueMetadata.rollCycle(directory);
        if (onDisk.isEmpty() || onDisk.get() == wanted.rollCycle()) {
            return Optional.empty();
        }
        String name = RollPeriod.of(onDisk.get()).map(RollPeriod::configName).orElse(onDisk.get().name());
        return Optional.of(new RollPeriodChange(name, wanted, unforwarded(directory)));
    }

    /** Everything in the journal is forwarded: it can start anew with the new period. */
    public boolean canApply() {
        return unforwarded == 0;
    }

    /** The refusal, for the configuration error that names rollPeriod's file and line. */
    public String refusal(Path directory) {
        return "the journal in " + directory + " rolls " + onDisk + " and still holds "
                + (unforwarded < 0 ? "events" : unforwarded + " events") + " not forwarded; a journal's roll period "
                + "cannot change under it. Fix: keep rollPeriod: " + onDisk + " until 'outpost sync status' shows an "
                + "empty backlog (the agent forwards while the gateway is stopped), then start with "
                + wanted.configName() + ": a fully forwarded journal is started anew with the new period";
    }

    /**
     * Applies the change to a fully forwarded journal: removes its files (only those a journal
     * has), so that the writer creates it anew with a new epoch. A reader that still has the old
     * files mapped is unharmed, and the agent follows the new epoch by itself.
     */
    void startAnew(Path directory) throws IOException {
        if (!canApply()) {
            throw new IOException(refusal(directory));
        }
        try (var files = Files.list(directory)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (name.endsWith(CycleFiles.SUFFIX) || name.endsWith(".cq4t") || name.equals(JournalIdentity.FILE_NAME)
                        || name.equals(Acknowledgement.FILE_NAME) || name.equals(DeletedCycles.FILE_NAME)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static long unforwarded(Path directory) {
        if (!Files.exists(directory.resolve(JournalIdentity.FILE_NAME))) {
            return -1;
        }
        try (JournalReader reader = JournalReader.open(directory)) {
            OptionalLong ack = Acknowledgement.read(directory, reader.epoch());
            return reader.pendingAfter(ack.orElse(-1));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
