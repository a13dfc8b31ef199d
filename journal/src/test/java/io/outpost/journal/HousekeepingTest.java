package io.outpost.journal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import net.openhft.chronicle.queue.RollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deletion of acknowledged cycles and the byte budget, with one-second cycles. */
class HousekeepingTest {
    private static final Duration FAST = Duration.ofMillis(50);

    @TempDir
    Path dir;

    @Test
    void acknowledgedCyclesAreDeletedAndTheRestKept() throws Exception {
        JournalSettings settings = JournalSettings.defaults(dir).withRollPeriod(RollPeriod.SECONDLY);
        try (JournalWriter writer = JournalWriter.open(settings, "edge-1", d -> Long.MAX_VALUE, FAST);
                JournalReader reader = JournalReader.open(dir)) {
            Cycles.appendInNewCycle(writer, 3);
            Cycles.appendInNewCycle(writer, 4);
            Cycles.appendInNewCycle(writer, 2);
            Map<Integer, List<Long>> byCycle = Cycles.indicesByCycle(Drain.atLeast(reader, 9));
            assertEquals(3, byCycle.size());
            List<Integer> cycles = List.copyOf(byCycle.keySet());
            Path first = Cycles.file(dir, cycles.get(0));
            Path second = Cycles.file(dir, cycles.get(1));
            Path third = Cycles.file(dir, cycles.get(2));

            Acknowledgement.write(dir, writer.epoch(), Cycles.last(byCycle, cycles.get(0)));
            await().until(() -> !Files.exists(first));
            assertTrue(Files.exists(second) && Files.exists(third));

            // An agent that restarts from an index whose cycle is gone resumes at the oldest left.
            long inDeletedCycle = byCycle.get(cycles.get(0)).get(0);
            try (JournalReader restarted = JournalReader.open(dir)) {
                assertEquals(6, restarted.pendingAfter(inDeletedCycle));
                assertEquals(4, restarted.pendingAfter(byCycle.get(cycles.get(1)).get(1)));
                restarted.seekAfter(inDeletedCycle);
                assertEquals(byCycle.get(cycles.get(1)).get(0), restarted.next().orElseThrow().index());
                restarted.seekAfter(-1);
                assertEquals(6, Drain.available(restarted).size());
            }

            // Short of the second cycle's last record: nothing more may go.
            long shortOfSecond = Cycles.last(byCycle, cycles.get(1)) - 1;
            Acknowledgement.write(dir, writer.epoch(), shortOfSecond);
            await().until(() -> writer.stats().acknowledgedIndex() == shortOfSecond);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(3)).until(() -> Files.exists(second));

            // Everything acknowledged: the newest cycle is still being written and stays.
            Acknowledgement.write(dir, writer.epoch(), Cycles.last(byCycle, cycles.get(2)));
            await().until(() -> !Files.exists(second));
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(3)).until(() -> Files.exists(third));

