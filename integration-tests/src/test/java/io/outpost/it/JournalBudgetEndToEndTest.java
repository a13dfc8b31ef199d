package io.outpost.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.json.Json;
import io.outpost.common.model.ApiDefinition;
import io.outpost.testing.JavaProcess;
import io.outpost.testing.RawHttp;
import io.outpost.testing.TestArtifacts;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal's disk budget reached while the uplink is down, with a real gateway, agent and
 * receiver and real Chronicle files: the gateway keeps answering and deletes the oldest
 * unforwarded cycles; the running agent (restarted once during the outage) goes on past them by
 * itself when the receiver is back, and the receiver ends up with every exchange served either
 * stored or counted in a budget loss event, never both, each deleted range once.
 */
class JournalBudgetEndToEndTest {
    private static final String DEVICE = "budget-device";

    @Test
    void deletedCyclesNeverStallTheAgentAndStoredPlusReportedLostIsExactlyServed(@TempDir Path dir) throws Exception {
        int receiverPort = freePort();
        Path received = dir.resolve("received");
        Path syncYaml = syncConfig(dir, receiverPort);
        long served = 0;
        try (JavaProcess gateway = JavaProcess.gateway("--config", gatewayConfig(dir).toString()).start()) {
            var ready = gateway.awaitLine("outpost-gateway ready http=[^:]+:(\\d+) admin=[^:]+:(\\d+)", Duration.ofSeconds(60));
            int port = Integer.parseInt(ready.group(1));
            int admin = Integer.parseInt(ready.group(2));
            JavaProcess agent = SyncProcesses.startAgent(syncYaml);
            try {
                // The link is up: what is served arrives.
                try (JavaProcess receiver = SyncProcesses.startReceiver(received, receiverPort)) {
                    served += serveFor(port, Duration.ZERO, () -> false);
                    long upToNow = served;
                    await().atMost(Duration.ofSeconds(60)).until(() -> Tally.of(received).total() == upToNow);
                    receiver.stop();
                }

                // The link is down for longer than the budget holds: unforwarded cycles are deleted
                // (one-second cycles, a 3 MiB budget: two cycles stay). The agent restarts meanwhile.
                served += serveFor(port, Duration.ofSeconds(3), () -> true);
                agent.stop();
                agent = SyncProcesses.startAgent(syncYaml);
                served += serveFor(port, Duration.ofSeconds(3), () -> health(admin).path("lostToBudget").asLong() > 0);
                long total = served;
                try {
                    await().atMost(Duration.ofSeconds(10)).until(() -> health(admin).path("appended").asLong() >= total);
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    throw new AssertionError("served " + total + " health " + health(admin) + "\n" + gateway.output(), e);
                }
                long deletedUnforwarded = health(admin).path("lostToBudget").asLong();

                // The link is back: the agent forwards the rest and the losses, without a restart.
                try (JavaProcess receiver = SyncProcesses.startReceiver(received, receiverPort)) {
                    Tally[] tally = {Tally.of(received)};
                    try {
                        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                                .until(() -> (tally[0] = Tally.of(received)).total() >= total);
                    } catch (org.awaitility.core.ConditionTimeoutException e) {
                        throw new AssertionError("stored " + tally[0].exchanges + " + reported lost " + tally[0].lost
                                + " != served " + total + "; gateway journal " + health(admin) + "\n" + agent.output(), e);
                    }
                    Tally t = tally[0];
                    System.out.printf("journal budget: served %d, stored %d, reported lost %d in %d ranges; the gateway "
                            + "deleted %d above the acknowledgement%n", total, t.exchanges, t.lost, t.budgetRanges, deletedUnforwarded);
                    assertEquals(total, t.total(), "stored + reported lost = served, exactly: " + t);
                    assertTrue(t.lost > 0 && t.budgetRanges > 0, "the budget took something: " + t);
                    assertTrue(t.lost <= deletedUnforwarded,
                            "at most what the gateway deleted above the acknowledgement (the agent may have read some): " + t);
                    assertFalse(agent.output().contains("MissingStoreFileException"), agent.output());

                    JavaProcess.Result status = JavaProcess.of("sync", "io.outpost.sync.SyncMain", "status", "--config",
                            syncYaml.toString(), "--json").run(Duration.ofSeconds(60));
                    JsonNode s = Json.mapper().readTree(status.output().lines().filter(l -> l.startsWith("{")).findFirst()
                            .orElseThrow(() -> new AssertionError(status.output())));
                    assertTrue(s.path("skippedRanges").asLong() > 0, status.output());
                    assertTrue(s.path("lastForwardAgeMillis").asLong() >= 0, status.output());
                    assertTrue(s.path("agent").path("lastSkippedRange").asText().matches("\\d+\\.\\.\\d+"), status.output());
                }
            } finally {
                agent.close();
            }
        }
    }

