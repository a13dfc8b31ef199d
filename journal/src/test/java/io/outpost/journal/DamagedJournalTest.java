package io.outpost.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/**
 * Power loss with both processes stopped: the newest cycle file cut short, or its tail zeroed or
 * filled with garbage. The reader must deliver what is readable, report the rest, never throw and
 * never stop for good; a writer reopened on the directory must keep appending.
 */
@Tag("arm") // arm-test/run.sh: runs on aarch64 HotSpot under qemu-user too
class DamagedJournalTest {
    private static final Duration GRACE = Duration.ofMillis(200);
    private static final int BEFORE = 5_000;
    private static final int AFTER = 1_000;

    @TempDir
    Path dir;

    enum Damage { TRUNCATED, ZEROED, GARBAGE }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void aDamagedTailIsSkippedAndReportedAndTheWriterCarriesOn(Damage damage) throws Exception {
        append(0, BEFORE);
        long used = usedBytesOfNewestCycle();
        damage(damage, used);

        try (JournalReader reader = JournalReader.open(dir, GRACE)) {
            List<JournalEntry> survivors = Drain.available(reader);
            assertTrue(survivors.size() > BEFORE / 2 && survivors.size() < BEFORE, "survivors " + survivors.size());
            assertConsecutiveFrom(0, Drain.exchanges(survivors));

            JournalStats restarted = append(BEFORE, AFTER); // the gateway restarts on the damaged directory
            // Whatever a reader did to the file's length, the budget sees what is really used.
            assertTrue(restarted.bytesOnDisk() < used + (8 << 20), "bytes on disk " + restarted.bytesOnDisk());

            List<JournalEntry> rest = Drain.until(reader, Duration.ofSeconds(20),
                    l -> !l.isEmpty() && last(l) == BEFORE + AFTER - 1);
            List<LossRecord> corrupt = Drain.losses(rest, LossRecord.CORRUPT);
            assertEquals(1, corrupt.size(), "one loss record for the damaged stretch: " + corrupt);
            LossRecord loss = corrupt.get(0);
            List<ExchangeRecord> recovered = Drain.exchanges(rest);
            // Lost: the damaged records, plus the first new ones, up to where Chronicle's index lets a
            // reader in again (observed: within two index spacings).
            assertEquals(BEFORE + AFTER, survivors.size() + loss.count() + recovered.size());
            assertTrue(recovered.size() >= AFTER - 2 * ChronicleQueues.MAX_INDEX_SPACING, "recovered " + recovered.size());
            assertConsecutiveFrom(BEFORE + AFTER - recovered.size(), recovered);
            long cutRecord = Drain.losses(survivors, LossRecord.CORRUPT).stream().mapToLong(LossRecord::count).sum();
            assertEquals(loss.count() + cutRecord, reader.corruptSkipped());
            assertEquals(loss.lastIndex(), rest.get(0).index(), "the loss entry is identified by its last index");

            // An agent restarting from the loss entry's index resumes after the gap.
            reader.seekAfter(loss.lastIndex());
            assertEquals(recovered, Drain.exchanges(Drain.available(reader)));
        }
    }

    @Test
    void aRecordThatDoesNotDecodeBecomesALossRecordInItsPlace() throws Exception {
        append(0, 3);
        try (SingleChronicleQueue queue = ChronicleQueues.forWriting(dir, RollPeriod.DAILY, 0)) {
            ExcerptAppender appender = queue.acquireAppender();
            try (DocumentContext dc = appender.writingDocument()) {
                dc.wire().bytes().write(new byte[] {1, 1, (byte) 0xFF}); // a varint that never ends
            }
        }
        append(3, 2);
        try (JournalReader reader = JournalReader.open(dir, GRACE)) {
            List<JournalEntry> entries = Drain.atLeast(reader, 6);
            LossRecord loss = (LossRecord) entries.get(3).record();
            assertEquals(LossRecord.CORRUPT, loss.reason());
            assertEquals(1, loss.count());
            assertEquals(entries.get(3).index(), loss.firstIndex());
            assertEquals(1, reader.corruptSkipped());
            assertConsecutiveFrom(0, Drain.exchanges(entries));
        }
    }

    private JournalStats append(int from, int count) throws IOException {
        JournalWriter writer = JournalWriter.open(JournalSettings.defaults(dir), "edge-1");
        try (writer) {
            PacedOffers offers = new PacedOffers(writer);
            for (int i = from; i < from + count; i++) {
                offers.offer(SampleRecords.typical(i, i));
            }
        }
        return writer.stats();
    }

    private static void assertConsecutiveFrom(long first, List<ExchangeRecord> records) {
        for (int i = 0; i < records.size(); i++) {
            assertEquals(first + i, records.get(i).timeMillis(), "record " + i);
        }
    }

    private static long last(List<JournalEntry> entries) {
        JournalRecord r = entries.get(entries.size() - 1).record();
        return r instanceof ExchangeRecord x ? x.timeMillis() : -1;
    }

    private long usedBytesOfNewestCycle() {
        try (SingleChronicleQueue queue = ChronicleQueues.forWriting(dir, RollPeriod.DAILY, 0)) {
            SingleChronicleQueueStore store = queue.storeForCycle(queue.lastCycle(), queue.epoch(), false, null);
            try {
                return store.writePosition();
            } finally {
                queue.closeStore(store);
            }
        }
    }

    private Path newestCycleFile() {
        List<CycleFiles.CycleFile> cycles = CycleFiles.list(dir, RollPeriod.DAILY.rollCycle(), 0);
        return cycles.get(cycles.size() - 1).path();
    }

    /** Damages the last ~30% of the records (and a little beyond, where the next write would go). */
    private void damage(Damage damage, long used) throws IOException {
        long dataStart = 131_072; // after Chronicle's index area
        long from = dataStart + (long) ((used - dataStart) * 0.7);
        try (FileChannel ch = FileChannel.open(newestCycleFile(), StandardOpenOption.WRITE)) {
            switch (damage) {
                case TRUNCATED -> ch.truncate(from);
                case ZEROED -> ch.write(ByteBuffer.allocate((int) (used - from + 4096)), from);
                case GARBAGE -> {
                    byte[] junk = new byte[(int) (used - from + 4096)];
                    new Random(42).nextBytes(junk);
                    ch.write(ByteBuffer.wrap(junk), from);
                }
            }
        }
    }
}
