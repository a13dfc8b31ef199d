package io.outpost.gateway;

import static io.outpost.gateway.TestApis.api;
import static io.outpost.gateway.TestApis.endpoint;
import static io.outpost.gateway.TestApis.resource;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.json.Json;
import io.outpost.journal.ExchangeRecord;
import io.outpost.journal.MetricsSnapshotRecord;
import io.outpost.journal.JournalEntry;
import io.outpost.journal.JournalReader;
import io.outpost.journal.Outcome;
import io.outpost.testing.EchoBackend;
import io.outpost.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway journals one record per exchange into a real Chronicle Queue under its state
 * directory — proxied answers and its own refusals alike — and reports the counters on /health.
 */
class JournalingTest {

    @Test
    void everyExchangeIsJournaledIncludingRefusals(@TempDir Path dir) throws Exception {
        try (EchoBackend backend = new EchoBackend("journaled")) {
            var api = api("shop", "/shop/v1", endpoint(backend.url("/")), true, null, List.of(
                    resource("GET", "/items/{id}"), resource("POST", "/items")));
            var secured = api("vault", "/vault", endpoint(backend.url("/")), null, null, List.of(resource("GET", "/x")));
            GatewayFixture.Running gateway = new GatewayFixture(dir, List.of(api, secured), """
                    analytics:
                      deviceId: edge-test-1
                      clientIp: masked
                    """).start();
            try (gateway) {
                int port = gateway.httpPort();
                for (int i = 0; i < 20; i++) {
                    assertEquals(200, RawHttp.get(port, "/shop/v1/items/" + i).status());
                }
                try (RawHttp http = new RawHttp(port)) {
                    http.send("POST /shop/v1/items HTTP/1.1\r\nHost: gw\r\nUser-Agent: journal-test\r\nX-Correlation-ID: corr-1\r\n"
                            + "Content-Length: 5\r\n\r\nhello");
                    assertEquals(200, http.read().status());
                }
                assertEquals(404, RawHttp.get(port, "/nowhere").status());
                assertEquals(401, RawHttp.get(port, "/vault/x").status());

                await().atMost(Duration.ofSeconds(10)).until(() -> health(gateway).get("journal").get("appended").asLong() == 23);
                JsonNode journal = health(gateway).get("journal");
                assertEquals("edge-test-1", journal.get("deviceId").asText());
                assertEquals(0, journal.get("droppedOverflow").asLong());
                int exit = gateway.process().stop();
                assertTrue(exit == 0 || exit == 143, "gateway exit " + exit);
            }
            assertFalse(gateway.process().output().contains("LEAK:"), gateway.process().output());

            List<JournalEntry> entries = new ArrayList<>();
            try (JournalReader reader = JournalReader.open(dir.resolve("state/journal"))) {
                assertEquals("edge-test-1", reader.deviceId());
                reader.seekAfter(-1);
                for (Optional<JournalEntry> e = reader.next(); e.isPresent(); e = reader.next()) {
                    entries.add(e.get());
                }
            }
            // A clean stop journals one last metrics snapshot after the exchanges (docs/gateway.md, analytics).
            JournalEntry stopSnapshot = entries.remove(entries.size() - 1);
            assertInstanceOf(MetricsSnapshotRecord.class, stopSnapshot.record(), stopSnapshot.toString());
            assertTrue(entries.stream().allMatch(e -> e.record() instanceof ExchangeRecord), entries.toString());
            assertEquals(23, entries.size(), "one record per exchange");
            assertEquals(23, new HashSet<>(entries.stream().map(JournalEntry::id).toList()).size(), "ids are unique");
            assertTrue(entries.get(0).id().startsWith("edge-test-1:"), entries.get(0).id());

            ExchangeRecord first = (ExchangeRecord) entries.get(0).record();
            assertEquals("shop", first.apiName());
            assertEquals("/shop/v1", first.apiContext());
            assertEquals("/items/{id}", first.resource());
            assertEquals("GET", first.method());
            assertEquals(200, first.status());
            assertEquals(Outcome.COMPLETED, first.outcome());
            assertEquals("127.0.0.0", first.clientIp(), "masked to /24");
            assertTrue(first.backendLatencyMicros() >= 0 && first.gatewayLatencyMicros() >= first.backendLatencyMicros());
            assertTrue(first.responseBytes() > 0);

            ExchangeRecord post = (ExchangeRecord) entries.get(20).record();
            assertEquals("POST", post.method());
            assertEquals(5, post.requestBytes());
            assertEquals("journal-test", post.userAgent());
            assertEquals("corr-1", post.correlationId());

            ExchangeRecord notFound = (ExchangeRecord) entries.get(21).record();
            assertEquals(404, notFound.status());
            assertEquals(404, notFound.errorCode());
            assertEquals(null, notFound.apiName());
            assertEquals(-1, notFound.backendLatencyMicros());

            ExchangeRecord refused = (ExchangeRecord) entries.get(22).record();
            assertEquals(401, refused.status());
            assertEquals(900902, refused.errorCode());
            assertEquals("vault", refused.apiName());
        }
    }

    private static JsonNode health(GatewayFixture.Running gateway) throws Exception {
        RawHttp.Response r = RawHttp.get(gateway.adminPort(), "/health");
        assertEquals(200, r.status());
        JsonNode body = Json.read(r.body().getBytes(StandardCharsets.UTF_8), JsonNode.class);
        assertNotNull(body.get("journal"), r.body());
        return body;
    }
}
