package io.outpost.gateway;

import static io.outpost.gateway.TestApis.api;
import static io.outpost.gateway.TestApis.endpoint;
import static io.outpost.gateway.TestApis.resource;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.testing.RawHttp;
import io.outpost.testing.RecordingBackend;
import io.outpost.journal.ExchangeRecord;
import io.outpost.journal.JournalEntry;
import io.outpost.journal.JournalReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 9112 framing, input by input, against a real gateway process and a backend that records what
 * it received byte by byte: for each request the status, whether the gateway closed the connection,
 * and whether the backend saw it as a complete request (and with which body). A request the gateway
 * refuses must never reach the backend as a complete request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FramingCorpusTest {
    private static final String POST = "POST /open/post?case=%s HTTP/1.1\r\nHost: gw\r\n";
    private static final String CHUNKED = POST + "Transfer-Encoding: chunked\r\n\r\n";

    private RecordingBackend backend;
    private GatewayFixture.Running gateway;
    private Path dir;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        this.dir = dir;
        backend = new RecordingBackend();
        var open = api("open", "/open", endpoint(backend.url("/")), true, null, List.of(
                resource("GET", "/get"), resource("POST", "/post")));
        gateway = new GatewayFixture(dir, List.of(open)).start();
    }

    @AfterAll
    void stop() throws Exception {
        if (gateway != null) {
            gateway.stopAndCheckLeaks();
        }
        backend.close();
    }

    /**
     * @param request  the bytes sent, {@code %s} standing for the case's name
     * @param status   the status the client must get
     * @param closes   whether the gateway must close the connection after it
     * @param body     the body the backend must receive as a complete request, or null: never reaches it complete
     */
    record Case(String name, String request, int status, boolean closes, String body) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> corpus() {
        return Stream.of(
                // Valid bodies are forwarded whole, and the connection stays open.
                ok("content-length", POST + "Content-Length: 5\r\n\r\nhello", "hello"),
                ok("content-length-zero", POST + "Content-Length: 0\r\n\r\n", ""),
                ok("chunked", CHUNKED + "5\r\nhello\r\n0\r\n\r\n", "hello"),
                ok("chunked-two-chunks", CHUNKED + "2\r\nhe\r\n3\r\nllo\r\n0\r\n\r\n", "hello"),
                ok("chunked-upper-hex", CHUNKED + "A\r\n0123456789\r\n0\r\n\r\n", "0123456789"),
                ok("chunked-leading-zeros", CHUNKED + "005\r\nhello\r\n000\r\n\r\n", "hello"),
                ok("chunked-extension", CHUNKED + "5;name=value\r\nhello\r\n0\r\n\r\n", "hello"),
                ok("chunked-quoted-extension", CHUNKED + "5;name=\"a b\"\r\nhello\r\n0\r\n\r\n", "hello"),
                // Netty's extension check lets a name-less extension by; harmless, since the gateway
                // frames the chunks it sends anew and never passes extensions on.
                ok("chunk-extension-no-name", CHUNKED + "5;=v\r\nhello\r\n0\r\n\r\n", "hello"),
                ok("chunked-trailer", CHUNKED + "5\r\nhello\r\n0\r\nX-Trailer: t\r\n\r\n", "hello"),
                ok("transfer-encoding-case", POST + "Transfer-Encoding: Chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", "hello"),
                ok("empty-host", "POST /open/post?case=%s HTTP/1.1\r\nHost:\r\nContent-Length: 2\r\n\r\nhi", "hi"),
                ok("host-with-port", "POST /open/post?case=%s HTTP/1.1\r\nHost: gw.example:8443\r\nContent-Length: 2\r\n\r\nhi", "hi"),
                ok("host-ipv6", "POST /open/post?case=%s HTTP/1.1\r\nHost: [::1]:9090\r\nContent-Length: 2\r\n\r\nhi", "hi"),
                ok("http10-without-host", "POST /open/post?case=%s HTTP/1.0\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nhi", "hi"),
                ok("absolute-form", "POST http://elsewhere.example/open/post?case=%s HTTP/1.1\r\nHost: gw\r\nContent-Length: 2\r\n\r\nhi", "hi"),
                // Chunk grammar errors: 400, closed, and the backend never gets a complete request.
                bad("chunk-data-longer-than-size", CHUNKED + "3\r\nhello\r\n0\r\n\r\n"),
                bad("chunk-data-shorter-than-size", CHUNKED + "7\r\nhello\r\n0\r\n\r\n"),
                bad("chunk-size-overflow-hex", CHUNKED + "FFFFFFFFFFFFFFFFFF\r\nhello\r\n0\r\n\r\n"),
                bad("chunk-size-over-2^64", CHUNKED + "10000000000000000\r\nhello\r\n0\r\n\r\n"),
                bad("chunk-size-over-int", CHUNKED + "80000000\r\nhello\r\n0\r\n\r\n"),
                bad("chunk-size-negative", CHUNKED + "-1\r\nhello\r\n0\r\n\r\n"),
                bad("chunk-size-with-space", CHUNKED + "5 5\r\nhello\r\n0\r\n\r\n"),
                bad("chunk-size-leading-space", CHUNKED + " 5\r\nhello\r\n0\r\n\r\n"),
                bad("chunk-size-0x", CHUNKED + "0x5\r\nhello\r\n0\r\n\r\n"),
                bad("chunk-size-empty", CHUNKED + "\r\nhello\r\n0\r\n\r\n"),
                bad("chunk-size-not-hex", CHUNKED + "g\r\nhello\r\n0\r\n\r\n"),
                bad("chunk-extension-unterminated-quote", CHUNKED + "5;name=\"value\r\nhello\r\n0\r\n\r\n"),
                bad("chunk-extension-nul", CHUNKED + "5;na\0me=v\r\nhello\r\n0\r\n\r\n"),
                bad("chunk-extension-100k", CHUNKED + "5;" + "x".repeat(100_000) + "\r\nhello\r\n0\r\n\r\n"),
                bad("chunk-data-without-crlf", CHUNKED + "5\r\nhelloXX0\r\n\r\n"),
                bad("chunk-data-bare-lf", CHUNKED + "5\r\nhello\n0\r\n\r\n"),
                bad("second-chunk-broken", CHUNKED + "5\r\nhello\r\nZ\r\nworld\r\n0\r\n\r\n"),
                bad("trailer-without-colon", CHUNKED + "5\r\nhello\r\n0\r\nBad Trailer\r\n\r\n"),
                // Content-Length forms: only one plain decimal number.
                bad("content-length-hex", POST + "Content-Length: 0x5\r\n\r\nhello"),
                bad("content-length-two-numbers", POST + "Content-Length: 5 5\r\n\r\nhello"),
                bad("content-length-list", POST + "Content-Length: 5, 57\r\n\r\nhello"),
                bad("content-length-same-list", POST + "Content-Length: 5, 5\r\n\r\nhello"),
                bad("content-length-two-fields", POST + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!"),
                bad("content-length-plus", POST + "Content-Length: +5\r\n\r\nhello"),
                bad("content-length-negative", POST + "Content-Length: -1\r\n\r\nhello"),
                bad("content-length-empty", POST + "Content-Length:\r\n\r\nhello"),
                bad("content-length-letters", POST + "Content-Length: 5a\r\n\r\nhello"),
                bad("content-length-overflow", POST + "Content-Length: 99999999999999999999\r\n\r\nhello"),
                bad("transfer-encoding-unknown", POST + "Transfer-Encoding: gzip\r\n\r\nhello"),
                bad("transfer-encoding-chunked-not-last", POST + "Transfer-Encoding: chunked, gzip\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
                // Host rules (RFC 9112 §3.2) and request-line forms.
                bad("http11-without-host", "POST /open/post?case=%s HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi"),
                bad("two-hosts", "POST /open/post?case=%s HTTP/1.1\r\nHost: gw\r\nHost: other\r\nContent-Length: 2\r\n\r\nhi"),
                bad("host-with-space", "POST /open/post?case=%s HTTP/1.1\r\nHost: g w\r\nContent-Length: 2\r\n\r\nhi"),
                bad("host-with-userinfo", "POST /open/post?case=%s HTTP/1.1\r\nHost: user@gw\r\nContent-Length: 2\r\n\r\nhi"),
                bad("host-bad-port", "POST /open/post?case=%s HTTP/1.1\r\nHost: gw:80a\r\nContent-Length: 2\r\n\r\nhi"),
                bad("absolute-form-userinfo", "POST http://u@elsewhere/open/post?case=%s HTTP/1.1\r\nHost: gw\r\nContent-Length: 2\r\n\r\nhi"),
                bad("absolute-form-other-scheme", "POST ftp://elsewhere/open/post?case=%s HTTP/1.1\r\nHost: gw\r\nContent-Length: 2\r\n\r\nhi"),
                bad("authority-form", "CONNECT elsewhere:443 HTTP/1.1\r\nHost: elsewhere:443\r\n\r\nPOST /open/post?case=%s HTTP/1.1\r\nHost: gw\r\nContent-Length: 2\r\n\r\nhi"),
                bad("asterisk-form", "OPTIONS * HTTP/1.1\r\nHost: gw\r\n\r\nPOST /open/post?case=%s HTTP/1.1\r\nHost: gw\r\nContent-Length: 2\r\n\r\nhi"),
                bad("http2-preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\nPOST /open/post?case=%s HTTP/1.1\r\nHost: gw\r\nContent-Length: 2\r\n\r\nhi"),
                bad("http-version-2", "POST /open/post?case=%s HTTP/2.0\r\nHost: gw\r\nContent-Length: 2\r\n\r\nhi"),
                bad("unknown-protocol", "POST /open/post?case=%s FOO/1.1\r\nHost: gw\r\nContent-Length: 2\r\n\r\nhi"),
                bad("request-line-garbage", "\0\1\2 / HTTP/1.1\r\nHost: gw\r\n\r\nPOST /open/post?case=%s HTTP/1.1\r\nHost: gw\r\nContent-Length: 2\r\n\r\nhi")
        ).map(Arguments::of);
    }

    private static Case ok(String name, String request, String body) {
        return new Case(name, request, 200, false, body);
    }

    private static Case bad(String name, String request) {
        return new Case(name, request, 400, true, null);
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachInputGetsItsStatusConnectionAndBackendOutcome(Case c) throws Exception {
        String target = "/post?case=" + c.name();
        try (RawHttp http = new RawHttp(gateway.httpPort())) {
            http.send(c.request().replace("%s", c.name()));
            RawHttp.Response response = http.read();
            assertEquals(c.status(), response.status(), c.name() + ": " + response.body());
            if (c.closes()) {
                assertTrue(closedByPeer(http), c.name() + ": the connection must close after the refusal");
            } else {
                http.send("GET /open/get?case=" + c.name() + "-next HTTP/1.1\r\nHost: gw\r\n\r\n");
                assertEquals(200, http.read().status(), c.name() + ": the connection must serve the next request");
            }
        }
        if (c.body() != null) {
            await().atMost(Duration.ofSeconds(10)).until(() -> received(target) != null);
            assertEquals(c.body(), received(target).body(), c.name());
        } else {
            // Whatever part of the request went up is cut off: wait until the backend is done reading.
            await().atMost(Duration.ofSeconds(10)).until(() -> backend.reading() == 0);
            assertEquals(null, received(target), c.name() + ": a refused request reached the backend complete");
        }
    }

    @Order(2)
    @Test
    void absoluteFormTakesTheTargetsAuthorityAsTheHost() throws Exception {
        try (RawHttp http = new RawHttp(gateway.httpPort())) {
            http.send("GET http://elsewhere.example:8080/open/get?case=absolute-host HTTP/1.1\r\nHost: gw\r\n\r\n");
            assertEquals(200, http.read().status());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> received("/get?case=absolute-host") != null);
        RecordingBackend.Received r = received("/get?case=absolute-host");
        assertEquals("elsewhere.example:8080", r.field("X-Forwarded-Host"), "the target's authority, not Host");
        assertEquals(backend.url("").substring("http://".length()), r.field("Host"), "only the configured endpoint is contacted");
    }

    /** Every refusal of the corpus is one journal record with status and code 400, like any refusal. */
    @Order(3)
    @Test
    void everyRefusalIsJournaled() throws Exception {
        long refusals = corpus().map(a -> (Case) a.get()[0]).filter(c -> c.status() == 400).count();
        int exit = gateway.process().stop();
        assertTrue(exit == 0 || exit == 143, "gateway exit " + exit);
        List<ExchangeRecord> records = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(dir.resolve("state/journal"))) {
            reader.seekAfter(-1);
            for (Optional<JournalEntry> e = reader.next(); e.isPresent(); e = reader.next()) {
                if (e.get().record() instanceof ExchangeRecord r) {
                    records.add(r);
                }
            }
        }
        assertEquals(refusals, records.stream().filter(r -> r.status() == 400 && r.errorCode() == 400).count(), records.toString());
    }

    /** A reset counts as closed: the gateway closes with unread request bytes (a 100 KB extension) in its buffer. */
    private static boolean closedByPeer(RawHttp http) throws java.io.IOException {
        try {
            return http.closedByPeer();
        } catch (java.net.SocketException e) {
            return e.getMessage() != null && e.getMessage().contains("reset");
        }
    }

    private RecordingBackend.Received received(String target) {
        return backend.complete().stream().filter(r -> r.target().equals(target)).findFirst().orElse(null);
    }
}
