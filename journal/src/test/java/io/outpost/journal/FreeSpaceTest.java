package io.outpost.journal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file system is simulated through the free-space seam; a real tiny tmpfs belongs to a slow suite. */
class FreeSpaceTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void belowTheHeadroomJournalingStopsAndResumesWithADiskFullLossRecord() throws Exception {
        AtomicLong free = new AtomicLong(10_000 * MIB);
        JournalSettings settings = JournalSettings.defaults(dir).withMinFreeBytes(100 * MIB);
        try (JournalWriter writer = JournalWriter.open(settings, "edge-1", d -> free.get(), Duration.ofMillis(50))) {
            for (int i = 0; i < 3; i++) {
                writer.offer(SampleRecords.typical(i, i));
            }
            await().until(() -> writer.stats().appended() == 3);

            free.set(99 * MIB);
            await().until(() -> writer.stats().suspended());
            for (int i = 0; i < 5; i++) {
                writer.offer(SampleRecords.minimal(100 + i));
            }
            await().until(() -> writer.stats().droppedDiskFull() == 5);
            assertEquals(3, writer.stats().appended());

            // Just at the threshold is not enough to resume (no flapping); comfortably above is.
            free.set(100 * MIB);
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> writer.stats().suspended());
            free.set(1_000 * MIB);
            await().until(() -> !writer.stats().suspended() && writer.stats().appended() == 4);
            writer.offer(SampleRecords.minimal(200));
            await().until(() -> writer.stats().appended() == 5);

            try (JournalReader reader = JournalReader.open(dir)) {
                List<JournalEntry> entries = Drain.atLeast(reader, 5);
                LossRecord loss = assertInstanceOf(LossRecord.class, entries.get(3).record());
                assertEquals(LossRecord.DISK_FULL, loss.reason());
                assertEquals(5, loss.count());
                assertEquals(-1, loss.firstIndex());
                assertEquals(SampleRecords.minimal(200), entries.get(4).record());
            }
        }
    }

    @Test
    void anUnreadableFileSystemCountsAsFull() throws Exception {
        JournalSettings settings = JournalSettings.defaults(dir);
        FreeSpaceProbe broken = d -> {
            throw new java.io.IOException("statfs failed");
        };
        try (JournalWriter writer = JournalWriter.open(settings, "edge-1", broken, Duration.ofMillis(50))) {
            writer.offer(SampleRecords.minimal(1));
            await().until(() -> writer.stats().droppedDiskFull() == 1);
            assertEquals(0, writer.stats().appended());
            assertEquals(true, writer.stats().suspended());
        }
    }
}
