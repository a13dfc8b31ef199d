package io.outpost.journal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

@Tag("arm") // arm-test/run.sh: runs on aarch64 HotSpot under qemu-user too
class JournalRoundTripTest {
    @TempDir
    Path tmp;

    @Test
    void whatTheGatewayOffersTheAgentReads() throws Exception {
        Path dir = tmp.resolve("journal");
        List<JournalRecord> offered = new ArrayList<>();
        offered.add(SampleRecords.full());
        offered.add(SampleRecords.minimal(2));
        for (int i = 0; i < 100; i++) {
            offered.add(SampleRecords.typical(1_000 + i, i));
        }
        try (JournalWriter writer = JournalWriter.open(JournalSettings.defaults(dir), "edge-1")) {
            offered.forEach(r -> assertTrue(writer.offer(r)));
            await().until(() -> writer.stats().appended() == offered.size());
            try (JournalReader reader = JournalReader.open(dir)) {
                assertEquals("edge-1", reader.deviceId());
                assertEquals(writer.epoch(), reader.epoch());
                List<JournalEntry> read = Drain.atLeast(reader, offered.size());
                assertEquals(offered, read.stream().map(JournalEntry::record).toList());
                Set<String> ids = new HashSet<>();
                for (JournalEntry e : read) {
                    assertEquals("edge-1:" + writer.epoch() + ":" + e.index(), e.id());
                    assertTrue(ids.add(e.id()));
                }
                assertEquals(read.get(read.size() - 1).index(), reader.lastWrittenIndex());
                assertEquals(read.get(read.size() - 1).index(), writer.stats().lastIndex());
                assertEquals(0, reader.corruptSkipped());
            }
        }
    }

    @Test
    void theEpochSurvivesRestartsAndChangesWhenTheDirectoryIsRecreated() throws Exception {
        Path dir = tmp.resolve("journal");
        long epoch;
        long lastIndexBefore;
        try (JournalWriter writer = JournalWriter.open(JournalSettings.defaults(dir), "edge-1")) {
            epoch = writer.epoch();
            writer.offer(SampleRecords.minimal(1));
            await().until(() -> writer.stats().appended() == 1);
            lastIndexBefore = writer.stats().lastIndex();
        }
        try (JournalWriter writer = JournalWriter.open(JournalSettings.defaults(dir), "edge-1")) {
            assertEquals(epoch, writer.epoch());
            assertEquals(lastIndexBefore, writer.stats().lastIndex());
            writer.offer(SampleRecords.minimal(2));
            await().until(() -> writer.stats().lastIndex() > lastIndexBefore);
        }
        // A re-configured device id is adopted; the epoch (and so id uniqueness) is kept.
        try (JournalWriter writer = JournalWriter.open(JournalSettings.defaults(dir), "edge-renamed");
                JournalReader reader = JournalReader.open(dir)) {
            assertEquals(epoch, writer.epoch());
            assertEquals("edge-renamed", reader.deviceId());
            writer.close();
            assertEquals(false, writer.offer(SampleRecords.minimal(3)), "closed writers refuse");
        }
        deleteRecursively(dir);
        String firstIdAfterRecreation;
        try (JournalWriter writer = JournalWriter.open(JournalSettings.defaults(dir), "edge-1")) {
            assertNotEquals(epoch, writer.epoch());
            writer.offer(SampleRecords.minimal(3));
            await().until(() -> writer.stats().appended() == 1);
            try (JournalReader reader = JournalReader.open(dir)) {
                firstIdAfterRecreation = Drain.atLeast(reader, 1).get(0).id();
            }
        }
        // Same device, same Chronicle index, but a different id.
        assertNotEquals("edge-1:" + epoch + ":" + lastIndexBefore, firstIdAfterRecreation);
        assertTrue(firstIdAfterRecreation.startsWith("edge-1:"));
    }

    @Test
    void theReaderRefusesADirectoryTheGatewayNeverWrote() {
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> JournalReader.open(tmp.resolve("none")));
        assertTrue(e.getMessage().contains("gateway"), e.getMessage());
    }

    @Test
    void seekAfterAndPendingAfter() throws Exception {
        Path dir = tmp.resolve("journal");
        try (JournalWriter writer = JournalWriter.open(JournalSettings.defaults(dir), "edge-1");
                JournalReader reader = JournalReader.open(dir)) {
            assertEquals(-1, reader.lastWrittenIndex());
            assertEquals(0, reader.pendingAfter(-1));
            for (int i = 0; i < 10; i++) {
                writer.offer(SampleRecords.typical(i, i));
            }
            await().until(() -> writer.stats().appended() == 10);
            List<JournalEntry> all = Drain.atLeast(reader, 10);
            long third = all.get(3).index();
            assertEquals(10, reader.pendingAfter(-1));
            assertEquals(6, reader.pendingAfter(third));
            assertEquals(0, reader.pendingAfter(all.get(9).index()));

            reader.seekAfter(third);
            assertEquals(all.subList(4, 10), Drain.available(reader));
            reader.seekAfter(-1);
            assertEquals(all, Drain.available(reader));
            reader.seekAfter(all.get(9).index());
            assertEquals(List.of(), Drain.available(reader));
            writer.offer(SampleRecords.minimal(11));
            assertEquals(SampleRecords.minimal(11), Drain.atLeast(reader, 1).get(0).record());
        }
    }

    static void deleteRecursively(Path dir) throws Exception {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
