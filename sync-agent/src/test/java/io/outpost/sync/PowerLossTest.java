package io.outpost.sync;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.json.Json;
import io.outpost.sync.bench.FillJournal;
import io.outpost.testing.JavaProcess;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Power loss with gateway and agent stopped: the newest journal file's tail is garbage. The agent
 * forwards what is readable, reports the rest as a "corrupt" loss event, and carries on with what
 * the restarted gateway writes afterwards: never stuck, order kept, every event accounted for.
 */
class PowerLossTest {
    private static final String DEVICE = "edge-pl";
    private static final int BEFORE = 5_000;
    private static final int AFTER = 1_000;
    @TempDir
    Path dir;

    @Test
    void aDamagedJournalTailIsReportedAsLossAndForwardingCarriesOn() throws Exception {
        Path journalDir = dir.resolve("journal");
        gateway(journalDir, BEFORE, 0);
        damageTail(newestCycleFile(journalDir));
        try (Receiver receiver = Receiver.start(dir.resolve("mgmt"), 0);
             Agent agent = Agent.start(new SyncYaml(journalDir, dir.resolve("state")).url(receiver.url()).maxEvents(1000)
                     .write(dir.resolve("sync.yaml")))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.accepted() > BEFORE / 2);
            // The gateway restarts on the damaged directory and journals more; all of it must come through.
            gateway(journalDir, AFTER, BEFORE);
            await().atMost(Duration.ofSeconds(60)).until(() -> lastSequence(receiver) == BEFORE + AFTER - 1);
            List<JsonNode> events = stored(receiver);
            List<Long> sequences = new ArrayList<>();
            long lost = 0;
            for (JsonNode e : events) {
                if (e.path("type").asText().equals("loss")) {
                    assertEquals("corrupt", e.path("reason").asText(), e.toString());
                    lost += e.path("count").asLong();
                } else {
                    sequences.add(sequence(e));
                }
            }
            assertTrue(lost > 0, "the damage was reported: " + events.size() + " events stored");
            assertEquals(BEFORE + AFTER, sequences.size() + lost, "every event is either forwarded or counted as lost");
            for (int i = 1; i < sequences.size(); i++) {
                assertTrue(sequences.get(i) > sequences.get(i - 1), "order kept at " + i);
            }
            assertEquals(0L, sequences.get(0));
            assertTrue(agent.metric("outpost_sync_journal_corrupt_skipped_total") > 0);
            assertEquals(0, receiver.duplicates());
        }
    }

    /**
     * The gateway's side as its own process with the gateway's JVM options, as in production (in
     * the test JVM, Chronicle's internal assertions are on, which production never runs with).
     */
    private static void gateway(Path journalDir, int count, int first) throws Exception {
        JavaProcess.Result r = JavaProcess.of("gateway", FillJournal.class.getName(), journalDir.toString(),
                Integer.toString(count), DEVICE, Integer.toString(first)).run(Duration.ofSeconds(60));
        assertEquals(0, r.exitCode(), r.output());
    }

    private static long sequence(JsonNode e) {
        return FillJournal.sequence(e.path("timeMillis").asLong());
    }

    private static long lastSequence(Receiver receiver) throws IOException {
        List<JsonNode> events = stored(receiver);
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).path("type").asText().equals("exchange")) {
                return sequence(events.get(i));
            }
        }
        return -1;
    }

    private static List<JsonNode> stored(Receiver receiver) throws IOException {
        Path file = receiver.data.resolve("events").resolve(DEVICE + ".ndjson");
        List<JsonNode> out = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Receiver.wholeLines(file)) {
                out.add(Json.mapper().readTree(line));
            }
        }
        return out;
    }

    private static Path newestCycleFile(Path journalDir) throws IOException {
        try (Stream<Path> s = Files.list(journalDir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".cq4")).sorted().reduce((a, b) -> b).orElseThrow();
        }
    }

    /** Random garbage over the last ~30% of the written records (found as the last non-zero byte) and a little beyond. */
    private static void damageTail(Path cycleFile) throws IOException {
        long dataStart = 131_072; // Chronicle's index area comes first
        try (FileChannel ch = FileChannel.open(cycleFile, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            long used = dataStart;
            for (long pos = dataStart; pos < ch.size(); pos += buf.capacity()) {
                buf.clear();
                int n = ch.read(buf, pos);
                for (int i = 0; i < n; i++) {
                    if (buf.get(i) != 0) {
                        used = pos + i + 1;
                    }
                }
            }
            assertTrue(used > dataStart + BEFORE * 50L, "found the written records: used " + used);
            long from = dataStart + (long) ((used - dataStart) * 0.7);
            byte[] junk = new byte[(int) (used - from + 4096)];
            new Random(42).nextBytes(junk);
            ch.write(ByteBuffer.wrap(junk), from);
            ch.force(true);
        }
    }
}
