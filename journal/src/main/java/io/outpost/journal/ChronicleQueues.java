package io.outpost.journal;

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

    static SingleChronicleQueue forWriting(Path directory, RollPeriod period, long cycleClockFloorMillis) {
        return SingleChronicleQueueBuilder.binary(directory)
                .rollCycle(period.rollCycle())
                .blockSize(BLOCK_SIZE)
                .timeProvider(new ForwardOnlyClock(cycleClockFloorMillis))
                .build();
    }

    /**
     * The reader takes the roll cycle from the queue's own metadata (Chronicle overrides the
     * builder's value when the queue exists, which the writer guarantees before the identity file
     * is readable).
     */
    static SingleChronicleQueue forReading(Path directory) {
        return SingleChronicleQueueBuilder.binary(directory)
                .rollCycle(RollCycles.DAILY)
                .blockSize(BLOCK_SIZE)
                .build();
    }
}
