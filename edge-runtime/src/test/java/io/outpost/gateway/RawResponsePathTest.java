package io.outpost.gateway;

import static io.outpost.gateway.TestApis.api;
import static io.outpost.gateway.TestApis.endpoint;
import static io.outpost.gateway.TestApis.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.testing.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backend responses passed to the client as bytes (RawResponseReader) and the ones left to the
 * HTTP decoder, against a backend that answers with exact bytes: what reaches the client, and
 * whether the backend connection is reused only when it is safe.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RawResponsePathTest {
    private static final int BIG = 300_000;

    private ScriptedBackend backend;
    private ScriptedBackend isolated;
    private GatewayFixture.Running gateway;
    private int port;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        backend = new ScriptedBackend(RawResponsePathTest::script);
        isolated = new ScriptedBackend(RawResponsePathTest::script);
        var main = api("raw", "/raw", endpoint("http://127.0.0.1:" + backend.port() + "/"), true, null,
                List.of(resource("GET", "/{case}")));
        var alone = api("alone", "/alone", endpoint("http://127.0.0.1:" + isolated.port() + "/"), true, null,
                List.of(resource("GET", "/{case}")));
        gateway = new GatewayFixture(dir, List.of(main, alone)).start();
        port = gateway.httpPort();
    }

    @AfterAll
    void stop() throws Exception {
        if (gateway != null) {
            int exit = gateway.process().stop();
            String output = gateway.process().output();
            assertFalse(output.contains("LEAK:"), "ByteBuf leak reported:\n" + output);
            assertTrue(exit == 0 || exit == 143, "gateway exit " + exit + "\n" + output);
        }
        backend.close();
        isolated.close();
    }

    /** The backend's answer to each path, byte for byte. */
    private static byte[] script(String path) {
        String s = switch (path) {
            case "/plain" -> "HTTP/1.1 200 OK\r\nServer: scripted\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\n"
                    + "X-Correlation-ID: backend-own\r\nProxy-Connection: keep-alive\r\nX-Kept: yes\r\nContent-Length: 5\r\n\r\nhello";
            case "/overrun" -> "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcHTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nevil";
            case "/close" -> "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok";
            case "/head" -> "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n";
            case "/chunked" -> "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nchunk\r\n0\r\n\r\n";
            case "/hints" -> "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nlate";
            case "/nocontent" -> "HTTP/1.1 204 No Content\r\nX-Kept: yes\r\n\r\n";
            case "/big" -> null;
            default -> "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";
        };
        if (s == null) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(("HTTP/1.1 200 OK\r\nContent-Length: " + BIG + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(bigBody().getBytes(StandardCharsets.ISO_8859_1));
            return out.toByteArray();
        }
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Text that shows any byte lost, repeated or moved. */
    private static String bigBody() {
        StringBuilder sb = new StringBuilder(BIG);
        for (int i = 0; i < BIG; i++) {
            sb.append((char) ('a' + (i * 7 + i / 26) % 26));
        }
        return sb.toString();
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: gw\r\n\r\n";
    }

    @Test
    void hopByHopFieldsAreLeftOutAndTheGatewaysCorrelationIdReplacesTheBackends() throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            http.send(get("/raw/plain"));
            RawHttp.Response r = http.read();
            assertEquals(200, r.status());
            assertEquals("hello", r.body());
            assertEquals("yes", r.header("x-kept"));
            assertEquals("scripted", r.header("server"));
            for (String h : List.of("keep-alive", "proxy-connection", "connection")) {
                assertNull(r.header(h), h + " must not reach the client");
            }
            assertNotEquals("backend-own", r.header("x-correlation-id"));
            assertEquals(36, r.header("x-correlation-id").length());
        }
    }

    @Test
    void anHttp10ClientIsToldTheConnectionStaysOpenOrCloses() throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            http.send("GET /raw/plain HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            RawHttp.Response r = http.read();
            assertEquals("hello", r.body());
            assertEquals("keep-alive", r.header("connection"));
            http.send("GET /raw/plain HTTP/1.0\r\n\r\n");
            assertEquals("close", http.read().header("connection"));
            assertTrue(http.closedByPeer());
        }
    }

    @Test
    void bytesBeyondTheResponseAreNeverPassedOnAndTheConnectionIsNotReused() throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            http.send(get("/raw/overrun"));
            RawHttp.Response r = http.read();
            assertEquals("abc", r.body());
            int overrunConnection = backend.lastConnection();
            http.send(get("/raw/plain"));
            assertEquals("hello", http.read().body());
            assertNotEquals(overrunConnection, backend.lastConnection(), "the out-of-step connection went back to the pool");
        }
    }

    @Test
    void aConnectionTheBackendClosesIsNotReused() throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            http.send(get("/raw/close"));
            assertEquals("ok", http.read().body());
            int closed = backend.lastConnection();
            http.send(get("/raw/plain"));
            assertEquals("hello", http.read().body());
            assertNotEquals(closed, backend.lastConnection());
        }
    }

    @Test
    void headAndNoContentResponsesEndAtTheirHead() throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            http.send("HEAD /raw/head HTTP/1.1\r\nHost: gw\r\n\r\n");
            RawHttp.Response head = http.readHead();
            assertEquals(200, head.status());
            assertEquals("5", head.header("content-length"));
            http.send(get("/raw/nocontent"));
            RawHttp.Response none = http.read();
            assertEquals(204, none.status());
            assertEquals("yes", none.header("x-kept"));
            http.send(get("/raw/plain"));
            assertEquals("hello", http.read().body(), "the connection is still in step after bodyless responses");
        }
    }

    @Test
    void aLargeBodyStreamsThroughIntact() throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            http.send(get("/raw/big"));
            RawHttp.Response r = http.read();
            assertEquals(200, r.status());
            assertEquals(bigBody(), r.body());
            http.send(get("/raw/plain"));
            assertEquals("hello", http.read().body());
        }
    }

    @Test
    void responsesForTheDecoderAndAsBytesAlternateOnOnePooledConnection() throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            for (String path : List.of("/alone/plain", "/alone/chunked", "/alone/plain", "/alone/hints", "/alone/plain")) {
                http.send(get(path));
                RawHttp.Response r = http.read();
                assertEquals(200, r.status(), path);
                assertEquals(switch (path) {
                    case "/alone/chunked" -> "chunk";
                    case "/alone/hints" -> "late";
                    default -> "hello";
                }, r.body(), path);
            }
        }
        assertEquals(1, isolated.connections(), "one backend connection served all five, whichever way each was read");
        assertEquals(5, isolated.requests());
    }

    /** A backend that reads request heads (no bodies) and answers each with the script's bytes. */
    private static final class ScriptedBackend implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final Function<String, byte[]> script;
        private final AtomicInteger connections = new AtomicInteger();
        private final AtomicInteger requests = new AtomicInteger();
        private final List<Integer> requestConnections = new CopyOnWriteArrayList<>();
        private final Map<Integer, Socket> open = new ConcurrentHashMap<>();

        ScriptedBackend(Function<String, byte[]> script) throws IOException {
            this.script = script;
            Thread acceptor = new Thread(this::accept, "scripted-backend");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        int requests() {
            return requests.get();
        }

        int lastConnection() {
            return requestConnections.get(requestConnections.size() - 1);
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    int id = connections.incrementAndGet();
                    open.put(id, s);
                    Thread t = new Thread(() -> serve(id, s), "scripted-connection-" + id);
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(int id, Socket s) {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                String head;
                while ((head = readHead(in)) != null) {
                    String path = head.split(" ", 3)[1];
                    requests.incrementAndGet();
                    requestConnections.add(id);
                    out.write(script.apply(path));
                    out.flush();
                    if (path.equals("/close")) {
                        return;
                    }
                }
            } catch (IOException e) {
                // the gateway closed it
            } finally {
                open.remove(id);
            }
        }

        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            int b;
            while ((b = in.read()) >= 0) {
                head.write(b);
                matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : 0;
                if (matched == 4) {
                    return head.toString(StandardCharsets.ISO_8859_1);
                }
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : open.values()) {
                s.close();
            }
        }
    }
}
