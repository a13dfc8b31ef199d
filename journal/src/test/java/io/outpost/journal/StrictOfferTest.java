package io.outpost.journal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** offer(record, journaled): the word comes once the record is in the queue file, or at once when it cannot be queued. */
class StrictOfferTest {
    @TempDir
    Path dir;

    @Test
    void theWordComesOnTheAppenderThreadOnceTheRecordIsReadable() throws Exception {
        List<String> threads = new CopyOnWriteArrayList<>();
        List<Long> appendedWhenTold = new CopyOnWriteArrayList<>();
        try (JournalWriter writer = JournalWriter.open(JournalSettings.defaults(dir), "edge-1")) {
            for (int i = 0; i < 100; i++) {
                writer.offer(SampleRecords.typical(i, i), () -> {
                    threads.add(Thread.currentThread().getName());
                    appendedWhenTold.add(writer.stats().appended());
                });
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> threads.size() == 100);
        }
        assertTrue(threads.stream().allMatch(JournalWriter.THREAD_NAME::equals), threads.toString());
        for (int i = 0; i < 100; i++) {
            assertTrue(appendedWhenTold.get(i) >= i + 1, "told before the append: " + appendedWhenTold);
        }
        List<JournalEntry> entries = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(dir)) {
            reader.seekAfter(-1);
            for (Optional<JournalEntry> e = reader.next(); e.isPresent(); e = reader.next()) {
                entries.add(e.get());
            }
        }
        assertEquals(100, entries.size());
    }

    @Test
    void aRecordThatCannotBeQueuedIsToldAtOnceAndCounted() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        FreeSpaceProbe stalling = d -> {
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Long.MAX_VALUE;
        };
        AtomicInteger told = new AtomicInteger();
        JournalSettings settings = JournalSettings.defaults(dir).withAppendQueueCapacity(16);
        try (JournalWriter writer = JournalWriter.open(settings, "edge-1", stalling, Duration.ofMillis(50))) {
            try {
                int refused = 0;
                for (int i = 0; i < 100; i++) {
                    if (!writer.offer(SampleRecords.minimal(i), told::incrementAndGet)) {
                        refused++;
                    }
                }
                assertTrue(refused > 0);
                assertEquals(refused, told.get(), "each refused record is told at once, on the offering thread");
                assertTrue(writer.stats().droppedOverflow() >= refused);
            } finally {
                release.countDown();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> told.get() == 100);
        }
        assertFalse(told.get() > 100, "told once each");
    }
}
