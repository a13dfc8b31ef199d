package io.outpost.gateway;

import static io.outpost.gateway.TestApis.api;
import static io.outpost.gateway.TestApis.endpoint;
import static io.outpost.gateway.TestApis.resource;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.journal.ExchangeRecord;
import io.outpost.journal.JournalEntry;
import io.outpost.journal.JournalReader;
import io.outpost.testing.EchoBackend;
import io.outpost.testing.RawHttp;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code analytics.durability: strict}: the last response write waits for the journal, so a request
 * whose answer reached the client is in the journal even when the gateway is killed with SIGKILL
 * under load, three times over on the same journal.
 */
class StrictDurabilityTest {
    private static final int CLIENTS = 4;

    @Test
    void noAnsweredRequestIsMissingAcrossRepeatedKill9UnderLoad(@TempDir Path dir) throws Exception {
        Set<String> answered = ConcurrentHashMap.newKeySet();
        try (EchoBackend backend = new EchoBackend("strict")) {
            var open = api("open", "/open", endpoint(backend.url("/")), true, null, List.of(resource("GET", "/get"),
                    resource("POST", "/post")));
            GatewayFixture fixture = new GatewayFixture(dir, List.of(open), """
                    analytics:
                      durability: strict
                    """);
            for (int round = 0; round < 3; round++) {
                GatewayFixture.Running gateway = fixture.start();
                int before = answered.size();
                AtomicInteger sent = new AtomicInteger();
                List<Thread> clients = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    String prefix = "r" + round + "-c" + c + "-";
                    Thread t = new Thread(() -> load(gateway.httpPort(), prefix, answered, sent));
                    t.start();
                    clients.add(t);
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> answered.size() >= before + 400);
                gateway.process().process().destroyForcibly(); // SIGKILL under load
                assertTrue(gateway.process().process().waitFor(10, TimeUnit.SECONDS));
                for (Thread t : clients) {
                    t.join(10_000);
                }
            }
        }
        Set<String> journaled = new HashSet<>();
        try (JournalReader reader = JournalReader.open(dir.resolve("state/journal"))) {
            reader.seekAfter(-1);
            for (Optional<JournalEntry> e = reader.next(); e.isPresent(); e = reader.next()) {
                if (e.get().record() instanceof ExchangeRecord r && r.correlationId() != null) {
                    journaled.add(r.correlationId());
                }
            }
        }
        Set<String> missing = new HashSet<>(answered);
        missing.removeAll(journaled);
        assertEquals(Set.of(), missing, missing.size() + " of " + answered.size() + " answered requests are not in the journal");
    }

    /** Keep-alive requests until the gateway is gone; each fully answered one is noted. */
    private static void load(int port, String prefix, Set<String> answered, AtomicInteger sent) {
        try (RawHttp http = new RawHttp(port)) {
            for (int i = 0; ; i++) {
                String id = prefix + i;
                sent.incrementAndGet();
                http.send(i % 2 == 0
                        ? "GET /open/get HTTP/1.1\r\nHost: gw\r\nX-Correlation-ID: " + id + "\r\n\r\n"
                        : "POST /open/post HTTP/1.1\r\nHost: gw\r\nX-Correlation-ID: " + id + "\r\nContent-Length: 4\r\n\r\nbody");
                RawHttp.Response r = http.read();
                String length = r.header("Content-Length");
                // Whole, not cut short by the kill: a truncated body is no answer.
                if (r.status() == 200 && length != null
                        && r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length == Integer.parseInt(length)) {
                    answered.add(id);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the gateway was killed
        }
    }
}
