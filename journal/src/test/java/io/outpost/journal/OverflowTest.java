package io.outpost.journal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverflowTest {
    @TempDir
    Path dir;

    @Test
    void aFullQueueRefusesAtOnceAndTheDropsAreJournaledWithTheirExactCount() throws Exception {
        CountDownLatch appenderStalled = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // The appender checks free space before its first append: hold it there, as a slow disk would.
        FreeSpaceProbe stallingProbe = d -> {
            appenderStalled.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Long.MAX_VALUE;
        };
        JournalSettings settings = JournalSettings.defaults(dir).withAppendQueueCapacity(16);
        try (JournalWriter writer = JournalWriter.open(settings, "edge-1", stallingProbe, Duration.ofMillis(50))) {
            try {
                fillWhileStalled(writer, appenderStalled, release);
            } finally {
                release.countDown();
            }
        }
    }

    private void fillWhileStalled(JournalWriter writer, CountDownLatch appenderStalled, CountDownLatch release)
            throws Exception {
        assertTrue(writer.offer(SampleRecords.minimal(0)));
        await().until(() -> appenderStalled.getCount() == 0);

        int accepted = 0;
        int refused = 0;
        long slowestNanos = 0;
        long start = System.nanoTime();
        for (int i = 1; i <= 10_000; i++) {
            long t0 = System.nanoTime();
            boolean ok = writer.offer(SampleRecords.typical(i, i));
            slowestNanos = Math.max(slowestNanos, System.nanoTime() - t0);
            if (ok) {
                accepted++;
            } else {
                refused++;
            }
        }
        long totalMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // The appender stalls either holding the first record (16 more fit) or, if its first
        // free-space check came from housekeeping, before taking it (15 more fit).
        assertTrue(accepted == 16 || accepted == 15, "accepted " + accepted);
        assertEquals(10_000 - accepted, refused);
        assertEquals(refused, writer.stats().droppedOverflow());
        // Nothing waited for the stalled appender (generous bounds: a shared 2-core machine).
        assertTrue(totalMillis < 2_000, "10,000 offers took " + totalMillis + " ms");
        assertTrue(slowestNanos < TimeUnit.MILLISECONDS.toNanos(500), "slowest offer " + slowestNanos + " ns");

        release.countDown();
        int journaled = 1 + accepted + 1;
        await().until(() -> writer.stats().appended() == journaled);
        try (JournalReader reader = JournalReader.open(dir)) {
            List<JournalEntry> entries = Drain.atLeast(reader, journaled);
            List<LossRecord> overflow = Drain.losses(entries, LossRecord.OVERFLOW);
            assertEquals(1, overflow.size());
            assertEquals(refused, overflow.get(0).count());
            assertEquals(-1, overflow.get(0).firstIndex());
            assertEquals(-1, overflow.get(0).lastIndex());
            assertEquals(1 + accepted, Drain.exchanges(entries).size());
        }
    }

    @Test
    void closeDrainsWhatIsQueued() throws Exception {
        try (JournalWriter writer = JournalWriter.open(JournalSettings.defaults(dir), "edge-1")) {
            for (int i = 0; i < 5_000; i++) {
                writer.offer(SampleRecords.typical(i, i));
            }
            writer.close(); // no waiting before it: close itself drains
            assertEquals(0, writer.stats().droppedOverflow());
            assertEquals(5_000, writer.stats().appended());
        }
        try (JournalReader reader = JournalReader.open(dir)) {
            assertEquals(5_000, Drain.available(reader).size());
        }
    }
}
