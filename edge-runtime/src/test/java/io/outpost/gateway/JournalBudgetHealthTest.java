package io.outpost.gateway;

import static io.outpost.gateway.TestApis.api;
import static io.outpost.gateway.TestApis.resource;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.json.Json;
import io.outpost.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk budget's counters on the gateway's own /health, with a real gateway process and real
 * Chronicle files: a daily cycle alone outgrows the smallest budget (3 MiB), journaling pauses, and
 * /health shows the pause, the budget and exactly how many exchanges were answered but not
 * journaled, so an operator sees the loss on the gateway without asking the agent.
 */
class JournalBudgetHealthTest {
    /**
     * Requests sent at once on one connection (the gateway's default maxPipelinedRequests): filling
     * the budget takes ~20,000 of them.
     */
    private static final int PIPELINED = 16;

    @Test
    void healthShowsThePauseAndWhatItDroppedExactly(@TempDir Path dir) throws Exception {
        var api = api("budget", "/budget", null, true, null, List.of(resource("GET", "/x")));
        GatewayFixture.Running gateway = new GatewayFixture(dir, List.of(api), """
                analytics:
                  deviceId: budget-health
                  rollPeriod: daily
                  maxJournalBytes: 3145728
                """).start();
        try (gateway) {
            JsonNode before = journal(gateway);
            assertEquals(3145728, before.path("maxJournalBytes").asLong(), before.toString());
            assertEquals(false, before.path("pausedOverBudget").asBoolean(true), before.toString());
            assertEquals(0, before.path("droppedOverBudget").asLong(-1), before.toString());

            long served = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            try (RawHttp http = new RawHttp(gateway.httpPort())) {
                while (!journal(gateway).path("pausedOverBudget").asBoolean()) {
                    assertTrue(System.nanoTime() < deadline, "the live cycle never outgrew the budget: " + journal(gateway));
                    served += serve(http);
                }
                served += serve(http); // answered while paused: counted, not journaled
            }
            long total = served;
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                JsonNode j = journal(gateway);
                return j.path("appended").asLong() + j.path("droppedOverBudget").asLong() == total;
            });
            JsonNode j = journal(gateway);
            assertTrue(j.path("pausedOverBudget").asBoolean(), j.toString());
            assertTrue(j.path("droppedOverBudget").asLong() >= PIPELINED, j.toString());
            assertEquals(0, j.path("droppedOverflow").asLong(), j.toString());
            assertEquals(j.path("droppedOverBudget").asLong(), j.path("lostToBudget").asLong(),
                    "one cycle, none deleted: the budget's losses are the drops: " + j);
            assertTrue(j.path("bytesOnDisk").asLong() > 3145728, j.toString());
            gateway.stopAndCheckLeaks();
        }
    }

    /** Sends {@link #PIPELINED} requests at once and reads the 404s. */
    private static int serve(RawHttp http) throws Exception {
        http.send("GET /budget/none HTTP/1.1\r\nHost: gw\r\n\r\n".repeat(PIPELINED));
        for (int i = 0; i < PIPELINED; i++) {
            assertEquals(404, http.read().status());
        }
        return PIPELINED;
    }

    private static JsonNode journal(GatewayFixture.Running gateway) throws Exception {
        RawHttp.Response r = RawHttp.get(gateway.adminPort(), "/health");
        assertEquals(200, r.status());
        return Json.read(r.body().getBytes(StandardCharsets.UTF_8), JsonNode.class).path("journal");
    }
}
