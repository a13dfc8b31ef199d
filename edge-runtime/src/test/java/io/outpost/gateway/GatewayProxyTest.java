package io.outpost.gateway;

import static io.outpost.gateway.TestApis.api;
import static io.outpost.gateway.TestApis.endpoint;
import static io.outpost.gateway.TestApis.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.json.Json;
import io.outpost.testing.DeterministicBytes;
import io.outpost.testing.EchoBackend;
import io.outpost.testing.RawHttp;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The gateway as a real subprocess (-Xmx64m, paranoid leak detection) in front of real backends,
 * on the transport {@code auto} picks here; subclasses run the same cases on the others.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayProxyTest {
    private EchoBackend primary;
    private EchoBackend override;
    private GatewayFixture.Running gateway;
    private int port;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        primary = new EchoBackend("primary");
        override = new EchoBackend("override");
        var echo = api("echo", "/echo/v1", endpoint(primary.url("/base")), true, null, List.of(
                resource("GET", "/items/{id}"),
                resource("GET", "/items/special"),
                resource("POST", "/upload"),
                resource("PUT", "/upload"),
                resource("GET", "/download/{size}"),
                resource("GET", "/override", endpoint(override.url("/b")), null, null, List.of()),
                resource("GET", "/query", endpoint(primary.url("/q?fixed=1")), null, null, List.of()),
                resource("GET", "/secure", null, false, null, List.of()),
                resource("GET", "/httpsonly", null, null, null, List.of("https"))));
        var secured = api("secured", "/secured", endpoint(primary.url("/")), null, null, List.of(resource("GET", "/thing")));
        var down = api("down", "/down", endpoint("http://127.0.0.1:1/"), true, null, List.of(resource("GET", "/x")));
        gateway = new GatewayFixture(dir, List.of(echo, secured, down), "transport: " + transport() + "\n",
                "  maxRequestBodyBytes: 268435456\n").start();
        port = gateway.httpPort();
        assertTrue(gateway.process().output().contains(" transport=" + expectedTransport()), gateway.process().output());
    }

    /** The {@code transport:} setting of this run. */
    String transport() {
        return "auto";
    }

    /** What the ready line must name for it: auto takes io_uring where this kernel allows it, else epoll. */
    String expectedTransport() {
        if (io.netty.channel.uring.IoUring.isAvailable()) {
            return "io_uring";
        }
        return io.netty.channel.epoll.Epoll.isAvailable() ? "epoll" : "nio";
    }

    @AfterAll
    void stop() throws Exception {
        if (gateway != null) {
            int exit = gateway.process().stop();
            String output = gateway.process().output();
            assertFalse(output.contains("LEAK:"), "ByteBuf leak reported:\n" + output);
            assertTrue(exit == 0 || exit == 143, "gateway exit " + exit + "\n" + output);
        }
        primary.close();
        override.close();
    }

    private static JsonNode json(RawHttp.Response response) {
        return Json.read(response.body().getBytes(StandardCharsets.UTF_8), JsonNode.class);
    }

    @Test
    void forwardsTheMatchedPathWithForwardingHeaders() throws Exception {
        RawHttp.Response r = RawHttp.get(port, "/echo/v1/items/42?x=1&y=%2F");
        assertEquals(200, r.status(), r.body());
        JsonNode echo = json(r);
        assertEquals("/base/items/42?x=1&y=%2F", echo.get("target").asText());
        assertEquals("127.0.0.1", echo.get("headers").get("x-forwarded-for").asText());
        assertEquals("http", echo.get("headers").get("x-forwarded-proto").asText());
        assertEquals("127.0.0.1", echo.get("headers").get("x-forwarded-host").asText());
        assertEquals("127.0.0.1:" + primary.port(), echo.get("headers").get("host").asText());
        String correlation = echo.get("headers").get("x-correlation-id").asText();
        assertEquals(36, correlation.length());
        assertEquals(correlation, r.header("x-correlation-id"));
    }

    @Test
    void dotSegmentsAreResolvedBeforeMatchingAndForwarding() throws Exception {
        RawHttp.Response r = RawHttp.get(port, "/echo/v1/zzz/%2e%2e/items/./7");
        assertEquals(200, r.status(), r.body());
        assertEquals("/base/items/7", json(r).get("target").asText());
    }

    @Test
    void literalPathBeatsTemplate() throws Exception {
        assertEquals("/base/items/special", json(RawHttp.get(port, "/echo/v1/items/special")).get("target").asText());
    }

    @Test
    void correlationIdIsPassedThroughWhenSafe() throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            http.send("GET /echo/v1/items/1 HTTP/1.1\r\nHost: gw\r\nX-Correlation-ID: abc-123\r\n\r\n");
            RawHttp.Response r = http.read();
            assertEquals("abc-123", json(r).get("headers").get("x-correlation-id").asText());
            assertEquals("abc-123", r.header("x-correlation-id"));
            assertEquals("gw", json(r).get("headers").get("x-forwarded-host").asText());
        }
    }

    @Test
    void hopByHopHeadersAreRemovedBothWays() throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            http.send("GET /echo/v1/items/1 HTTP/1.1\r\nHost: gw\r\nConnection: keep-alive, X-Hop\r\nX-Hop: 1\r\n"
                    + "Keep-Alive: timeout=5\r\nTE: trailers\r\nProxy-Authorization: Basic eA==\r\nUpgrade: h2c\r\n"
                    + "X-Forwarded-For: 10.1.2.3\r\nX-End-To-End: kept\r\n\r\n");
            RawHttp.Response r = http.read();
            JsonNode headers = json(r).get("headers");
            for (String h : List.of("x-hop", "keep-alive", "te", "proxy-authorization", "upgrade")) {
                assertNull(headers.get(h), h + " must not reach the backend");
            }
            assertEquals("kept", headers.get("x-end-to-end").asText());
            assertEquals("10.1.2.3, 127.0.0.1", headers.get("x-forwarded-for").asText());
            assertNull(r.header("x-backend-secret"), "a header named in the backend's Connection must not reach the client");
        }
    }

    @Test
    void resourceLevelEndpointOverridesTheApiLevelOne() throws Exception {
        JsonNode echo = json(RawHttp.get(port, "/echo/v1/override"));
        assertEquals("override", echo.get("backend").asText());
        assertEquals("/b/override", echo.get("target").asText());
    }

    @Test
    void endpointQueryComesBeforeTheClientQuery() throws Exception {
        assertEquals("/q/query?fixed=1&client=2", json(RawHttp.get(port, "/echo/v1/query?client=2")).get("target").asText());
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405WithFaultBodies() throws Exception {
        RawHttp.Response notFound = RawHttp.get(port, "/nope");
        assertEquals(404, notFound.status());
        assertEquals(404, json(notFound).get("fault").get("code").asInt());
        assertEquals(404, json(RawHttp.get(port, "/echo/v1/unknown")).get("fault").get("code").asInt());
        try (RawHttp http = new RawHttp(port)) {
            http.send("DELETE /echo/v1/items/1 HTTP/1.1\r\nHost: gw\r\n\r\n");
            RawHttp.Response r = http.read();
            assertEquals(405, r.status());
            assertEquals(405, json(r).get("fault").get("code").asInt());
            assertEquals("GET, HEAD", r.header("allow"));
            http.send("GET /echo/v1/items/1 HTTP/1.1\r\nHost: gw\r\n\r\n");
            assertEquals(200, http.read().status(), "connection stays usable after a refusal");
        }
    }

    @Test
    void securedResourcesAreRefusedNeverProxiedOpen() throws Exception {
        for (String target : List.of("/secured/thing", "/echo/v1/secure")) {
            RawHttp.Response r = RawHttp.get(port, target);
            assertEquals(401, r.status(), target);
            assertEquals(900902, json(r).get("fault").get("code").asInt());
            assertNotNull(r.header("www-authenticate"));
        }
        assertTrue(primary.received().stream().noneMatch(m -> m.get("target").toString().contains("secure")));
    }

    @Test
    void httpsOnlyResourceIsNotServedOverPlainHttp() throws Exception {
        RawHttp.Response r = RawHttp.get(port, "/echo/v1/httpsonly");
        assertEquals(403, r.status());
        assertEquals(900906, json(r).get("fault").get("code").asInt());
    }

    @Test
    void backendDownIs503With101503() throws Exception {
        RawHttp.Response r = RawHttp.get(port, "/down/x");
        assertEquals(503, r.status());
        assertEquals(101503, json(r).get("fault").get("code").asInt());
    }

    /** Encoded-path tricks: none may reach the secured resource, or any resource other than the one named. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/echo/v1/items/..%2Fsecure|400",
            "/echo/v1/items/..%2fsecure|400",
            "/echo/v1/items/%2e%2e/secure|401",
            "/echo/v1/items/%2E%2e/secure|401",
            "/echo/v1/items/%252e%252e/secure|400",
            "/echo/v1/items/%252E%252E%252Fsecure|400",
            "/echo/v1//secure|400",
            "//echo/v1/secure|400",
            "/echo/v1/secure;x=1|400",
            "/echo/v1/items/x;/../../secure|400",
            "/echo/v1/items\\..\\secure|400",
            "/echo/v1/items/%5C..%5Csecure|400",
            "/echo/v1/items/%00/../secure|400",
            "/echo/v1/items/1%00|400",
            "/echo/v1/%53ecure|404",
            "/echo/v1/SECURE|404",
            "/ECHO/v1/secure|404",
            "/echo/v1/items/../../v1/secure|401",
            "/echo/v1/items/../../../../secure|400",
            "/echo/v1/%2e%2e/echo/v1/secure|404",
    })
    void encodedPathTricksNeverReachAProtectedOrDifferentResource(String target, int status) throws Exception {
        int before = primary.received().size();
        RawHttp.Response r = RawHttp.get(port, target);
        assertEquals(status, r.status(), target + " -> " + r.body());
        assertEquals(before, primary.received().size(), "nothing may reach the backend for " + target);
    }

    @Test
    void keepAliveAndPipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            http.send("GET /echo/v1/items/1 HTTP/1.1\r\nHost: gw\r\n\r\nGET /nope HTTP/1.1\r\nHost: gw\r\n\r\n"
                    + "GET /echo/v1/items/3 HTTP/1.1\r\nHost: gw\r\n\r\n");
            assertEquals("/base/items/1", json(http.read()).get("target").asText());
            assertEquals(404, http.read().status());
            assertEquals("/base/items/3", json(http.read()).get("target").asText());
            http.send("HEAD /echo/v1/items/4 HTTP/1.1\r\nHost: gw\r\n\r\nGET /echo/v1/items/5 HTTP/1.1\r\nHost: gw\r\n\r\n");
            RawHttp.Response head = http.readHead();
            assertEquals(200, head.status());
            assertEquals("", head.body());
            assertEquals("/base/items/5", json(http.read()).get("target").asText());
        }
    }

    @Test
    void malformedAndOversizedRequestsGetClearErrors() throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            http.send("THIS IS NOT HTTP\r\n\r\n");
            assertEquals(400, http.read().status());
        }
        try (RawHttp http = new RawHttp(port)) {
            http.send("GET /echo/v1/items/" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: gw\r\n\r\n");
            assertEquals(414, http.read().status());
        }
        try (RawHttp http = new RawHttp(port)) {
            http.send("GET /echo/v1/items/1 HTTP/1.1\r\nHost: gw\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n");
            assertEquals(431, http.read().status());
        }
        assertEquals(200, RawHttp.get(port, "/echo/v1/items/1").status(), "still serving");
    }

    @Test
    void hundredMebibyteUploadStreamsThroughA64MbHeap() throws Exception {
        long size = 100L * 1024 * 1024;
        HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/echo/v1/upload").openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setFixedLengthStreamingMode(size);
        try (OutputStream out = c.getOutputStream()) {
            DeterministicBytes.write(out, size);
        }
        assertEquals(200, c.getResponseCode());
        JsonNode echo;
        try (InputStream in = c.getInputStream()) {
            echo = Json.mapper().readTree(in);
        }
        assertEquals(size, echo.get("bodyLength").asLong());
        assertEquals(DeterministicBytes.sha256(size), echo.get("bodySha256").asText());
    }

    @Test
    void chunkedUploadAndLargeChunkedDownloadStream() throws Exception {
        long size = 24L * 1024 * 1024;
        HttpURLConnection up = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/echo/v1/upload").openConnection();
        up.setRequestMethod("PUT");
        up.setDoOutput(true);
        up.setChunkedStreamingMode(16 * 1024);
        try (OutputStream out = up.getOutputStream()) {
            DeterministicBytes.write(out, size);
        }
        assertEquals(200, up.getResponseCode());
        try (InputStream in = up.getInputStream()) {
            assertEquals(DeterministicBytes.sha256(size), Json.mapper().readTree(in).get("bodySha256").asText());
        }
        long download = 64L * 1024 * 1024;
        HttpURLConnection down = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/echo/v1/download/" + download).openConnection();
        assertEquals(200, down.getResponseCode());
        try (InputStream in = down.getInputStream()) {
            assertEquals(DeterministicBytes.sha256(download), DeterministicBytes.sha256(in));
        }
    }

    @Test
    void adminHealthReportsTheArtifact() throws Exception {
        RawHttp.Response r = RawHttp.get(gateway.adminPort(), "/health");
        assertEquals(200, r.status());
        JsonNode health = json(r);
        assertEquals("UP", health.get("status").asText());
        assertEquals("test", health.get("artifact").get("name").asText());
        assertEquals(64, health.get("artifact").get("sha256").asText().length());
        assertTrue(health.get("artifact").get("trustedSigner").asBoolean());
    }
}
