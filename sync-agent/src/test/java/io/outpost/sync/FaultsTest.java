package io.outpost.sync;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.json.Json;
import io.outpost.testing.JavaProcess;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent against a receiver that is down, answers 500, 429 with Retry-After, answers too late,
 * or resets the connection: nothing is lost, Retry-After is honoured, and waiting costs next to
 * no CPU (measured from /proc/PID/stat).
 */
class FaultsTest {
    private static final String DEVICE = "edge-9";
    @TempDir
    Path dir;

    @Test
    void aMisbehavingReceiverLosesNothingAndTheAgentWaitsWithoutBurningCpu() throws Exception {
        int port = ForwardingTest.freePort();
        Path journalDir = dir.resolve("journal");
        Path config = new SyncYaml(journalDir, dir.resolve("state")).url("http://127.0.0.1:" + port).maxEvents(1000)
                .write(dir.resolve("sync.yaml"));
        try (Journal journal = Journal.create(journalDir, DEVICE); Agent agent = Agent.start(config)) {
            journal.append(20_000);
            long total = JournalIds.all(journalDir).size();

            // 1. Down (connection refused): the agent retries with backoff and sleeps in between.
            // Measured after start-up has settled (class loading and the first JIT rounds are not waiting).
            await().atMost(Duration.ofSeconds(30)).until(() -> agent.metric("outpost_sync_failures_total{kind=\"network\"}") >= 6);
            Duration cpu0 = agent.cpuTime();
            long t0 = System.nanoTime();
            await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(11)).until(agent.process::isAlive);
            double share = (agent.cpuTime().minus(cpu0).toNanos()) / (double) (System.nanoTime() - t0);
            System.out.printf("[measure] agent CPU while the receiver is down: %.2f%% of one core%n", share * 100);
            assertTrue(share < 0.03, "agent used " + share * 100 + "% CPU while the link was down");

            // 2. Up, but answering 500 to everything.
            try (Receiver receiver = Receiver.start(dir.resolve("mgmt"), port, "--test-fault-plan", "{\"mode\":\"status\",\"status\":500}")) {
                await().atMost(Duration.ofSeconds(20)).until(() -> agent.metric("outpost_sync_failures_total{kind=\"server\"}") >= 3);

                // 3. 429 with Retry-After: 3 — without it the 1 s backoff cap would mean ~7 attempts in 6.5 s.
                receiver.faults("{\"mode\":\"status\",\"status\":429,\"retryAfter\":\"3\"}");
                long injected = receiver.stats().path("faultsInjected").asLong();
                await().during(Duration.ofMillis(6500)).atMost(Duration.ofSeconds(8)).until(agent.process::isAlive);
                long attempts = receiver.stats().path("faultsInjected").asLong() - injected;
                System.out.println("[measure] attempts in 6.5 s under 429 + Retry-After: 3 -> " + attempts);
                assertTrue(attempts >= 1 && attempts <= 3, attempts + " attempts in 6.5 s despite Retry-After: 3");
                assertTrue(agent.metric("outpost_sync_failures_total{kind=\"throttled\"}") >= 1);

                // 4. Connection resets, then one answer later than the agent's 5 s request timeout.
                receiver.faults("{\"mode\":\"reset\",\"count\":3}");
                await().atMost(Duration.ofSeconds(20)).until(() -> receiver.stats().path("faultsInjected").asLong() >= injected + attempts + 3);
                receiver.faults("{\"mode\":\"slow\",\"delayMillis\":6000,\"count\":1}");
                await().atMost(Duration.ofSeconds(30)).until(() -> agent.metric("outpost_sync_failures_total{kind=\"timeout\"}") >= 1);

                // 5. Healthy again: everything arrives, in order, exactly once after de-duplication.
                await().atMost(Duration.ofSeconds(60)).until(() -> receiver.accepted() >= total);
                assertEquals(JournalIds.all(journalDir), receiver.storedIds(DEVICE));
                assertTrue(receiver.duplicates() <= 1000, "more than the one timed-out batch came twice: " + receiver.duplicates());
                assertTrue(agent.metric("outpost_sync_failures_total{kind=\"network\"}") >= 3 + 3);
                // The agent counts after the 2xx reaches it, and refreshes the backlog gauge every second.
                await().atMost(Duration.ofSeconds(10)).until(() -> agent.metric("outpost_sync_events_forwarded_total") == total
                        && agent.metric("outpost_sync_backlog_events") == 0);
            }
        }
    }

    @Test
    void statusShowsTheBacklogAndTheNextAttemptWhileTheLinkIsDown() throws Exception {
        int port = ForwardingTest.freePort();
        Path journalDir = dir.resolve("journal");
        Path config = new SyncYaml(journalDir, dir.resolve("state")).url("http://127.0.0.1:" + port).backoffMax(30_000)
                .write(dir.resolve("sync.yaml"));
        try (Journal journal = Journal.create(journalDir, DEVICE)) {
            journal.append(1234);
            JavaProcess.Result stopped = Agent.command(Duration.ofSeconds(30), "status", "--config", config.toString());
            assertEquals(0, stopped.exitCode(), stopped.output());
            assertTrue(stopped.output().contains("agent:         not running"), stopped.output());
            assertTrue(stopped.output().contains("backlog:       1234 events, "), stopped.output());
            try (Agent agent = Agent.start(config)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> agent.metric("outpost_sync_consecutive_failures") >= 3);
                // The status file is rewritten every second: poll until it has seen the failures.
                String[] last = {""};
                await().atMost(Duration.ofSeconds(20)).until(() -> {
                    JavaProcess.Result running = Agent.command(Duration.ofSeconds(30), "status", "--config", config.toString());
                    last[0] = running.output();
                    return running.exitCode() == 0 && last[0].matches("(?s).*next attempt:  (in [0-9.]+ ?m?s|now), after \\d+ consecutive failures.*");
                });
                String out = last[0];
                assertTrue(out.contains("agent:         running, pid " + agent.pid()), out);
                assertTrue(out.contains("backlog:       1234 events, "), out);
                assertTrue(out.contains("last success:  never"), out);
                assertTrue(out.contains("last error:    network: cannot connect to http://127.0.0.1:" + port), out);

                JavaProcess.Result json = Agent.command(Duration.ofSeconds(30), "status", "--config", config.toString(), "--json");
                JsonNode j = Json.mapper().readTree(json.output().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow());
                assertEquals(1234, j.path("backlogEvents").asLong());
                assertTrue(j.path("running").asBoolean());
                assertEquals(DEVICE, j.path("deviceId").asText());
                assertTrue(j.path("oldestEventMillis").asLong() > 0);
                assertTrue(j.path("agent").path("consecutiveFailures").asLong() >= 3);

                try (Receiver receiver = Receiver.start(dir.resolve("mgmt"), port)) {
                    await().atMost(Duration.ofSeconds(60)).until(() -> receiver.accepted() >= 1234);
                    await().atMost(Duration.ofSeconds(10)).until(() -> Agent.command(Duration.ofSeconds(30), "status", "--config",
                            config.toString()).output().contains("backlog:       empty"));
                }
            }
        }
    }
}
