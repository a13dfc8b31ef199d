package io.outpost.journal;

import java.io.IOException;
import java.nio.file.Path;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

/** How Outpost opens its Chronicle queues; the writer and the reader must agree on these. */
final class ChronicleQueues {
    /**
     * Chronicle grows a cycle file in blocks of this size. Small (Chronicle's minimum) so that a
     * file's length tracks what it holds: the budget counts file lengths, and on a file system
     * without sparse files (FAT on an SD card) a 64 MiB default block would be real bytes.
     */
    static final long BLOCK_SIZE = 1 << 20;

    static {
        // Chronicle truncates finished cycle files in the background ("shrinking") while a reader in
        // another process may still have them mapped; only the gateway may change journal files, and
        // only by deleting whole cycles. Respect an explicit setting either way.
        if (System.getProperty("chronicle.queue.disableFileShrinking") == null) {
            System.setProperty("chronicle.queue.disableFileShrinking", "true");
        }
    }

    private ChronicleQueues() {}

    /**
     * Index entries every 16 records at most (Chronicle's default is 64 for daily cycles): after
     * damage, a reader can only re-enter a cycle at an index entry, so this bounds how many good
     * records right after a damaged stretch are lost with it. It costs about half a byte per record.
     */
    static final int MAX_INDEX_SPACING = 16;

    static SingleChronicleQueue forWriting(Path directory, RollPeriod period, long cycleClockFloorMillis) {
        return SingleChronicleQueueBuilder.binary(directory)
                .rollCycle(period.rollCycle())
                .indexSpacing(Math.min(period.rollCycle().defaultIndexSpacing(), MAX_INDEX_SPACING))
                .blockSize(BLOCK_SIZE)
                .timeProvider(new ForwardOnlyClock(cycleClockFloorMillis))
                .build();
    }

    /**
     * Not Chronicle's read-only mode: that maps cycle files read-only, and a file cut short by a
     * power loss then faults (SIGBUS) when the tailer reads past its end, where a writable mapping
     * extends the file with zeros first. The price: a reader meeting a garbage header extends the
     * file (sparse) to whatever length the garbage claims, which the writer's byte accounting
     * tolerates (see {@link Housekeeper}). The tailer itself never writes records.
     * The roll cycle is the queue's own (Chronicle would override any other and warn about it).
     */
    static SingleChronicleQueue forReading(Path directory) throws IOException {
        return SingleChronicleQueueBuilder.binary(directory)
                .rollCycle(QueueMetadata.rollCycle(directory).orElse(RollCycles.DAILY))
                .blockSize(BLOCK_SIZE)
                .build();
    }
}