    /**
     * What the receiver stored: exchanges, the events loss records count, and the budget ranges.
     * Checks on the way that no id is stored twice, that loss ranges never overlap and that no
     * stored exchange lies inside one.
     */
    private record Tally(long exchanges, long lost, long budgetRanges) {
        long total() {
            return exchanges + lost;
        }

        static Tally of(Path data) throws IOException {
            Path file = data.resolve("events").resolve(DEVICE + ".ndjson");
            if (!Files.exists(file)) {
                return new Tally(0, 0, 0);
            }
            // The receiver may be appending right now: only whole (newline-terminated) lines count.
            String content = Files.readString(file, StandardCharsets.UTF_8);
            Set<String> ids = new HashSet<>();
            TreeMap<Long, Long> ranges = new TreeMap<>();
            List<Long> exchanges = new ArrayList<>();
            long lost = 0;
            for (String line : content.substring(0, content.lastIndexOf('\n') + 1).split("\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                JsonNode e = Json.mapper().readTree(line);
                String id = e.path("id").asText();
                assertTrue(ids.add(id), "stored twice: " + line);
                long index = Long.parseLong(id.substring(id.lastIndexOf(':') + 1));
                if (!e.path("type").asText().equals("loss")) {
                    exchanges.add(index);
                    continue;
                }
                lost += e.path("count").asLong();
                if (e.path("firstIndex").asLong() >= 0) {
                    long first = e.path("firstIndex").asLong();
                    long last = e.path("lastIndex").asLong();
                    assertEquals(last, index, "a budget loss is identified by its last index: " + line);
                    Map.Entry<Long, Long> below = ranges.floorEntry(last);
                    assertTrue(below == null || below.getValue() < first, "loss ranges overlap: " + line + " and " + below);
                    ranges.put(first, last);
                }
            }
            for (long index : exchanges) {
                Map.Entry<Long, Long> range = ranges.floorEntry(index);
                assertTrue(range == null || range.getValue() < index, "index " + index + " stored and reported lost");
            }
            return new Tally(exchanges.size(), lost, ranges.size());
        }
    }

    /** 404s on keep-alive connections: at least 2,000, for at least {@code atLeast}, and then until {@code done}. */
    /** A condition that may ask the gateway. */
    private interface Done {
        boolean now() throws Exception;
    }

    private static long serveFor(int port, Duration atLeast, Done done) throws Exception {
        long answered = 0;
        long until = System.nanoTime() + atLeast.toNanos();
        long limit = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        do {
            try (RawHttp http = new RawHttp(port)) {
                for (int i = 0; i < 50; i++) {
                    http.send("GET /budget/none HTTP/1.1\r\nHost: gw\r\n\r\n");
                    assertEquals(404, http.read().status(), "the gateway keeps answering over budget");
                    answered++;
                }
            }
            assertTrue(System.nanoTime() < limit, "the budget was never reached");
        } while (System.nanoTime() < until || (!atLeast.isZero() && !done.now()) || answered < 2_000);
        return answered;
    }

    private static JsonNode health(int admin) throws Exception {
        RawHttp.Response r = RawHttp.get(admin, "/health");
        return Json.read(r.body().getBytes(StandardCharsets.UTF_8), JsonNode.class).get("journal");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Path syncConfig(Path dir, int receiverPort) throws IOException {
        return Files.writeString(dir.resolve("sync.yaml"), """
                journal: %s
                stateDir: %s
                management:
                  url: http://127.0.0.1:%d
                  requestTimeoutMillis: 5000
                batch:
                  maxEvents: 2000
                  lingerMillis: 0
                backoff:
                  initialMillis: 100
                  maxMillis: 500
                """.formatted(dir.resolve("state/journal"), dir.resolve("sync-state"), receiverPort));
    }

    private static Path gatewayConfig(Path dir) throws Exception {
        ApiDefinition api = new ApiDefinition("budget", "1.0.0", "/other", "b.yaml", null, null, null, null, true, null, null,
                null, null, null, null, null, null, null, List.of());
        TestArtifacts.write(dir, "budget", List.of(api));
        Path yaml = dir.resolve("gateway.yaml");
        Files.writeString(yaml, """
                listeners: {http: {host: 127.0.0.1, port: 0}}
                admin: {host: 127.0.0.1, port: 0}
                artifact: budget-1.0.0.outpost
                stateDir: state
                trust: {publisherKeys: [publisher.pub.jwk]}
                analytics:
                  deviceId: %s
                  rollPeriod: secondly
                  maxJournalBytes: 3145728
                """.formatted(DEVICE));
        return yaml;
    }
}
