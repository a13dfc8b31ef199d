package io.outpost.gateway;

import static io.outpost.gateway.TestApis.api;
import static io.outpost.gateway.TestApis.endpoint;
import static io.outpost.gateway.TestApis.resource;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.json.Json;
import io.outpost.journal.ExchangeRecord;
import io.outpost.journal.JournalEntry;
import io.outpost.journal.JournalReader;
import io.outpost.testing.EchoBackend;
import io.outpost.testing.RawHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code analytics.durability: strict} buys over relaxed, shown at the one moment that tells
 * them apart instead of hoping to hit it under load: an exchange has ended and its record waits for
 * the journal's appender, which the test holds there (OUTPOST_TEST_JOURNAL_HOLD), and the gateway
 * is killed with SIGKILL. Relaxed has already answered the request and loses its record; strict
 * has not answered it (the last bytes wait for the record), so nothing answered is missing.
 */
class DurabilityModesTest {
    private static final String REQUEST = "GET /open/get HTTP/1.1\r\nHost: gw\r\nX-Correlation-ID: %s\r\n\r\n";

    @Test
    void relaxedCanLoseAnAnsweredRequestsRecordStrictNever(@TempDir Path dir) throws Exception {
        try (EchoBackend backend = new EchoBackend("durability")) {
            // Relaxed: the answer goes out first, then the record is handed over, and the kill takes it.
            try (Held relaxed = Held.start(dir.resolve("relaxed"), backend, "relaxed")) {
                RawHttp.Response answer = relaxed.http.read();
                assertTrue(whole(answer), "relaxed answers while its record waits: " + answer);
                relaxed.killWhenHeld();
                assertFalse(journaled(relaxed.dir).contains("held"), "relaxed: the answered request's record is lost");
                assertTrue(journaled(relaxed.dir).contains("before"));
            }
            // Strict: the record is in the appender's hands first; the kill comes before the answer can.
            try (Held strict = Held.start(dir.resolve("strict"), backend, "strict")) {
                strict.killWhenHeld();
                assertFalse(answered(strict.http), "strict cannot have answered a request whose record is not journaled");
                assertFalse(journaled(strict.dir).contains("held"));
                assertTrue(journaled(strict.dir).contains("before"));
            }
        }
    }

    /** A gateway whose appender holds the record of the request "held", sent on {@link #http}. */
    private record Held(Path dir, GatewayFixture.Running gateway, RawHttp http, Path hold) implements AutoCloseable {
        static Held start(Path dir, EchoBackend backend, String durability) throws Exception {
            Files.createDirectories(dir);
            Path hold = dir.resolve("hold");
            var open = api("open", "/open", endpoint(backend.url("/")), true, null, List.of(resource("GET", "/get")));
            GatewayFixture.Running gateway = new GatewayFixture(dir, List.of(open), """
                    analytics:
                      durability: %s
                    """.formatted(durability)).env("OUTPOST_TEST_JOURNAL_HOLD", hold.toString()).start();
            try (RawHttp before = new RawHttp(gateway.httpPort())) {
                before.send(REQUEST.formatted("before"));
                assertTrue(whole(before.read()));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> appended(gateway) == 1);
            Files.createFile(hold);
            RawHttp http = new RawHttp(gateway.httpPort());
            http.send(REQUEST.formatted("held"));
            return new Held(dir, gateway, http, hold);
        }

        /** SIGKILL once the appender holds the request's record. */
        void killWhenHeld() throws InterruptedException {
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(hold.resolveSibling("hold.held")));
            gateway.process().process().destroyForcibly();
            assertTrue(gateway.process().process().waitFor(10, TimeUnit.SECONDS));
        }

        @Override
        public void close() throws IOException {
            http.close();
            gateway.close();
        }
    }

    /** A complete 200: a body cut short by the kill is no answer. */
    private static boolean whole(RawHttp.Response r) {
        String length = r.header("Content-Length");
        return r.status() == 200 && length != null
                && r.body().getBytes(StandardCharsets.UTF_8).length == Integer.parseInt(length);
    }

    private static boolean answered(RawHttp http) {
        try {
            return whole(http.read());
        } catch (IOException | RuntimeException e) {
            return false; // closed by the kill before a response
        }
    }

    private static long appended(GatewayFixture.Running gateway) throws IOException {
        RawHttp.Response r = RawHttp.get(gateway.adminPort(), "/health");
        return Json.read(r.body().getBytes(StandardCharsets.UTF_8), JsonNode.class).path("journal").path("appended").asLong();
    }

    private static Set<String> journaled(Path dir) throws IOException {
        Set<String> ids = new HashSet<>();
        try (JournalReader reader = JournalReader.open(dir.resolve("state/journal"))) {
            reader.seekAfter(-1);
            for (Optional<JournalEntry> e = reader.next(); e.isPresent(); e = reader.next()) {
                if (e.get().record() instanceof ExchangeRecord r && r.correlationId() != null) {
                    ids.add(r.correlationId());
                }
            }
        }
        return ids;
    }
}
