package io.outpost.gateway;

import static io.outpost.gateway.TestApis.api;
import static io.outpost.gateway.TestApis.endpoint;
import static io.outpost.gateway.TestApis.resource;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.outpost.journal.ExchangeRecord;
import io.outpost.journal.JournalEntry;
import io.outpost.journal.JournalReader;
import io.outpost.testing.RawHttp;
import io.outpost.testing.RecordingBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one client address: X-Forwarded-For is believed only from a trusted proxy, and the address it
 * gives is what the journal records; the backend still gets the whole chain with the peer appended.
 */
class ClientAddressTest {

    private static List<String> journaledClients(Path dir, int expected, GatewayFixture.Running gateway) throws Exception {
        gateway.process().stop();
        List<String> clients = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(dir.resolve("state/journal"))) {
            reader.seekAfter(-1);
            for (Optional<JournalEntry> e = reader.next(); e.isPresent(); e = reader.next()) {
                if (e.get().record() instanceof ExchangeRecord r) {
                    clients.add(r.clientIp());
                }
            }
        }
        assertEquals(expected, clients.size(), clients.toString());
        return clients;
    }

    private static void send(int port, String forwardedFor) throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            http.send("GET /open/get HTTP/1.1\r\nHost: gw\r\nX-Forwarded-For: " + forwardedFor + "\r\n\r\n");
            assertEquals(200, http.read().status());
        }
    }

    @Test
    void aTrustedProxysForwardedForNamesTheClient(@TempDir Path dir) throws Exception {
        try (RecordingBackend backend = new RecordingBackend()) {
            var open = api("open", "/open", endpoint(backend.url("/")), true, null, List.of(resource("GET", "/get")));
            GatewayFixture.Running gateway = new GatewayFixture(dir, List.of(open), "trustedProxies: [127.0.0.1]\n").start();
            try (gateway) {
                send(gateway.httpPort(), "198.51.100.1, 203.0.113.7");
                await().atMost(Duration.ofSeconds(10)).until(() -> backend.complete().size() == 1);
                assertEquals("198.51.100.1, 203.0.113.7, 127.0.0.1", backend.complete().get(0).field("X-Forwarded-For"));
                assertEquals(List.of("203.0.113.7"), journaledClients(dir, 1, gateway));
            }
        }
    }

    @Test
    void withoutTrustedProxiesTheFieldIsNotBelieved(@TempDir Path dir) throws Exception {
        try (RecordingBackend backend = new RecordingBackend()) {
            var open = api("open", "/open", endpoint(backend.url("/")), true, null, List.of(resource("GET", "/get")));
            GatewayFixture.Running gateway = new GatewayFixture(dir, List.of(open)).start();
            try (gateway) {
                send(gateway.httpPort(), "203.0.113.7");
                assertEquals(List.of("127.0.0.1"), journaledClients(dir, 1, gateway));
            }
        }
    }
}
