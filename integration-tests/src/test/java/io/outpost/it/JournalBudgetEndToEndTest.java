package io.outpost.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.json.Json;
import io.outpost.common.model.ApiDefinition;
import io.outpost.testing.JavaProcess;
import io.outpost.testing.TestArtifacts;
import io.outpost.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal's disk budget reached while the uplink is down: the gateway keeps answering, deletes
 * the oldest unforwarded cycles, and the loss records it journals reach the receiver with exact
 * counts — received events plus reported losses equal the exchanges served.
 */
class JournalBudgetEndToEndTest {
    private static final String DEVICE = "budget-device";

    @Test
    void overBudgetTheGatewayKeepsServingAndReportsExactlyWhatItDropped(@TempDir Path dir) throws Exception {
        Path gatewayYaml = gatewayConfig(dir);
        long answered = 0;
        try (JavaProcess gateway = JavaProcess.gateway("--config", gatewayYaml.toString()).start()) {
            var ready = gateway.awaitLine("outpost-gateway ready http=[^:]+:(\\d+) admin=[^:]+:(\\d+)", Duration.ofSeconds(60));
            int port = Integer.parseInt(ready.group(1));
            int admin = Integer.parseInt(ready.group(2));
            // One-second roll cycles and a 1 MiB budget: a few seconds of traffic exceed it.
            long until = System.nanoTime() + Duration.ofSeconds(6).toNanos();
            while (System.nanoTime() < until || health(admin).path("lostToBudget").asLong() == 0) {
                try (RawHttp http = new RawHttp(port)) {
                    for (int i = 0; i < 50; i++) {
                        http.send("GET /budget/none HTTP/1.1\r\nHost: gw\r\n\r\n");
                        assertEquals(404, http.read().status(), "the gateway keeps answering over budget");
                        answered++;
                    }
                }
                assertTrue(System.nanoTime() < until + Duration.ofSeconds(60).toNanos(), "the budget was never reached");
            }
            long served = answered;
            await().atMost(Duration.ofSeconds(10)).until(() -> health(admin).path("appended").asLong() >= served);
            long lost = health(admin).path("lostToBudget").asLong();
            assertTrue(lost > 0, health(admin).toString());

            try (JavaProcess receiver = JavaProcess.of("sync", "io.outpost.sync.mgmt.MgmtMain", "serve", "--port", "0",
                    "--data", dir.resolve("received").toString()).start()) {
                String url = receiver.awaitLine("outpost-mgmt ready http=(\\S+)", Duration.ofSeconds(60)).group(1);
                Path syncYaml = Files.writeString(dir.resolve("sync.yaml"), """
                        journal: %s
                        stateDir: %s
                        management:
                          url: http://%s
                        """.formatted(dir.resolve("state/journal"), dir.resolve("state"), url));
                try (JavaProcess agent = JavaProcess.of("sync", "io.outpost.sync.SyncMain", "run", "--config",
                        syncYaml.toString(), "--admin-port", "0").start()) {
                    agent.awaitLine("outpost-sync ready", Duration.ofSeconds(60));
                    long expected = answered;
                    long[] seen = new long[2];
                    try {
                    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                        seen[0] = 0;
                        seen[1] = 0;
                        for (JsonNode event : stored(dir.resolve("received"))) {
                            if (event.path("type").asText().equals("loss")) {
                                assertEquals("budget", event.path("reason").asText(), event.toString());
                                seen[1] += event.path("count").asLong();
                            } else {
                                seen[0]++;
                            }
                        }
                        return seen[0] + seen[1] == expected;
                    });
                    } catch (org.awaitility.core.ConditionTimeoutException e) {
                        throw new AssertionError("events " + seen[0] + " + lost " + seen[1] + " != served " + expected
                                + "; gateway journal " + health(admin) + "\n" + agent.output(), e);
                    }
                    assertTrue(seen[1] > 0, "losses were reported");
                    assertEquals(lost, seen[1], "the receiver learns exactly what the gateway counted as lost");
                }
            }
        }
    }

    private static JsonNode health(int admin) throws Exception {
        RawHttp.Response r = RawHttp.get(admin, "/health");
        return Json.read(r.body().getBytes(StandardCharsets.UTF_8), JsonNode.class).get("journal");
    }

    private static List<JsonNode> stored(Path data) throws Exception {
        Path file = data.resolve("events").resolve(DEVICE + ".ndjson");
        if (!Files.exists(file)) {
            return List.of();
        }
        List<JsonNode> out = new java.util.ArrayList<>();
        // The receiver may be appending right now: only whole (newline-terminated) lines count.
        String content = Files.readString(file, StandardCharsets.UTF_8);
        for (String line : content.substring(0, content.lastIndexOf('\n') + 1).split("\n")) {
            if (!line.isEmpty()) {
                out.add(Json.mapper().readTree(line));
            }
        }
        return out;
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
                  maxJournalBytes: 1048576
                """.formatted(DEVICE));
        return yaml;
    }
}
