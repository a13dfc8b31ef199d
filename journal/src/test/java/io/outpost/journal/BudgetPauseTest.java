package io.outpost.journal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.journal.HousekeepingTest.Cycles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live cycle alone over the budget (a one-byte budget: every cycle is): journaling pauses
 * until the next cycle, the drops are counted and journaled as one budget loss record there, and
 * a loss record that is itself deleted unforwarded still reaches the reader, with its count.
 */
class BudgetPauseTest {
    private static final Duration FAST = Duration.ofMillis(50);

    @TempDir
    Path dir;

    @Test
    void theLiveCycleOverTheBudgetPausesJournalingUntilTheNextCycle() throws Exception {
        JournalSettings settings = JournalSettings.defaults(dir).withRollPeriod(RollPeriod.SECONDLY)
                .withMaxJournalBytes(1);
        try (JournalWriter writer = JournalWriter.open(settings, "edge-1", d -> Long.MAX_VALUE, FAST)) {
            // Wait for a fresh second, append one, and let housekeeping see the cycle over the budget.
            long second = System.currentTimeMillis() / 1000;
            await().pollInterval(Duration.ofMillis(5)).until(() -> System.currentTimeMillis() / 1000 > second);
            writer.offer(SampleRecords.typical(System.currentTimeMillis(), 0));
            await().atMost(Duration.ofMillis(900)).pollInterval(Duration.ofMillis(5))
                    .until(() -> writer.stats().pausedOverBudget());
            int cycle = (int) (System.currentTimeMillis() / 1000);
            for (int i = 1; i <= 10; i++) {
                writer.offer(SampleRecords.typical(System.currentTimeMillis(), i));
            }
            await().until(() -> writer.stats().droppedOverBudget() + writer.stats().appended() == 11);
            assertTrue(System.currentTimeMillis() / 1000 == cycle, "the test needs the drops in the paused second");
            long dropped = writer.stats().droppedOverBudget();
            assertEquals(10, dropped);
            assertEquals(10, writer.stats().lostToBudget());

            // The next cycle: the count is journaled first, then journaling goes on.
            Cycles.appendInNewCycle(writer, 1);
            Cycles.appendInNewCycle(writer, 1); // and its cycle, over the budget too, is deleted after
            try (JournalReader reader = JournalReader.open(dir)) {
                List<JournalEntry> read = Drain.until(reader, Duration.ofSeconds(10),
                        l -> !l.isEmpty() && l.get(l.size() - 1).index() == writer.stats().lastIndex());
                List<LossRecord> budget = Drain.losses(read, LossRecord.BUDGET);
                LossRecord pause = budget.stream().filter(l -> l.firstIndex() < 0).findFirst().orElseThrow();
                assertEquals(10, pause.count(), "the pause's drops, even though their loss record's cycle is gone");
                long lostWithTheirCycles = budget.stream().filter(l -> l.firstIndex() >= 0).mapToLong(LossRecord::count).sum();
                assertEquals(13, Drain.exchanges(read).size() + pause.count() + lostWithTheirCycles,
                        "13 offered: read, dropped or deleted, each once: " + read);
            }
            assertFalse(writer.stats().pausedOverBudget() && writer.stats().droppedOverBudget() > dropped);
        }
    }
}
