package io.outpost.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.json.Json;
import io.outpost.journal.ExchangeRecord;
import io.outpost.journal.JournalEntry;
import io.outpost.journal.JournalReader;
import io.outpost.testing.EchoBackend;
import io.outpost.testing.JavaProcess;
import io.outpost.testing.TestArtifacts;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device's gateway served and is gone (stopped, or killed) before the sync agent ever ran: the
 * agent started afterwards, with no acknowledgement on disk, must deliver every journaled exchange
 * exactly once, and {@code outpost sync export} of that stopped journal must carry every one.
 *
 * <p>Issue 14 suspected the agent here: a provisioning test's agent, started after its gateway had
 * exited, "read from index -1 and delivered nothing". That gateway had been killed (a test process's
 * close is SIGKILL) right after its one answer, with {@code durability: relaxed}: the record was never
 * appended, so there was nothing to deliver. The killed-gateway cases below tell the two apart.
 */
class AgentAfterGatewayEndToEndTest {
    private static final String DEVICE = "after-gw";
    private static final int REQUESTS = 40;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;
    /** The gateway's state directory, relative to the test's folder; the journal is its journal/. */
    private String state = "state";
    private String agentState = "sync-state";
    private String durability = "relaxed";
    private String rollPeriod = "daily";
    /** Requests between pauses of 1.1 s (0: none). */
    private int pauseEvery;

    @Test
    void anAgentStartedAfterTheGatewayStoppedDeliversEveryEventOnce() throws Exception {
        serveThenEnd(false);
        assertAgentDelivers(allAnswered());
    }

    /** Strict durability: every answered request is in the journal however soon after it the kill comes. */
    @Test
    void anAgentStartedAfterTheGatewayWasKilledDeliversEveryEventOnce() throws Exception {
        durability = "strict";
        serveThenEnd(true);
        assertAgentDelivers(allAnswered());
    }

    /**
     * Relaxed durability (the default), killed at once: the last answers' records may never have been
     * appended (docs/gateway.md, "Durability"); the agent delivers exactly what the journal holds.
     */
    @Test
    void anAgentStartedAfterARelaxedGatewayWasKilledDeliversExactlyTheJournal() throws Exception {
        serveThenEnd(true);
        Set<String> journaled = journaled();
        assertTrue(!journaled.isEmpty(), "the journal holds the records appended before the kill");
        assertAgentDelivers(journaled);
    }

    /**
     * Cycles rolled while it served (secondly, with empty seconds in between) and the agent starts
     * cycles later: the tailer walks past closed cycle files to the last, which ends in nothing.
     */
    @Test
    void anAgentStartedCyclesLaterReadsAcrossEveryRolledCycle() throws Exception {
        rollPeriod = "secondly";
        pauseEvery = REQUESTS / 4; // 4 stretches, 1.1 s apart: several cycle files
        serveThenEnd(false);
        long cycles;
        try (var files = Files.list(dir.resolve(state).resolve("journal"))) {
            cycles = files.filter(f -> f.toString().endsWith(".cq4")).count();
        }
        assertTrue(cycles >= 3, "the journal rolled: " + cycles + " cycle files");
        long stopped = System.currentTimeMillis();
        await().pollDelay(Duration.ofMillis(1100)).until(() -> System.currentTimeMillis() - stopped > 1000); // a later cycle
        assertAgentDelivers(allAnswered());
    }

    /** As `outpost provision` lays a device out: a path through "..", the agent sharing the gateway's state directory. */
    @Test
    void anAgentStartedAfterTheGatewayStoppedDeliversEveryEventOnceInTheProvisionedLayout() throws Exception {
        Files.createDirectories(dir.resolve("etc/outpost"));
        state = "etc/outpost/../../var/lib/outpost";
        agentState = state;
        serveThenEnd(false);
        assertAgentDelivers(allAnswered());
    }

    @Test
    void exportOfAStoppedGatewaysJournalCarriesEveryEvent() throws Exception {
        serveThenEnd(false);
        Path usb = dir.resolve("usb");
        JavaProcess.Result export = JavaProcess.of("sync", "io.outpost.sync.SyncMain", "export", "--to", usb.toString(),
                "--config", syncConfig("http://127.0.0.1:9/").toString()).run(Duration.ofSeconds(60));
        assertEquals(0, export.exitCode(), export.output());
        Path received = dir.resolve("received");
        JavaProcess.Result imported = JavaProcess.of("sync", "io.outpost.sync.mgmt.MgmtMain", "import", "--from", usb.toString(),
                "--data", received.toString()).run(Duration.ofSeconds(60));
        assertEquals(0, imported.exitCode(), imported.output());
        List<String> ids = storedIds(received);
        assertEquals(REQUESTS, ids.size(), "exported: " + export.output() + "\nstored: " + ids);
        assertEquals(allAnswered(), new HashSet<>(ids), "exactly the journal's events, each once");
    }

