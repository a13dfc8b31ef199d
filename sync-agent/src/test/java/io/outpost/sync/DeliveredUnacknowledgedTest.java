package io.outpost.sync;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.json.Json;
import io.outpost.journal.Acknowledgement;
import io.outpost.journal.RollPeriod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent killed (SIGKILL) after the receiver stored a batch but before the agent wrote its
 * acknowledgement, and the gateway's budget then deleting that batch's cycle: the batch was
 * delivered, so it must not be reported lost as well. The receiver's {@code unanswered} fault holds
 * that moment open (it stores every batch and never answers), so the kill always lands in it.
 * Delivered + reported lost must equal what was journaled, each index once.
 */
class DeliveredUnacknowledgedTest {
    private static final String DEVICE = "in-flight";
    private static final int BATCH = 500;
    private static final int PER_CYCLE = 2_000;

    @TempDir
    Path dir;

    @Test
    void aBatchDeliveredButNotAcknowledgedIsNeverAlsoReportedLost() throws Exception {
        Path journalDir = dir.resolve("journal");
        try (Journal journal = Journal.create(journalDir, DEVICE,
                s -> s.withRollPeriod(RollPeriod.SECONDLY).withMaxJournalBytes(3L << 20));
                Receiver receiver = Receiver.start(dir.resolve("mgmt"), 0)) {
            Path config = new SyncYaml(journalDir, dir.resolve("state")).url(receiver.url()).maxEvents(BATCH).linger(0)
                    .write(dir.resolve("sync.yaml"));
            receiver.faults("{\"mode\":\"unanswered\"}");
            inNewSecond();
            journal.append(PER_CYCLE);
            long epoch = journal.writer.epoch();

            Agent agent = Agent.start(config);
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> receiver.storedIds(DEVICE).size() >= BATCH);
            } finally {
                agent.kill9();
            }
            assertEquals(BATCH, receiver.storedIds(DEVICE).size(), "the first batch, delivered");
            assertTrue(Acknowledgement.read(journalDir, epoch).isEmpty(), "and never acknowledged");

            // The budget deletes the unacknowledged first cycle (3 MiB holds two one-second cycles).
            for (int cycle = 1; cycle < 4; cycle++) {
                inNewSecond();
                journal.append(PER_CYCLE);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> journal.writer.stats().lostToBudget() >= PER_CYCLE);
            long journaled = journal.appended();

            receiver.faults("{\"mode\":\"none\"}");
            try (Agent restarted = Agent.start(config)) {
                List<JsonNode> events = new ArrayList<>();
                long[] seen = new long[2];
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    events.clear();
                    for (String line : Receiver.wholeLines(receiver.data.resolve("events").resolve(DEVICE + ".ndjson"))) {
                        events.add(Json.mapper().readTree(line));
                    }
                    seen[0] = events.stream().filter(e -> e.path("type").asText().equals("exchange")).count();
                    seen[1] = events.stream().filter(e -> e.path("type").asText().equals("loss"))
                            .mapToLong(e -> e.path("count").asLong()).sum();
                    return seen[0] + seen[1] >= journaled;
                });
                assertEquals(journaled, seen[0] + seen[1], "delivered " + seen[0] + " + reported lost " + seen[1]
                        + " = journaled, exactly\n" + restarted.process.output());
                assertTrue(seen[1] >= PER_CYCLE - BATCH, "the rest of the deleted cycle is reported lost: " + seen[1]);
                BudgetSkipTest.assertEachIndexOnce(events);
                assertTrue(restarted.process.output().contains("sending again the batch of " + BATCH + " events"),
                        restarted.process.output());
            }
        }
    }

    private static void inNewSecond() {
        long second = System.currentTimeMillis() / 1000;
        await().pollInterval(Duration.ofMillis(5)).until(() -> System.currentTimeMillis() / 1000 > second);
    }
}
