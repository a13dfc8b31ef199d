package io.outpost.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.testing.JavaProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/** A gateway killed with SIGKILL: what it appended is intact, and a restarted writer carries on. */
@Tag("arm") // arm-test/run.sh: runs on aarch64 HotSpot under qemu-user too
class KilledWriterTest {
    @TempDir
    Path dir;

    @Test
    void everythingAppendedBeforeTheKillIsIntact() throws Exception {
        int n = 20_000;
        long lastIndex;
        try (JavaProcess gateway = JavaProcess.of("gateway", AppendingMain.class.getName(), "burst", dir.toString(),
                String.valueOf(n)).start()) {
            Matcher m = gateway.awaitLine("APPENDED (\\d+) (\\d+)", Duration.ofSeconds(60));
            lastIndex = Long.parseLong(m.group(1));
            kill(gateway);
        }
        try (JournalReader reader = JournalReader.open(dir, Duration.ofMillis(200))) {
            List<JournalEntry> entries = Drain.available(reader);
            assertEquals(n, entries.size());
            List<ExchangeRecord> records = Drain.exchanges(entries);
            for (int i = 0; i < n; i++) {
                assertEquals(SampleRecords.typical(i, i), records.get(i));
            }
            assertEquals(lastIndex, entries.get(n - 1).index());
            assertEquals(0, reader.corruptSkipped());
        }
        assertARestartedWriterCarriesOn(n);
    }

    @Test
    void aKillMidStreamLeavesEveryReportedRecordReadable() throws Exception {
        long reportedAppended;
        try (JavaProcess gateway = JavaProcess.of("gateway", AppendingMain.class.getName(), "stream",
                dir.toString()).start()) {
            gateway.awaitLine("PROGRESS ([2-9]\\d|\\d{3,})\\d{3} ", Duration.ofSeconds(60)); // >= 20,000
            kill(gateway); // while it is appending
            String[] lines = gateway.output().split("\n");
            String lastProgress = "";
            for (String line : lines) {
                if (line.startsWith("PROGRESS ")) {
                    lastProgress = line;
                }
            }
            reportedAppended = Long.parseLong(lastProgress.split(" ")[1]);
        }
        long readable;
        try (JournalReader reader = JournalReader.open(dir, Duration.ofMillis(200))) {
            List<JournalEntry> entries = Drain.available(reader);
            List<ExchangeRecord> records = Drain.exchanges(entries);
            assertEquals(entries.size(), records.size(), "no loss or corrupt entries");
            assertTrue(records.size() >= reportedAppended, records.size() + " < " + reportedAppended);
            for (int i = 0; i < records.size(); i++) {
                assertEquals(SampleRecords.typical(i, i), records.get(i), "record " + i);
            }
            readable = records.size();
        }
        assertARestartedWriterCarriesOn(readable);
    }

    private void assertARestartedWriterCarriesOn(long alreadyThere) throws Exception {
        try (JournalWriter writer = JournalWriter.open(JournalSettings.defaults(dir), "edge-kill")) {
            for (long i = alreadyThere; i < alreadyThere + 100; i++) {
                writer.offer(SampleRecords.typical(i, (int) i));
            }
        }
        try (JournalReader reader = JournalReader.open(dir, Duration.ofMillis(200))) {
            List<ExchangeRecord> records = Drain.exchanges(Drain.until(reader, Duration.ofSeconds(30),
                    l -> l.size() >= alreadyThere + 100));
            for (int i = 0; i < records.size(); i++) {
                assertEquals(i, records.get(i).timeMillis(), "record " + i);
            }
            assertEquals(alreadyThere + 100, records.size());
        }
    }

    private static void kill(JavaProcess process) throws InterruptedException {
        process.process().destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no close()
        assertTrue(process.process().waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, process.process().exitValue());
    }
}