    /** The gateway answers {@link #REQUESTS} requests (each journaled), then stops cleanly or is killed. */
    private void serveThenEnd(boolean kill) throws Exception {
        try (EchoBackend backend = new EchoBackend("after-gw")) {
            TestArtifacts.write(dir, "ag", List.of());
            Path yaml = dir.resolve("gateway.yaml");
            Files.writeString(yaml, """
                    listeners:
                      http: {host: 127.0.0.1, port: 0}
                    admin: {host: 127.0.0.1, port: 0}
                    artifact: ag-1.0.0.outpost
                    stateDir: %s
                    trust:
                      publisherKeys: [publisher.pub.jwk]
                    analytics:
                      deviceId: %s
                      durability: %s
                      rollPeriod: %s
                    """.formatted(state, DEVICE, durability, rollPeriod));
            try (JavaProcess gateway = JavaProcess.gateway("--config", yaml.toString()).start()) {
                Matcher ready;
                try {
                    ready = gateway.awaitLine("outpost-gateway ready http=[^:]+:(\\d+)", Duration.ofSeconds(60));
                } catch (RuntimeException e) {
                    throw new AssertionError("gateway not ready:\n" + gateway.output(), e);
                }
                URI uri = URI.create("http://127.0.0.1:" + ready.group(1) + "/nothing-here");
                for (int i = 0; i < REQUESTS; i++) {
                    if (pauseEvery > 0 && i > 0 && i % pauseEvery == 0) {
                        long from = System.currentTimeMillis();
                        await().pollDelay(Duration.ofMillis(1100)).until(() -> System.currentTimeMillis() - from >= 1100);
                    }
                    assertEquals(404, HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
                }
                if (kill) {
                    gateway.process().destroyForcibly(); // SIGKILL right after the last answer
                    gateway.process().waitFor();
                } else {
                    gateway.stop(); // SIGTERM: drains, closes the journal, exits 143 like any JVM on SIGTERM
                    gateway.awaitLine("outpost-gateway stopped", Duration.ofSeconds(5));
                }
            }
        }
    }

    /** The journal's exchange ids, checked to be one per answered request. */
    private Set<String> allAnswered() throws IOException {
        Set<String> ids = journaled();
        assertEquals(REQUESTS, ids.size(), "every answered request is in the journal");
        return ids;
    }

    private void assertAgentDelivers(Set<String> expected) throws Exception {
        int receiverPort = freePort();
        Path received = dir.resolve("received");
        try (JavaProcess receiver = SyncProcesses.startReceiver(received, receiverPort);
             JavaProcess agent = SyncProcesses.startAgent(syncConfig("http://127.0.0.1:" + receiverPort))) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    assertEquals(expected.size(), storedIds(received).size(), "agent:\n" + agent.output()));
            List<String> ids = storedIds(received);
            assertEquals(expected, new HashSet<>(ids), "exactly the journal's events, each once");
        }
    }

    private Path syncConfig(String url) throws IOException {
        return SyncProcesses.syncYaml(dir.resolve("sync.yaml"), dir.resolve(state).resolve("journal"), dir.resolve(agentState), url, "");
    }

    /** The ids of the exchange records in the journal, read from its files. */
    private Set<String> journaled() throws IOException {
        Set<String> ids = new HashSet<>();
        try (JournalReader reader = JournalReader.open(dir.resolve(state).resolve("journal"))) {
            reader.seekAfter(-1);
            for (Optional<JournalEntry> e = reader.next(); e.isPresent(); e = reader.next()) {
                if (e.get().record() instanceof ExchangeRecord) {
                    ids.add(e.get().id());
                }
            }
        }
        return ids;
    }

    private static List<String> storedIds(Path data) throws IOException {
        Path file = data.resolve("events").resolve(DEVICE + ".ndjson");
        List<String> ids = new ArrayList<>();
        if (!Files.exists(file)) {
            return ids;
        }
        String content = Files.readString(file);
        for (String line : content.substring(0, content.lastIndexOf('\n') + 1).split("\n")) {
            if (!line.isEmpty()) {
                JsonNode n = Json.mapper().readTree(line);
                if (n.path("type").asText().equals("exchange")) {
                    ids.add(n.path("id").asText());
                }
            }
        }
        return ids;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
