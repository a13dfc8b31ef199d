package io.outpost.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import net.openhft.chronicle.queue.RollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A changed rollPeriod on an existing journal: refused while anything is unforwarded (and the
 * journal left as it was), applied by starting the journal anew once everything is forwarded.
 */
class RollPeriodChangeTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(RollPeriod.class)
    void theRollCycleIsReadFromTheQueuesMetadata(RollPeriod period) throws Exception {
        assertEquals(Optional.empty(), QueueMetadata.rollCycle(dir));
        append(period, 1);
        assertEquals(Optional.of((RollCycles) period.rollCycle()), QueueMetadata.rollCycle(dir));
        assertEquals(Optional.empty(), RollPeriodChange.of(dir, period));
    }

    @Test
    void aChangeIsRefusedWhileEventsAreUnforwardedAndAppliedOnceAllAre() throws Exception {
        long epoch = append(RollPeriod.HOURLY, 5);
        RollPeriodChange change = RollPeriodChange.of(dir, RollPeriod.DAILY).orElseThrow();
        assertEquals(new RollPeriodChange("hourly", RollPeriod.DAILY, 5), change);

        IOException refused = assertThrows(IOException.class, () -> append(RollPeriod.DAILY, 1));
        assertTrue(refused.getMessage().contains("rolls hourly and still holds 5 events not forwarded"), refused.getMessage());
        assertTrue(refused.getMessage().contains("keep rollPeriod: hourly"), refused.getMessage());
        try (JournalReader reader = JournalReader.open(dir)) {
            assertEquals(epoch, reader.epoch(), "the journal is left as it was");
            List<JournalEntry> kept = Drain.atLeast(reader, 5);
            assertEquals(5, kept.size());
            Acknowledgement.write(dir, epoch, kept.get(4).index()); // the agent forwarded everything
        }

        long anew = append(RollPeriod.DAILY, 3);
        assertNotEquals(epoch, anew, "started anew: a new epoch");
        assertEquals(Optional.of(RollCycles.DAILY), QueueMetadata.rollCycle(dir));
        assertTrue(Files.list(dir).noneMatch(p -> p.getFileName().toString().matches("\\d{8}-\\d{2}\\.cq4")),
                "no hourly cycle file left");
        try (JournalReader reader = JournalReader.open(dir)) {
            assertEquals(3, Drain.until(reader, Duration.ofSeconds(10), l -> l.size() >= 3).size());
        }
    }

    /** Opens a writer with {@code period}, appends {@code n} records, closes it; returns the epoch. */
    private long append(RollPeriod period, int n) throws IOException {
        try (JournalWriter writer = JournalWriter.open(JournalSettings.defaults(dir).withRollPeriod(period), "edge-1",
                d -> Long.MAX_VALUE, Duration.ofMillis(50))) {
            for (int i = 0; i < n; i++) {
                writer.offer(SampleRecords.typical(System.currentTimeMillis(), i));
            }
            org.awaitility.Awaitility.await().until(() -> writer.stats().appended() == n);
            return writer.epoch();
        }
    }
}
