package io.outpost.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.journal.Acknowledgement;
import io.outpost.testing.JavaProcess;
import io.outpost.sync.wire.BatchFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Removable media instead of a network: sync export on the device, mgmt import on the other side. */
class AirGapTest {
    private static final String DEVICE = "vault-3";
    private static final Duration T = Duration.ofSeconds(60);
    @TempDir
    Path dir;

    private static JavaProcess.Result mgmt(String... args) throws Exception {
        return JavaProcess.of("sync", Receiver.MAIN, args).run(T);
    }

    @Test
    void exportedBatchesImportOnceEvenWhenImportedTwiceAndADamagedFileIsRefused() throws Exception {
        Path journalDir = dir.resolve("journal");
        Path stick = dir.resolve("usb");
        Path data = dir.resolve("mgmt-data");
        // No management URL at all: an air-gapped site.
        Path config = new SyncYaml(journalDir, dir.resolve("state")).maxEvents(2000).write(dir.resolve("sync.yaml"));
        try (Journal journal = Journal.create(journalDir, DEVICE)) {
            journal.append(9_000);
            JavaProcess.Result export = Agent.command(T, "export", "--config", config.toString(), "--to", stick.toString());
            assertEquals(0, export.exitCode(), export.output());
            assertTrue(export.output().contains("exported 9000 events in 5 files"), export.output());
            assertEquals(5, BatchFiles.list(stick).size());
            try (Stream<Path> s = Files.list(stick)) {
                assertEquals(5, s.filter(p -> p.toString().endsWith(".sha256")).count());
            }
            // What left on the stick is acknowledged: the gateway may reclaim it, and a second export adds only new events.
            assertEquals(journal.lastIndex(), Acknowledgement.read(journalDir, journal.writer.epoch()).orElse(-1));
            journal.append(500);
            Path stick2 = dir.resolve("usb2");
            JavaProcess.Result second = Agent.command(T, "export", "--config", config.toString(), "--to", stick2.toString());
            assertTrue(second.output().contains("exported 500 events in 1 files"), second.output());
            JavaProcess.Result status = Agent.command(T, "status", "--config", config.toString());
            assertTrue(status.output().contains("backlog:       empty"), status.output());
        }

        JavaProcess.Result first = mgmt("import", "--from", stick.toString(), "--data", data.toString());
        assertEquals(0, first.exitCode(), first.output());
        assertTrue(first.output().contains("imported 5 files: 9000 events accepted, 0 duplicates"), first.output());
        JavaProcess.Result again = mgmt("import", "--from", stick.toString(), "--data", data.toString());
        assertEquals(0, again.exitCode(), again.output());
        assertTrue(again.output().contains("imported 5 files: 0 events accepted, 9000 duplicates"), again.output());

        // A damaged file on the second stick is refused by its checksum; nothing of it is stored.
        Path damaged = BatchFiles.list(dir.resolve("usb2")).get(0);
        byte[] bytes = Files.readAllBytes(damaged);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(damaged, bytes);
        JavaProcess.Result refused = mgmt("import", "--from", dir.resolve("usb2").toString(), "--data", data.toString());
        assertEquals(1, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("REFUSED: ") && refused.output().contains("does not match"), refused.output());

        // Served by the receiver afterwards: exactly the journal's first 9000 ids, in order.
        try (Receiver receiver = Receiver.start(data, 0)) {
            List<String> expected = JournalIds.all(journalDir).subList(0, 9_000);
            assertEquals(expected, receiver.storedIds(DEVICE));
            assertEquals(9_000, receiver.accepted());
        }
    }

    @Test
    void exportRefusesWhileTheAgentRuns() throws Exception {
        Path journalDir = dir.resolve("journal");
        Path config = new SyncYaml(journalDir, dir.resolve("state")).url("http://127.0.0.1:" + ForwardingTest.freePort())
                .write(dir.resolve("sync.yaml"));
        try (Journal journal = Journal.create(journalDir, DEVICE); Agent agent = Agent.start(config)) {
            journal.append(10);
            JavaProcess.Result export = Agent.command(T, "export", "--config", config.toString(), "--to", dir.resolve("usb").toString());
            assertEquals(1, export.exitCode(), export.output());
            assertTrue(export.output().contains("another outpost sync process (run or export) is using"), export.output());
        }
    }
}
