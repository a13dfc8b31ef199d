package io.outpost.journal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.journal.HousekeepingTest.Cycles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cycles deleted over the budget while a reader is behind: the reader never stops, and what it hands
 * out accounts for every record exactly once, as delivered or as lost (one-second cycles; a 2 MiB
 * budget keeps the newest cycle and deletes the rest, even unforwarded).
 */
class BudgetDeletionTest {
    private static final Duration FAST = Duration.ofMillis(50);
    private static final long TWO_CYCLES_LESS = 2L << 20; // a fresh cycle file is 1.25 MiB

    @TempDir
    Path dir;

    @Test
    void aReaderBehindTheBudgetGoesOnAndAccountsForEveryRecordOnce() throws Exception {
        JournalSettings settings = JournalSettings.defaults(dir).withRollPeriod(RollPeriod.SECONDLY)
                .withMaxJournalBytes(TWO_CYCLES_LESS);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong offered = new AtomicLong();
        try (JournalWriter writer = JournalWriter.open(settings, "edge-1", d -> Long.MAX_VALUE, FAST);
                JournalReader reader = JournalReader.open(dir)) {
            // A steady writer across a few seconds, and a reader that reads a little, then dawdles.
            Thread producer = new Thread(() -> {
                while (!stop.get()) {
                    if (writer.offer(SampleRecords.typical(System.currentTimeMillis(), (int) offered.get()))) {
                        offered.incrementAndGet();
                    }
                    try {
                        TimeUnit.MICROSECONDS.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            producer.start();
            List<JournalEntry> read = new ArrayList<>();
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < until) {
                for (int i = 0; i < 100; i++) {
                    reader.next().ifPresent(read::add);
                }
                TimeUnit.MILLISECONDS.sleep(200); // about 500 a second, a quarter of what is written
            }
            stop.set(true);
            producer.join();
            await().until(() -> writer.stats().appended() == offered.get());
            long lastIndex = writer.stats().lastIndex();
            read.addAll(Drain.until(reader, Duration.ofSeconds(20),
                    l -> !l.isEmpty() && l.get(l.size() - 1).index() == lastIndex));

            assertTrue(writer.stats().lostToBudget() > 0, "the budget deleted unforwarded cycles: " + writer.stats());
            List<LossRecord> budget = Drain.losses(read, LossRecord.BUDGET);
            assertFalse(budget.isEmpty(), "the reader reported them");
            long lost = budget.stream().mapToLong(LossRecord::count).sum();
            assertEquals(offered.get(), Drain.exchanges(read).size() + lost,
                    "every exchange offered was read or reported lost, none both");
            assertInIndexOrderAndDisjoint(read);
            assertEquals(budget.size(), reader.budgetRangesReported());
            assertEquals(lost, reader.budgetEventsReported());
            LossRecord lastRange = budget.get(budget.size() - 1);
            assertEquals(lastRange.firstIndex(), reader.lastBudgetRange()[0]);
            assertEquals(lastRange.lastIndex(), reader.lastBudgetRange()[1]);
        } finally {
            stop.set(true);
        }
    }

    @Test
    void anAgentRestartingInsideADeletedStretchReportsOnlyWhatFollowsItsAcknowledgement() throws Exception {
        JournalSettings settings = JournalSettings.defaults(dir).withRollPeriod(RollPeriod.SECONDLY)
                .withMaxJournalBytes(TWO_CYCLES_LESS);
        try (JournalWriter writer = JournalWriter.open(settings, "edge-1", d -> Long.MAX_VALUE, FAST)) {
            Cycles.appendInNewCycle(writer, 6);
            long first;
            try (JournalReader reader = JournalReader.open(dir)) {
                first = Drain.atLeast(reader, 6).get(0).index();
            }
            Cycles.appendInNewCycle(writer, 4);
            Cycles.appendInNewCycle(writer, 3);
            await().until(() -> writer.stats().lostToBudget() == 10);

            try (JournalReader reader = JournalReader.open(dir)) {
                // The agent had acknowledged the first cycle's third record before it was deleted.
                reader.seekAfter(first + 2);
                List<JournalEntry> read = Drain.until(reader, Duration.ofSeconds(10), l -> Drain.exchanges(l).size() == 3);
                List<LossRecord> budget = Drain.losses(read, LossRecord.BUDGET);
                assertEquals(2, budget.size(), "one per deleted cycle: " + budget);
                assertEquals(new LossRecord(budget.get(0).timeMillis(), 3, first + 3, first + 5, LossRecord.BUDGET),
                        budget.get(0));
                assertEquals(4, budget.get(1).count());
                assertEquals(first + 5, read.get(0).index(), "identified by its last index");

                // Acknowledged up to the first of them and started again: only the second comes again.
                reader.seekAfter(read.get(0).index());
                List<JournalEntry> again = Drain.until(reader, Duration.ofSeconds(10), l -> Drain.exchanges(l).size() == 3);
                assertEquals(List.of(budget.get(1)), Drain.losses(again, LossRecord.BUDGET));
                assertEquals(read.subList(1, read.size()), again);
            }
        }
    }

    @Test
    void theLedgerIsPrunedOnceTheAgentAcknowledgesPastIt() throws Exception {
        JournalSettings settings = JournalSettings.defaults(dir).withRollPeriod(RollPeriod.SECONDLY)
                .withMaxJournalBytes(TWO_CYCLES_LESS);
        try (JournalWriter writer = JournalWriter.open(settings, "edge-1", d -> Long.MAX_VALUE, FAST)) {
            Cycles.appendInNewCycle(writer, 2);
            Cycles.appendInNewCycle(writer, 2);
            Cycles.appendInNewCycle(writer, 2);
            await().until(() -> DeletedCycles.read(dir, writer.epoch()).size() == 2);
            long lastDeleted = DeletedCycles.read(dir, writer.epoch()).get(1).lastIndex();
            Acknowledgement.write(dir, writer.epoch(), lastDeleted);
            await().until(() -> DeletedCycles.read(dir, writer.epoch()).isEmpty());
            assertTrue(Files.exists(dir.resolve(DeletedCycles.FILE_NAME)));
        }
    }

    private static void assertInIndexOrderAndDisjoint(List<JournalEntry> read) {
        long previous = -1;
        for (JournalEntry e : read) {
            long from = e.record() instanceof LossRecord l && l.firstIndex() >= 0 ? l.firstIndex() : e.index();
            assertTrue(from > previous, "entry " + e + " overlaps what came before (up to " + previous + ")");
            previous = e.index();
        }
    }
}
