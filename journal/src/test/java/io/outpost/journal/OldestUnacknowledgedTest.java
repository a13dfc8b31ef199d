package io.outpost.journal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal says the time of the oldest record the agent has not acknowledged, following the acknowledgement. */
class OldestUnacknowledgedTest {
    private static final Duration FAST = Duration.ofMillis(50);

    @TempDir
    Path dir;

    @Test
    void theOldestUnacknowledgedRecordsTimeFollowsTheAgentsAcknowledgement() throws Exception {
        try (JournalWriter writer = JournalWriter.open(JournalSettings.defaults(dir), "edge-1", d -> Long.MAX_VALUE, FAST);
                JournalReader reader = JournalReader.open(dir)) {
            assertEquals(-1, writer.stats().oldestUnacknowledgedMillis(), "an empty journal has nothing unacknowledged");
            for (long time : new long[] {1_000_000L, 2_000_000L, 3_000_000L}) {
                writer.offer(SampleRecords.minimal(time));
            }
            List<JournalEntry> entries = Drain.atLeast(reader, 3);
            await().until(() -> writer.stats().oldestUnacknowledgedMillis() == 1_000_000L);

            Acknowledgement.write(dir, writer.epoch(), entries.get(0).index());
            await().until(() -> writer.stats().oldestUnacknowledgedMillis() == 2_000_000L);

            Acknowledgement.write(dir, writer.epoch(), entries.get(2).index());
            await().until(() -> writer.stats().oldestUnacknowledgedMillis() == -1);

            writer.offer(SampleRecords.minimal(4_000_000L));
            await().until(() -> writer.stats().oldestUnacknowledgedMillis() == 4_000_000L);
        }
    }
}
