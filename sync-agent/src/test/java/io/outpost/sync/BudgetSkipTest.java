package io.outpost.sync;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.json.Json;
import io.outpost.journal.RollPeriod;
import io.outpost.testing.JavaProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's budget deletes cycles the agent has not forwarded while the receiver is down (one-
 * second cycles, a 2 MiB budget: only the newest cycle stays). The running agent must go on by
 * itself, and the receiver must end up with every event either stored or counted in a budget loss
 * event, never both, each deleted stretch reported once; status and metrics say what was skipped.
 */
class BudgetSkipTest {
    private static final String DEVICE = "budget-skip";

    @TempDir
    Path dir;

    @Test
    void cyclesDeletedUnderARunningAgentAreSkippedAndReportedExactlyOnce() throws Exception {
        int port = ForwardingTest.freePort();
        Path journalDir = dir.resolve("journal");
        Path config = new SyncYaml(journalDir, dir.resolve("state")).url("http://127.0.0.1:" + port).maxEvents(500)
                .linger(0).write(dir.resolve("sync.yaml"));
        try (Journal journal = Journal.create(journalDir, DEVICE,
                s -> s.withRollPeriod(RollPeriod.SECONDLY).withMaxJournalBytes(2L << 20));
                Agent agent = Agent.start(config)) {
            long offered = 0;
            for (int cycle = 0; cycle < 6; cycle++) {
                inNewSecond();
                journal.append(2_000);
                offered += 2_000;
            }
            long appended = offered;
            await().atMost(Duration.ofSeconds(20)).until(() -> journal.writer.stats().lostToBudget() > 0);

            try (Receiver receiver = Receiver.start(dir.resolve("mgmt"), port)) {
                long[] seen = new long[2];
                List<JsonNode> events = new ArrayList<>();
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
                    events.clear();
                    Path stored = receiver.data.resolve("events").resolve(DEVICE + ".ndjson");
                    if (!java.nio.file.Files.exists(stored)) {
                        return false;
                    }
                    for (String line : Receiver.wholeLines(stored)) {
                        events.add(Json.mapper().readTree(line));
                    }
                    seen[0] = events.stream().filter(e -> e.path("type").asText().equals("exchange")).count();
                    seen[1] = events.stream().filter(e -> e.path("type").asText().equals("loss"))
                            .mapToLong(e -> e.path("count").asLong()).sum();
                    return seen[0] + seen[1] >= appended;
                });
                assertEquals(appended, seen[0] + seen[1], "stored + reported lost = written: " + seen[0] + " + " + seen[1]);
                assertTrue(seen[1] > 0, "something was lost to the budget");
                assertEachIndexOnce(events);

                // Status and metrics name what was skipped.
                await().atMost(Duration.ofSeconds(10)).until(() -> agent.metric("outpost_sync_journal_budget_lost_events_total") == seen[1]);
                JsonNode[] last = new JsonNode[1];
                await().atMost(Duration.ofSeconds(20)).until(() -> { // the status file is rewritten every second
                    JavaProcess.Result status = Agent.command(Duration.ofSeconds(30), "status", "--config", config.toString(), "--json");
                    last[0] = Json.mapper().readTree(status.output().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow());
                    return last[0].path("eventsLostToBudget").asLong() == seen[1];
                });
                JsonNode j = last[0];
                String status = j.toString();
                assertEquals(agent.metric("outpost_sync_journal_budget_skipped_ranges_total"), j.path("skippedRanges").asDouble());
                assertTrue(j.path("skippedRanges").asLong() > 0, status);
                assertTrue(j.path("agent").path("lastSkippedRange").asText().matches("\\d+\\.\\.\\d+"), status);
                assertTrue(j.path("lastForwardAgeMillis").asLong() >= 0, status);
                assertTrue(agent.metric("outpost_sync_last_forward_age_seconds") >= 0);
                assertFalse(agent.process.output().contains("MissingStoreFileException"), agent.process.output());
            }
        }
    }

    /** No index stored twice, loss ranges disjoint, and no stored exchange inside a loss range. */
    static void assertEachIndexOnce(List<JsonNode> events) {
        Set<String> ids = new HashSet<>();
        TreeMap<Long, Long> ranges = new TreeMap<>();
        List<Long> exchanges = new ArrayList<>();
        for (JsonNode e : events) {
            assertTrue(ids.add(e.path("id").asText()), "stored twice: " + e);
            long index = Long.parseLong(e.path("id").asText().substring(e.path("id").asText().lastIndexOf(':') + 1));
            if (e.path("type").asText().equals("loss") && e.path("firstIndex").asLong() >= 0) {
                long first = e.path("firstIndex").asLong();
                long last = e.path("lastIndex").asLong();
                assertEquals(last, index, "a budget loss event is identified by its last index: " + e);
                var below = ranges.floorEntry(last);
                assertTrue(below == null || below.getValue() < first, "overlapping loss ranges: " + e + " and " + below);
                var above = ranges.ceilingEntry(first);
                assertTrue(above == null || above.getKey() > last, "overlapping loss ranges: " + e + " and " + above);
                ranges.put(first, last);
            } else {
                exchanges.add(index);
            }
        }
        for (long index : exchanges) {
            var range = ranges.floorEntry(index);
            assertTrue(range == null || range.getValue() < index, "index " + index + " both stored and reported lost");
        }
    }

    private static void inNewSecond() {
        long second = System.currentTimeMillis() / 1000;
        await().pollInterval(Duration.ofMillis(5)).until(() -> System.currentTimeMillis() / 1000 > second);
    }
}
