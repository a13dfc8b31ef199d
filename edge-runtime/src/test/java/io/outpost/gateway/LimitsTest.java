package io.outpost.gateway;

import static io.outpost.gateway.TestApis.api;
import static io.outpost.gateway.TestApis.endpoint;
import static io.outpost.gateway.TestApis.resource;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.testing.EchoBackend;
import io.outpost.testing.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every HTTP limit answered with its own status by a real gateway process with small limits, and
 * after each the gateway still serves other clients; on the transport {@code auto} picks here, and
 * again on epoll in a subclass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LimitsTest {
    private static final int MAX_CONNECTIONS = 6;
    private EchoBackend backend;
    private GatewayFixture.Running gateway;
    private int port;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        backend = new EchoBackend("limits");
        var open = api("open", "/open", endpoint(backend.url("/")), true, null, List.of(
                resource("GET", "/get"), resource("POST", "/post")));
        gateway = new GatewayFixture(dir, List.of(open), "transport: " + transport() + "\n", """
                  maxInitialLineLength: 512
                  maxHeaderSize: 2048
                  maxHeaderCount: 20
                  maxRequestBodyBytes: 4096
                  requestHeaderTimeoutSeconds: 1
                  requestBodyTimeoutSeconds: 1
                  maxConnections: %d
                """.formatted(MAX_CONNECTIONS)).start();
        port = gateway.httpPort();
        if (!"auto".equals(transport())) {
            assertTrue(gateway.process().output().contains(" transport=" + transport()), gateway.process().output());
        }
    }

    /** The {@code transport:} setting of this run. */
    String transport() {
        return "auto";
    }

    @AfterAll
    void stop() throws Exception {
        if (gateway != null) {
            gateway.stopAndCheckLeaks();
        }
        backend.close();
    }

    private void stillServing() throws IOException {
        assertEquals(200, RawHttp.get(port, "/open/get").status(), "the gateway still serves other clients");
    }

    @Test
    void aLongRequestLineGets414() throws Exception {
        RawHttp.Response r = RawHttp.get(port, "/open/get?q=" + "a".repeat(600));
        assertEquals(414, r.status());
        stillServing();
    }

    @Test
    void anOversizedHeaderBlockGets431() throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            http.send("GET /open/get HTTP/1.1\r\nHost: gw\r\nX-Big: " + "b".repeat(3000) + "\r\n\r\n");
            assertEquals(431, http.read().status());
        }
        stillServing();
    }

    @Test
    void tooManyHeaderFieldsGet431() throws Exception {
        StringBuilder head = new StringBuilder("GET /open/get HTTP/1.1\r\nHost: gw\r\n");
        for (int i = 0; i < 30; i++) {
            head.append("X-H").append(i).append(": v\r\n");
        }
        try (RawHttp http = new RawHttp(port)) {
            http.send(head.append("\r\n").toString());
            RawHttp.Response r = http.read();
            assertEquals(431, r.status());
            assertTrue(r.body().contains("header fields"), r.body());
        }
        stillServing();
    }

    @Test
    void aDeclaredBodyOverTheLimitGets413WithoutReachingTheBackend() throws Exception {
        int before = backend.received().size();
        try (RawHttp http = new RawHttp(port)) {
            http.send("POST /open/post HTTP/1.1\r\nHost: gw\r\nContent-Length: 5000\r\n\r\n" + "z".repeat(5000));
            assertEquals(413, http.read().status());
        }
        assertEquals(before, backend.received().size());
        stillServing();
    }

    @Test
    void aStreamedBodyOverTheLimitGets413AndTheConnectionCloses() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("POST /open/post HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String chunk = "1000\r\n" + "c".repeat(4096) + "\r\n";
            out.write(chunk.getBytes(StandardCharsets.US_ASCII));
            out.write(chunk.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = readUntilClosed(socket.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        }
        stillServing();
    }

    @Test
    void aSlowlorisHeadIsCutOffWith408() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            long start = System.nanoTime();
            out.write("GET /open/get HTTP/1.1\r\nHost: gw\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // Keep trickling header bytes, as a slowloris client does, while waiting for the cut.
            InputStream in = socket.getInputStream();
            socket.setSoTimeout(300);
            StringBuilder answer = new StringBuilder();
            boolean closed = false;
            for (int i = 0; i < 30 && !closed; i++) {
                try {
                    out.write(("X-Slow-" + i + ": 1\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException e) {
                    break; // the gateway already closed
                }
                try {
                    int b;
                    while ((b = in.read()) >= 0) {
                        answer.append((char) b);
                    }
                    closed = true;
                } catch (SocketTimeoutException e) {
                    // nothing yet: trickle on
                }
            }
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(answer.toString().startsWith("HTTP/1.1 408"), "got: " + answer);
            assertTrue(tookMillis < 5_000, "cut after " + tookMillis + " ms with a 1 s head timeout");
        }
        stillServing();
    }

    @Test
    void aStalledBodyIsCutOffWith408() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("POST /open/post HTTP/1.1\r\nHost: gw\r\nContent-Length: 100\r\n\r\n0123456789"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = readUntilClosed(socket.getInputStream());
            // The backend may already have been reached; the client is answered 408 either way,
            // unless the backend answered first.
            assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
        }
        stillServing();
    }

    @Test
    void connectionsOverTheLimitAreClosedAtOnceAndOthersKeepWorking() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            // Idle keep-alive connections up to the limit, each proven admitted by a request.
            for (int i = 0; i < MAX_CONNECTIONS; i++) {
                Socket s = new Socket("127.0.0.1", port);
                s.setSoTimeout(10_000);
                s.getOutputStream().write("GET /open/get HTTP/1.1\r\nHost: gw\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                held.add(s);
                assertTrue(readHead(s.getInputStream()).startsWith("HTTP/1.1 200"));
            }
            try (Socket extra = new Socket("127.0.0.1", port)) {
                extra.setSoTimeout(10_000);
                assertEquals(-1, extra.getInputStream().read(), "the connection over the limit is closed");
            }
            held.remove(0).close();
            await().atMost(Duration.ofSeconds(10)).until(() -> RawHttp.get(port, "/open/get").status() == 200);
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void tooManyPipelinedRequestsCloseTheConnection() throws Exception {
        StringBuilder burst = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            burst.append("GET /open/get HTTP/1.1\r\nHost: gw\r\n\r\n");
        }
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(burst.toString().getBytes(StandardCharsets.US_ASCII));
            String answers = readUntilClosed(socket.getInputStream());
            int count = answers.split("HTTP/1.1 200", -1).length - 1;
            assertTrue(count < 40, "the connection was closed before answering all 40: " + count);
        }
        stillServing();
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            sb.append((char) b);
            if (sb.length() >= 4 && sb.substring(sb.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        String head = sb.toString();
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        in.readNBytes(length);
        return head;
    }

    private static String readUntilClosed(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                sb.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            }
        } catch (java.net.SocketException e) {
            // reset after the answer: what was read is the answer
        }
        return sb.toString();
    }
}