            // An acknowledgement of another epoch (a journal recreated under the agent) is ignored.
            Acknowledgement.write(dir, writer.epoch() + 1, Long.MAX_VALUE);
            await().until(() -> writer.stats().acknowledgedIndex() == -1);
            Cycles.appendInNewCycle(writer, 1);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(3)).until(() -> Files.exists(third));
            assertEquals(0, writer.stats().lostToBudget());
        }
    }

    @Test
    void overBudgetTheOldestCycleGoesEvenUnforwardedAndTheLedgerSaysExactlyWhat() throws Exception {
        // Two fresh cycle files (1.25 MiB each) are over 2 MiB: every cycle but the newest goes.
        JournalSettings settings = JournalSettings.defaults(dir).withRollPeriod(RollPeriod.SECONDLY)
                .withMaxJournalBytes(2L << 20);
        try (JournalWriter writer = JournalWriter.open(settings, "edge-1", d -> Long.MAX_VALUE, FAST)) {
            Cycles.appendInNewCycle(writer, 5);
            long firstCycleIndex;
            try (JournalReader reader = JournalReader.open(dir)) {
                firstCycleIndex = Drain.atLeast(reader, 5).get(0).index();
            }
            Cycles.appendInNewCycle(writer, 7);
            await().until(() -> writer.stats().lostToBudget() == 5);
            DeletedCycles.Deleted deleted = DeletedCycles.read(dir, writer.epoch()).get(0);
            assertEquals(new DeletedCycles.Deleted(writer.epoch(), firstCycleIndex, firstCycleIndex + 4, 5,
                    deleted.deletedAtMillis(), List.of()), deleted);

            long acknowledged;
            long lastOfSecond;
            try (JournalReader reader = JournalReader.open(dir)) {
                // Nothing acknowledged: a reader starting now is told about all five first.
                List<JournalEntry> second = Drain.until(reader, Duration.ofSeconds(10), l -> l.size() >= 8);
                LossRecord loss = Drain.losses(second, LossRecord.BUDGET).get(0);
                assertEquals(new LossRecord(deleted.deletedAtMillis(), 5, firstCycleIndex, firstCycleIndex + 4,
                        LossRecord.BUDGET), loss);
                assertEquals(firstCycleIndex + 4, second.get(0).index());
                assertEquals(7, Drain.exchanges(second).size());

                // The agent forwarded the second cycle up to its third record; the rest is lost next.
                acknowledged = second.get(3).index();
                lastOfSecond = second.get(second.size() - 1).index();
                long ack = acknowledged;
                Acknowledgement.write(dir, writer.epoch(), ack);
                await().until(() -> writer.stats().acknowledgedIndex() == ack);
                Cycles.appendInNewCycle(writer, 1);
                await().until(() -> writer.stats().lostToBudget() == 5 + 4);
                // The first cycle's entry is pruned: it is all at or below the acknowledgement.
                await().until(() -> DeletedCycles.read(dir, writer.epoch()).size() == 1);

            }
            try (JournalReader restarted = JournalReader.open(dir)) { // the agent restarts after its acknowledgement
                restarted.seekAfter(acknowledged);
                List<JournalEntry> third = Drain.until(restarted, Duration.ofSeconds(10),
                        l -> !Drain.exchanges(l).isEmpty());
                LossRecord partial = Drain.losses(third, LossRecord.BUDGET).get(0);
                assertEquals(4, partial.count());
                assertEquals(acknowledged + 1, partial.firstIndex());
                assertEquals(lastOfSecond, partial.lastIndex());
            }
            JournalStats stats = writer.stats();
            assertTrue(stats.bytesOnDisk() > 0);
        }
    }

    /** Helpers for one-second cycles. */
    static final class Cycles {
        private Cycles() {}

        /** Waits for the wall clock to enter a new second, then appends {@code n} records in it. */
        static void appendInNewCycle(JournalWriter writer, int n) {
            long second = System.currentTimeMillis() / 1000;
            await().pollInterval(Duration.ofMillis(5)).until(() -> System.currentTimeMillis() / 1000 > second);
            long before = writer.stats().appended();
            for (int i = 0; i < n; i++) {
                writer.offer(SampleRecords.typical(System.currentTimeMillis(), i));
            }
            await().until(() -> writer.stats().appended() >= before + n);
        }

        static Map<Integer, List<Long>> indicesByCycle(List<JournalEntry> entries) {
            return entries.stream().collect(Collectors.groupingBy(e -> RollCycles.TEST_SECONDLY.toCycle(e.index()),
                    TreeMap::new, Collectors.mapping(JournalEntry::index, Collectors.toList())));
        }

        static long last(Map<Integer, List<Long>> byCycle, int cycle) {
            List<Long> indices = byCycle.get(cycle);
            return indices.get(indices.size() - 1);
        }

        static Path file(Path dir, int cycle) {
            return CycleFiles.list(dir, RollCycles.TEST_SECONDLY, 0).stream().filter(c -> c.cycle() == cycle)
                    .findFirst().orElseThrow().path();
        }
    }
}
