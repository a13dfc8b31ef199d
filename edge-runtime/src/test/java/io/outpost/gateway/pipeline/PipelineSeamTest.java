package io.outpost.gateway.pipeline;

import static io.outpost.gateway.TestApis.api;
import static io.outpost.gateway.TestApis.endpoint;
import static io.outpost.gateway.TestApis.resource;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.gateway.GatewayFixture;
import io.outpost.gateway.TestApis;
import io.outpost.testing.RawHttp;
import io.outpost.testing.RecordingBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline seam, proven with test-only stages in a real gateway process (TestStagesGatewayMain
 * adds each with one line): one refuses on a header, one holds a small body and refuses on its
 * content, one answers later from another thread. Every refusal is a WSO2 fault from the local
 * replies, and a refused request never reaches the backend.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineSeamTest {
    private RecordingBackend backend;
    private RecordingBackend sandbox;
    private GatewayFixture.Running gateway;
    private int port;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        backend = new RecordingBackend("X-Padded:   value   \r\n");
        sandbox = new RecordingBackend();
        var open = TestApis.apiWithSandbox("open", "/open", endpoint(backend.url("/")), endpoint(sandbox.url("/")), true, List.of(
                resource("GET", "/get"), resource("POST", "/post"), resource("GET", "/decoded")));
        gateway = new GatewayFixture(dir, List.of(open)).start(TestStagesGatewayMain.class);
        port = gateway.httpPort();
    }

    @AfterAll
    void stop() throws Exception {
        if (gateway != null) {
            gateway.stopAndCheckLeaks();
        }
        backend.close();
        sandbox.close();
    }

    /** The raw-bytes path passes the backend's head verbatim; a route whose stage reads responses gets them decoded. */
    @Test
    void aRouteWithAResponseReadingStageGetsDecodedResponses() throws Exception {
        assertTrue(rawHead("/open/get").contains("\r\nX-Padded:   value   \r\n"), "passed on as bytes");
        String decoded = rawHead("/open/decoded");
        assertTrue(decoded.contains("\r\nX-Padded: value\r\n"), "decoded and encoded again: " + decoded);
    }

    private String rawHead(String target) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String all = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            return all.substring(0, all.indexOf("\r\n\r\n") + 2);
        }
    }

    @Test
    void aStageChoosesTheSandboxEndpointsForTheExchange() throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            http.send("GET /open/get?t=sandbox HTTP/1.1\r\nHost: gw\r\nX-Key-Type: SANDBOX\r\n\r\n");
            assertEquals(200, http.read().status());
            http.send("GET /open/get?t=production HTTP/1.1\r\nHost: gw\r\n\r\n");
            assertEquals(200, http.read().status());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> targets().contains("/get?t=production"));
        assertTrue(sandbox.complete().stream().anyMatch(r -> r.target().equals("/get?t=sandbox")));
        assertFalse(targets().contains("/get?t=sandbox"));
    }

    @Test
    void aStageRefusesOnAHeaderThroughTheLocalReplies() throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            http.send("GET /open/get?t=refused HTTP/1.1\r\nHost: gw\r\nX-Refuse-Me: 1\r\n\r\n");
            RawHttp.Response r = http.read();
            assertEquals(403, r.status());
            assertTrue(r.body().contains("\"code\":900908"), r.body());
            http.send("GET /open/get?t=let-on HTTP/1.1\r\nHost: gw\r\n\r\n");
            assertEquals(200, http.read().status(), "the connection goes on after a stage's refusal");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> targets().contains("/get?t=let-on"));
        assertFalse(targets().contains("/get?t=refused"));
    }

    @Test
    void aStageHoldsTheBodyAndDecidesOnItsContent() throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            http.send("POST /open/post?t=forbidden HTTP/1.1\r\nHost: gw\r\nContent-Length: 17\r\n\r\nthis is forbidden");
            RawHttp.Response r = http.read();
            assertEquals(400, r.status());
            assertTrue(r.body().contains("17 bytes seen"), r.body());
            http.send("POST /open/post?t=chunked HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3\r\nfin\r\n2\r\ne!\r\n0\r\n\r\n");
            assertEquals(200, http.read().status(), "a chunked body is held whole, then sent on");
            http.send("POST /open/post?t=large HTTP/1.1\r\nHost: gw\r\nContent-Length: 65\r\n\r\n" + "x".repeat(65));
            assertEquals(413, http.read().status(), "more than the stage holds");
        }
        try (RawHttp http = new RawHttp(port)) {
            http.send("POST /open/post?t=large-chunked HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "40\r\n" + "y".repeat(64) + "\r\n1\r\nz\r\n0\r\n\r\n");
            assertEquals(413, http.read().status(), "a chunked body past the hold limit");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> targets().contains("/post?t=chunked"));
        assertEquals("fine!", body("/post?t=chunked"));
        assertFalse(targets().contains("/post?t=forbidden"));
        assertFalse(targets().contains("/post?t=large"));
        assertFalse(targets().contains("/post?t=large-chunked"));
    }

    @Test
    void aPendingAnswerResumesTheExchangeWithPipelinedRequestsBehindIt() throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            // The head and half the body; while the stage's answer is pending the client sends
            // the rest of the body and two pipelined requests.
            http.send("POST /open/post?t=pending HTTP/1.1\r\nHost: gw\r\nX-Delay-Ms: 300\r\nContent-Length: 10\r\n\r\nhello");
            http.send("world");
            http.send("GET /open/get?t=behind-1 HTTP/1.1\r\nHost: gw\r\n\r\n"
                    + "GET /open/get?t=behind-2 HTTP/1.1\r\nHost: gw\r\nX-Delay-Ms: 20\r\nX-Verdict: refuse\r\n\r\n");
            assertEquals(200, http.read().status());
            assertEquals(200, http.read().status());
            assertEquals(401, http.read().status(), "a pending answer can refuse");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> targets().contains("/get?t=behind-1"));
        assertEquals("helloworld", body("/post?t=pending"));
        assertFalse(targets().contains("/get?t=behind-2"));
        assertTrue(targets().indexOf("/post?t=pending") < targets().indexOf("/get?t=behind-1"), "in order");
    }

    @Test
    void aPendingAnswerThatNeverComesIsA503NotAnOpenDoor() throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            http.send("GET /open/get?t=too-late HTTP/1.1\r\nHost: gw\r\nX-Delay-Ms: 3000\r\nX-Timeout-Ms: 100\r\n\r\n");
            assertEquals(503, http.read().status());
        }
        assertFalse(targets().contains("/get?t=too-late"));
    }

    @Test
    void pendingAnswersUnderLoad() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<int[]>> results = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                int client = c;
                results.add(clients.submit(() -> {
                    int[] counts = new int[2];
                    try (RawHttp http = new RawHttp(port)) {
                        for (int i = 0; i < 40; i++) {
                            boolean refuse = i % 4 == 3;
                            http.send("POST /open/post?t=load-" + client + "-" + i + " HTTP/1.1\r\nHost: gw\r\nX-Delay-Ms: 2\r\n"
                                    + (refuse ? "X-Verdict: refuse\r\n" : "") + "Content-Length: 4\r\n\r\nbody");
                            int status = http.read().status();
                            assertEquals(refuse ? 401 : 200, status);
                            counts[refuse ? 1 : 0]++;
                        }
                    }
                    return counts;
                }));
            }
            int served = 0;
            for (Future<int[]> f : results) {
                served += f.get()[0];
            }
            assertEquals(8 * 30, served);
            await().atMost(Duration.ofSeconds(10)).until(() -> targets().stream().filter(t -> t.startsWith("/post?t=load-")).count() == 8 * 30);
        } finally {
            clients.shutdownNow();
        }
    }

    private List<String> targets() {
        return backend.complete().stream().map(RecordingBackend.Received::target).toList();
    }

    private String body(String target) {
        return backend.complete().stream().filter(r -> r.target().equals(target)).findFirst().orElseThrow().body();
    }
}
